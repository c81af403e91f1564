"""What the cohort's progress page and its exports read, in a constant number of queries
whatever the number of participants: each query joins the cohort's members instead of
asking per person (bench/cohort_pages.py measures it)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from qualify.accounts.models import User
from qualify.assessment.models import QuizAttempt
from qualify.assessment.service import course_results
from qualify.certificates.evidence import evidence, read_facts, spec_of
from qualify.certificates.models import Certificate, Qualification, WorkshopCredit
from qualify.certificates.rules import evaluate
from qualify.cohorts.models import Attendance, Cohort, CohortMember, CohortState, Workshop
from qualify.courses.models import Course, Enrolment, Lesson, LessonCompletion
from qualify.learners.progress_matrix import (
    MatrixRow,
    ParticipantFacts,
    RequiredCourse,
    Week,
    matrix_row,
    weekly_passes,
)


@dataclass(frozen=True)
class CohortProgress:
    courses: tuple[RequiredCourse, ...]
    hours_due: float
    rows: list[MatrixRow]
    """Every participant, by name; pages filter and sort with progress_matrix.chosen."""
    weeks: list[Week]


def cohort_progress(
    session: Session, cohort: Cohort, locale: str, today: dt.date
) -> CohortProgress:
    """The matrix of the cohort's participants and its passes per week (15 queries)."""
    qualification = session.get_one(Qualification, cohort.qualification_id)
    courses = _required_courses(session, qualification, locale)
    members = _members(session, cohort.id)
    user_ids = list(members)
    course_ids = [c.course_id for c in courses]
    lessons_done, lesson_activity = _lessons_done(session, cohort.id)
    enrolled, enrol_activity = _enrolments(session, cohort.id)
    attempt_activity = _attempt_activity(session, cohort.id)
    hours, workshop_activity = _workshop_hours(session, cohort.id, qualification.id)
    certified = _certified(session, cohort.id, qualification.id)
    results = course_results(session, user_ids, course_ids) if course_ids else {}
    met = _requirements_met(session, qualification, user_ids)
    results_of: dict[int, dict] = defaultdict(dict)
    for (user_id, course_id), result in results.items():
        results_of[user_id][course_id] = result
    running = cohort.state_on(today) is CohortState.RUNNING
    rows = []
    for user_id, (name, email, organisation, joined_at) in members.items():
        activity = [
            lesson_activity.get(user_id),
            enrol_activity.get(user_id),
            attempt_activity.get(user_id),
            workshop_activity.get(user_id),
        ]
        facts = ParticipantFacts(
            user_id=user_id,
            name=name,
            email=email,
            organisation=organisation,
            joined_at=joined_at,
            enrolled=frozenset(enrolled.get(user_id, ())),
            lessons_done=lessons_done.get(user_id, {}),
            results=results_of.get(user_id, {}),
            hours=hours.get(user_id, 0.0),
            certified=user_id in certified,
            last_activity=max((a for a in activity if a is not None), default=None),
            requirements_met=user_id in met,
        )
        rows.append(
            matrix_row(
                facts, courses, qualification.workshop_hours, today, cohort.at_risk_days, running
            )
        )
    passes = [
        result.passed_at.date()
        for result in results.values()
        if result.passed and result.passed_at is not None
    ]
    weeks = weekly_passes(passes, cohort.starts_on, min(today, cohort.ends_on))
    return CohortProgress(tuple(courses), float(qualification.workshop_hours), rows, weeks)


def _requirements_met(
    session: Session, qualification: Qualification, user_ids: list[int]
) -> set[int]:
    """Who has met every requirement by the qualification's rules (5 queries)."""
    facts = read_facts(session, user_ids)
    rules = spec_of(qualification).rules
    return {
        user_id
        for user_id in user_ids
        if evaluate(rules, evidence(facts, user_id, qualification.id)).work_done
    }


def _required_courses(
    session: Session, qualification: Qualification, locale: str
) -> list[RequiredCourse]:
    """The courses of the qualification's award rules in its order (required, electives,
    assignment; not those of a renewal); one that does not exist (yet) keeps a column with
    its id as title, so the matrix never hides a requirement."""
    rows = [r for r in qualification.requirements if r.get("role") != "renewal"]
    slugs = [r["course"] for r in rows]
    found = {c.slug: c for c in session.scalars(sa.select(Course).where(Course.slug.in_(slugs)))}
    lesson_counts = dict(
        session.execute(
            sa.select(Lesson.course_id, sa.func.count())
            .where(Lesson.course_id.in_([c.id for c in found.values()]))
            .where(Lesson.archived.is_(False))
            .group_by(Lesson.course_id)
        ).all()
    )
    courses = []
    for missing_id, requirement in enumerate(rows, start=1):
        course = found.get(requirement["course"])
        if course is None:
            courses.append(RequiredCourse(-missing_id, requirement["course"], 0, None))
        else:
            courses.append(
                RequiredCourse(
                    course.id,
                    course.title_in(locale),
                    lesson_counts.get(course.id, 0),
                    requirement.get("min_percent"),
                )
            )
    return courses


def _in_cohort(user_id: sa.orm.InstrumentedAttribute[int], cohort_id: int) -> sa.ColumnElement:
    return user_id.in_(sa.select(CohortMember.user_id).where(CohortMember.cohort_id == cohort_id))


