"""What the qualification rules need to know of learners, read in a constant number of
queries whatever the number of learners, courses and qualifications (6 queries), and the
standing of each learner in each qualification computed from it."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session

from qualify.assessment.models import Question, Quiz
from qualify.assessment.policy import GradedAttempt, QuizResult, quiz_result
from qualify.assessment.quizfile import Counts
from qualify.assessment.service import graded_attempts
from qualify.assignments.models import AssignmentSubmission, AssignmentVersion
from qualify.certificates.models import Certificate, Qualification, WorkshopCredit
from qualify.certificates.ruledata import spec_from_data
from qualify.certificates.rules import (
    AssignmentResult,
    Evidence,
    Held,
    LessonCount,
    QualificationSpec,
    Standing,
    renewal_opens,
    standing,
)
from qualify.courses.models import Course, Lesson, LessonCompletion


@dataclass(frozen=True)
class MarkedVersion:
    """A handed-in version of a practice assignment, as the rules need it."""

    handed_in_at: dt.datetime
    marked_at: dt.datetime | None
    percent: float | None


@dataclass
class Facts:
    """Everything about a set of learners that the rules look at."""

    courses: dict[str, Course] = field(default_factory=dict)
    """The courses that exist with a quiz, by slug."""
    lesson_totals: dict[int, int] = field(default_factory=dict)
    pass_marks: dict[str, int] = field(default_factory=dict)
    """Each course's quiz pass mark, by slug."""
    essays: frozenset[tuple[str, str]] = frozenset()
    """The essay questions that exist, as (course slug, question id): what an assignment
    may name."""
    lessons_done: dict[tuple[int, int], int] = field(default_factory=dict)
    attempts: dict[tuple[int, int], list[GradedAttempt]] = field(default_factory=dict)
    assignments: dict[tuple[int, str, str], list[MarkedVersion]] = field(default_factory=dict)
    """(learner, course slug, question id) -> handed-in versions, oldest first."""
    counts: dict[int, Counts] = field(default_factory=dict)
    credits: dict[tuple[int, int], list[tuple[dt.date, float]]] = field(default_factory=dict)
    certificates: dict[tuple[int, int], Certificate] = field(default_factory=dict)
    """The current (not superseded) certificate per (learner, qualification)."""


def spec_of(qualification: Qualification) -> QualificationSpec:
    return spec_from_data(
        qualification.slug,
        title=qualification.title,
        description=qualification.description,
        audience=qualification.audience,
        workshop_description=qualification.workshop_description,
        data=qualification.rules,
    )


def active_qualifications(session: Session) -> list[Qualification]:
    return list(
        session.scalars(
            sa.select(Qualification)
            .where(Qualification.archived.is_(False))
            .order_by(Qualification.slug)
        )
    )


def read_facts(session: Session, user_ids: Sequence[int]) -> Facts:
    """The facts of these learners, in 6 queries."""
    facts = Facts()
    lessons = (
        sa.select(sa.func.count(Lesson.id))
        .where(Lesson.course_id == Course.id, Lesson.archived.is_(False))
        .scalar_subquery()
    )
    for course, total, pass_mark in session.execute(
        sa.select(Course, lessons, Quiz.pass_mark)
        .join(Quiz, Quiz.course_id == Course.id)
        .where(Course.archived.is_(False))
    ):
        facts.courses[course.slug], facts.lesson_totals[course.id] = course, total
        facts.pass_marks[course.slug] = pass_mark
    _read_assignments(session, user_ids, facts)
    if not user_ids:
        return facts
    facts.lessons_done = {
        (user_id, course_id): count
        for user_id, course_id, count in session.execute(
            sa.select(LessonCompletion.user_id, Lesson.course_id, sa.func.count())
            .join(Lesson, Lesson.id == LessonCompletion.lesson_id)
            .where(LessonCompletion.user_id.in_(user_ids), Lesson.archived.is_(False))
            .group_by(LessonCompletion.user_id, Lesson.course_id)
        )
    }
    _read_attempts(session, user_ids, facts)
    for user_id, qualification_id, held_on, hours in session.execute(
        sa.select(
            WorkshopCredit.user_id,
            WorkshopCredit.qualification_id,
            WorkshopCredit.held_on,
            WorkshopCredit.hours,
        ).where(WorkshopCredit.user_id.in_(user_ids))
    ):
        facts.credits.setdefault((user_id, qualification_id), []).append((held_on, hours))
    facts.certificates = {
        (c.user_id, c.qualification_id): c
        for c in session.scalars(
            sa.select(Certificate).where(
                Certificate.user_id.in_(user_ids), Certificate.superseded_by_id.is_(None)
            )
        )
    }
    return facts


