"""Read what the funder report counts, for one viewer and period: seven queries, however
many cohorts and participants there are. Read-only.

Admins see every cohort; trainers the cohorts they train (as cohorts.service.cohorts_for
decides), so a trainer's report holds no number about another trainer's group.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from qualify.accounts.models import Role, User
from qualify.assessment.models import Quiz, QuizAttempt
from qualify.certificates.models import Certificate, Qualification
from qualify.cohorts.models import Attendance, Cohort, CohortMember, CohortTrainer, Workshop
from qualify.courses.models import Course, Enrolment
from qualify.reports.report import CohortFacts, ReportFacts, SessionFacts


@dataclass(frozen=True)
class Period:
    """From the first to the last day, both included (days in UTC)."""

    first: dt.date
    last: dt.date

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.first, dt.time(), tzinfo=dt.UTC)

    @property
    def end(self) -> dt.datetime:
        """The moment after the last day."""
        return dt.datetime.combine(self.last, dt.time(), tzinfo=dt.UTC) + dt.timedelta(days=1)

    @classmethod
    def year_of(cls, day: dt.date) -> Period:
        return cls(dt.date(day.year, 1, 1), dt.date(day.year, 12, 31))


def report_facts(session: Session, viewer: User, period: Period, locale: str) -> ReportFacts:
    """Everything the report counts for the cohorts the viewer may see that overlap the
    period (7 queries)."""
    in_scope = _cohorts_in_scope(viewer, period)
    cohorts = session.execute(
        sa.select(Cohort.id, Cohort.name, Cohort.place, Cohort.qualification_id).where(
            Cohort.id.in_(in_scope)
        )
    ).all()
    qualifications = {q.id: q for q in session.scalars(sa.select(Qualification))}
    members = session.execute(
        sa.select(CohortMember.cohort_id, CohortMember.user_id, User.target_group)
        .join(User, User.id == CohortMember.user_id)
        .where(CohortMember.cohort_id.in_(in_scope))
    ).all()
    people = sa.select(CohortMember.user_id).where(CohortMember.cohort_id.in_(in_scope))
    return ReportFacts(
        cohorts=[
            CohortFacts(
                id=c.id,
                name=c.name,
                place=c.place,
                qualification_id=c.qualification_id,
                qualification_title=qualifications[c.qualification_id].title_in(locale),
                courses=frozenset(
                    r["course"] for r in qualifications[c.qualification_id].requirements
                ),
            )
            for c in cohorts
        ],
        members=[(m.cohort_id, m.user_id, m.target_group) for m in members],
        enrolments=_enrolments(session, people, period),
        completions=_first_passes(session, people, period),
        certificates=_certificates(session, people, period),
        sessions=_sessions(session, in_scope, period),
    )


def _cohorts_in_scope(viewer: User, period: Period) -> sa.Select[tuple[int]]:
    query = sa.select(Cohort.id).where(
        Cohort.starts_on <= period.last, Cohort.ends_on >= period.first
    )
    if viewer.role == Role.ADMIN:
        return query
    if viewer.role != Role.TRAINER:
        return query.where(sa.false())
    return query.where(Cohort.trainers.any(CohortTrainer.user_id == viewer.id))


def _enrolments(session: Session, people: sa.Select, period: Period) -> list[tuple[int, str]]:
    rows = session.execute(
        sa.select(Enrolment.user_id, Course.slug)
        .join(Course, Course.id == Enrolment.course_id)
        .where(
            Enrolment.user_id.in_(people),
            Enrolment.enrolled_at >= period.start,
            Enrolment.enrolled_at < period.end,
        )
    )
    return [(user, course) for user, course in rows]


def _first_passes(session: Session, people: sa.Select, period: Period) -> list[tuple[int, str]]:
    """A course is completed when its quiz is passed the first time."""
    first = sa.func.min(QuizAttempt.submitted_at)
    rows = session.execute(
        sa.select(QuizAttempt.user_id, Course.slug)
        .join(Quiz, Quiz.id == QuizAttempt.quiz_id)
        .join(Course, Course.id == Quiz.course_id)
        .where(QuizAttempt.user_id.in_(people), QuizAttempt.passed.is_(True))
        .group_by(QuizAttempt.user_id, Course.slug)
        .having(sa.and_(first >= period.start, first < period.end))
    )
    return [(user, course) for user, course in rows]


def _certificates(session: Session, people: sa.Select, period: Period) -> list[tuple[int, int]]:
    rows = session.execute(
        sa.select(Certificate.user_id, Certificate.qualification_id).where(
            Certificate.user_id.in_(people),
            Certificate.revoked_at.is_(None),
            Certificate.issued_at >= period.start,
            Certificate.issued_at < period.end,
        )
    )
    return [(user, qualification) for user, qualification in rows]


def _sessions(session: Session, in_scope: sa.Select, period: Period) -> list[SessionFacts]:
    rows = session.execute(
        sa.select(Workshop, sa.func.count(Attendance.id))
        .outerjoin(Attendance, Attendance.workshop_id == Workshop.id)
        .where(
            Workshop.cohort_id.in_(in_scope),
            Workshop.held_on >= period.first,
            Workshop.held_on <= period.last,
        )
        .group_by(Workshop.id)
    )
    return [SessionFacts(w.cohort_id, w.hours, attendances) for w, attendances in rows]