def _members(session: Session, cohort_id: int) -> dict[int, tuple[str, str, str, dt.datetime]]:
    rows = session.execute(
        sa.select(User.id, User.name, User.email, CohortMember.organisation, CohortMember.joined_at)
        .join(CohortMember, CohortMember.user_id == User.id)
        .where(CohortMember.cohort_id == cohort_id)
    )
    return {uid: (name, email, org or "", joined) for uid, name, email, org, joined in rows}


def _lessons_done(
    session: Session, cohort_id: int
) -> tuple[dict[int, dict[int, int]], dict[int, dt.datetime]]:
    """Completed (current) lessons per participant and course, and the latest completion
    of any lesson per participant."""
    rows = session.execute(
        sa.select(
            LessonCompletion.user_id,
            Lesson.course_id,
            sa.func.count(),
            sa.func.max(LessonCompletion.completed_at),
        )
        .join(Lesson, Lesson.id == LessonCompletion.lesson_id)
        .where(_in_cohort(LessonCompletion.user_id, cohort_id), Lesson.archived.is_(False))
        .group_by(LessonCompletion.user_id, Lesson.course_id)
    )
    done: dict[int, dict[int, int]] = defaultdict(dict)
    latest: dict[int, dt.datetime] = {}
    for user_id, course_id, count, last in rows:
        done[user_id][course_id] = count
        latest[user_id] = max(latest.get(user_id, last), last)
    return done, latest


def _enrolments(
    session: Session, cohort_id: int
) -> tuple[dict[int, set[int]], dict[int, dt.datetime]]:
    enrolled: dict[int, set[int]] = defaultdict(set)
    latest: dict[int, dt.datetime] = {}
    for user_id, course_id, at in session.execute(
        sa.select(Enrolment.user_id, Enrolment.course_id, Enrolment.enrolled_at).where(
            _in_cohort(Enrolment.user_id, cohort_id)
        )
    ):
        enrolled[user_id].add(course_id)
        latest[user_id] = max(latest.get(user_id, at), at)
    return enrolled, latest


def _attempt_activity(session: Session, cohort_id: int) -> dict[int, dt.datetime]:
    """The latest start or submission of a quiz attempt per participant."""
    rows = session.execute(
        sa.select(
            QuizAttempt.user_id,
            sa.func.max(QuizAttempt.started_at),
            sa.func.max(QuizAttempt.submitted_at),
        )
        .where(_in_cohort(QuizAttempt.user_id, cohort_id))
        .group_by(QuizAttempt.user_id)
    )
    return {
        user_id: max(t for t in (started, submitted) if t is not None)
        for user_id, started, submitted in rows
    }


def _workshop_hours(
    session: Session, cohort_id: int, qualification_id: int
) -> tuple[dict[int, float], dict[int, dt.datetime]]:
    """Workshop hours credited toward the qualification (from this cohort's sessions and
    any other credit), and the day of the latest one as activity."""
    rows = session.execute(
        sa.select(
            WorkshopCredit.user_id,
            sa.func.sum(WorkshopCredit.hours),
            sa.func.max(WorkshopCredit.held_on),
        )
        .where(
            _in_cohort(WorkshopCredit.user_id, cohort_id),
            WorkshopCredit.qualification_id == qualification_id,
        )
        .group_by(WorkshopCredit.user_id)
    )
    hours, latest = {}, {}
    for user_id, total, held_on in rows:
        hours[user_id] = float(total)
        latest[user_id] = dt.datetime.combine(held_on, dt.time(), tzinfo=dt.UTC)
    return hours, latest


def _certified(session: Session, cohort_id: int, qualification_id: int) -> set[int]:
    return set(
        session.scalars(
            sa.select(Certificate.user_id).where(
                _in_cohort(Certificate.user_id, cohort_id),
                Certificate.qualification_id == qualification_id,
                Certificate.revoked_at.is_(None),
            )
        )
    )


@dataclass(frozen=True)
class CohortAttendance:
    workshops: list[Workshop]
    participants: list[tuple[int, str, str]]
    """(user id, name, e-mail address), by name."""
    hours: dict[tuple[int, int], float]
    """Hours present per (user id, workshop id); absent: no entry."""


def cohort_attendance(session: Session, cohort: Cohort) -> CohortAttendance:
    """Who was at which of the cohort's workshops, for how long (3 queries)."""
    workshops = list(
        session.scalars(
            sa.select(Workshop)
            .where(Workshop.cohort_id == cohort.id)
            .order_by(Workshop.held_on, Workshop.starts_at, Workshop.id)
        )
    )
    members = _members(session, cohort.id)
    participants = sorted(
        ((uid, name, email) for uid, (name, email, _org, _at) in members.items()),
        key=lambda p: ((p[1] or p[2]).casefold(), p[0]),
    )
    hours = {
        (user_id, workshop_id): hours
        for user_id, workshop_id, hours in session.execute(
            sa.select(Attendance.user_id, Attendance.workshop_id, Attendance.hours)
            .join(Workshop, Workshop.id == Attendance.workshop_id)
            .where(Workshop.cohort_id == cohort.id)
        )
    }
    return CohortAttendance(workshops, participants, hours)