def _read_attempts(session: Session, user_ids: Sequence[int], facts: Facts) -> None:
    facts.attempts, facts.counts = graded_attempts(session, user_ids)


def _read_assignments(session: Session, user_ids: Sequence[int], facts: Facts) -> None:
    """Every essay question that exists (what an assignment may name) with the learners'
    handed-in versions of it (drafts do not count), in one query."""
    submission = sa.and_(
        AssignmentSubmission.question_id == Question.id,
        AssignmentSubmission.user_id.in_(user_ids),
    )
    version = sa.and_(
        AssignmentVersion.submission_id == AssignmentSubmission.id,
        AssignmentVersion.handed_in_at.is_not(None),
    )
    rows = session.execute(
        sa.select(
            Course.slug,
            Question.slug,
            AssignmentSubmission.user_id,
            AssignmentVersion.handed_in_at,
            AssignmentVersion.marked_at,
            AssignmentVersion.points,
            AssignmentVersion.max_points,
        )
        .select_from(Question)
        .join(Quiz, Quiz.id == Question.quiz_id)
        .join(Course, Course.id == Quiz.course_id)
        .outerjoin(AssignmentSubmission, submission)
        .outerjoin(AssignmentVersion, version)
        .where(Question.type == "essay", Question.archived.is_(False))
        .order_by(AssignmentVersion.number)
    )
    essays = set()
    versions: dict[tuple[int, str, str], list[MarkedVersion]] = defaultdict(list)
    for course, question, user_id, handed_in_at, marked_at, points, max_points in rows:
        essays.add((course, question))
        if user_id is None or handed_in_at is None:
            continue
        percent = points * 100 / max_points if marked_at and max_points else None
        versions[(user_id, course, question)].append(
            MarkedVersion(handed_in_at, marked_at, percent)
        )
    facts.essays, facts.assignments = frozenset(essays), dict(versions)


def assignment_results(
    facts: Facts, user_id: int, since: dt.datetime | None = None
) -> dict[tuple[str, str], AssignmentResult]:
    """Per assignment question: the latest marked version's score, and whether a version
    waits for marking; with `since`, only versions marked since then score."""
    results = {}
    for (learner, course, question), versions in facts.assignments.items():
        if learner != user_id:
            continue
        marked = [v for v in versions if v.marked_at and (since is None or v.marked_at >= since)]
        waiting = any(v.marked_at is None for v in versions)
        results[(course, question)] = AssignmentResult(
            marked[-1].percent if marked else None, waiting
        )
    return results


def evidence(
    facts: Facts,
    user_id: int,
    qualification_id: int,
    *,
    since: dt.datetime | None = None,
    signed_off: bool = False,
) -> Evidence:
    """One learner's evidence for one qualification; with `since`, only quiz attempts and
    workshops from then on count (a renewal), lessons read at any time."""
    results: dict[str, QuizResult] = {}
    lessons: dict[str, LessonCount] = {}
    for slug, course in facts.courses.items():
        lessons[slug] = LessonCount(
            facts.lessons_done.get((user_id, course.id), 0), facts.lesson_totals.get(course.id, 0)
        )
        attempts = [
            a
            for a in facts.attempts.get((user_id, course.id), ())
            if since is None or a.submitted_at >= since
        ]
        counts = facts.counts.get(course.id, Counts.BEST)
        if result := quiz_result(attempts, counts):
            results[slug] = result
    hours = sum(
        h
        for held_on, h in facts.credits.get((user_id, qualification_id), ())
        if since is None or held_on >= since.date()
    )
    return Evidence(
        frozenset(facts.courses),
        results,
        lessons,
        hours,
        assignment_results(facts, user_id, since),
        signed_off,
        facts.pass_marks,
        facts.essays,
    )


def held(certificate: Certificate | None) -> Held | None:
    if certificate is None:
        return None
    return Held(certificate.issued_at, certificate.expires_at, certificate.revoked_at is not None)


def standing_of(
    facts: Facts,
    user_id: int,
    qualification: Qualification,
    spec: QualificationSpec,
    now: dt.datetime,
    *,
    signed_off: bool = False,
) -> Standing:
    """Where the learner stands in the qualification now (see rules.standing)."""
    current = held(facts.certificates.get((user_id, qualification.id)))
    full = evidence(facts, user_id, qualification.id, signed_off=signed_off)
    opens = renewal_opens(spec.validity, current)
    renewal = None
    if opens is not None and now >= opens:
        renewal = evidence(facts, user_id, qualification.id, since=opens, signed_off=signed_off)
    return standing(spec, full, renewal, current, now)
