"""Quiz services for trainers: see attempts, grade answers by hand, grant an extra attempt."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from qualify.accounts.models import User
from qualify.assessment.grading import summarise
from qualify.assessment.models import (
    AttemptQuestion,
    AttemptStatus,
    ExtraAttempt,
    Quiz,
    QuizAttempt,
)
from qualify.assessment.questiontypes import QUESTION_TYPES, Grade
from qualify.assessment.service import AfterPassHook, close_expired_attempts, commit_grade
from qualify.audit.actions import AuditAction
from qualify.audit.service import record
from qualify.cohorts.scope import visible

log = logging.getLogger(__name__)


class ReviewError(ValueError):
    """A trainer's marks cannot be taken as they are; the message says why."""


@dataclass(frozen=True)
class Mark:
    """A trainer's points and comment for one hand-graded answer."""

    points: float
    comment: str = ""


def attempts_for_quiz(
    session: Session,
    quiz: Quiz,
    viewer: User,
    now: dt.datetime,
    *,
    pending_only: bool = False,
    after_pass: AfterPassHook | None = None,
) -> list[QuizAttempt]:
    """The submitted and open attempts of a quiz by learners the viewer may see
    (cohorts.scope), newest first, with their learners.

    Attempts whose time ran out are graded first, so the trainer never sees them as open.
    """
    close_expired_attempts(session, now, quiz_id=quiz.id, after_pass=after_pass)
    query = (
        sa.select(QuizAttempt)
        .where(QuizAttempt.quiz_id == quiz.id, visible(QuizAttempt.user_id, viewer))
        .options(selectinload(QuizAttempt.user))
        .order_by(QuizAttempt.started_at.desc())
    )
    if pending_only:
        query = query.where(QuizAttempt.status == AttemptStatus.PENDING_REVIEW)
    return list(session.scalars(query))


def attempt_for_review(session: Session, attempt_id: int, viewer: User) -> QuizAttempt | None:
    """An attempt by a learner the viewer may see, with its questions and learner."""
    return session.scalar(
        sa.select(QuizAttempt)
        .where(QuizAttempt.id == attempt_id, visible(QuizAttempt.user_id, viewer))
        .options(selectinload(QuizAttempt.questions), selectinload(QuizAttempt.user))
    )


def hand_graded_questions(attempt: QuizAttempt) -> list[AttemptQuestion]:
    """The questions of an attempt that a trainer marks (essays)."""
    return [q for q in attempt.questions if QUESTION_TYPES[q.spec["type"]].manual]


def grade_by_hand(
    session: Session,
    attempt: QuizAttempt,
    marks: Mapping[int, Mark],
    reviewer_id: int,
    now: dt.datetime,
    after_pass: AfterPassHook | None = None,
    ip_address: str | None = None,
) -> QuizAttempt:
    """Record a trainer's marks for the hand-graded answers of a pending attempt.

    When every such answer has its mark, the attempt is totalled and graded; until then it
    stays pending and the marks given so far are kept. The audit entry joins the grading.
    """
    if attempt.user_id == reviewer_id:
        raise ReviewError("nobody marks their own attempt")
    if not attempt.is_pending:
        raise ReviewError("this attempt is not waiting for review")
    manual = {q.position: q for q in hand_graded_questions(attempt)}
    for position, mark in marks.items():
        question = manual.get(position)
        if question is None:
            raise ReviewError(f"question {position} is not graded by hand")
        if not 0 <= mark.points <= question.spec["points"]:
            raise ReviewError(f"question {position}: points must be 0 to {question.spec['points']}")
        question.points = round(mark.points, 4)
        question.reviewer_comment = mark.comment.strip() or None
        question.reviewed_by_id, question.reviewed_at = reviewer_id, now
        question.detail = {**(question.detail or {}), "pending": False}
    if all(q.reviewed_at is not None for q in manual.values()):
        _total(attempt)
    record(
        session,
        actor_id=reviewer_id,
        action=AuditAction.ESSAY_GRADED,
        subject_user_id=attempt.user_id,
        subject=f"attempt {attempt.id}",
        details={
            "points": {str(p): round(m.points, 4) for p, m in sorted(marks.items())},
            "status": str(attempt.status),
        },
        ip_address=ip_address,
        now=now,
    )
    commit_grade(session, attempt, now, after_pass)
    log.info("user %s graded attempt %s by hand: %s", reviewer_id, attempt.id, attempt.status)
    return attempt


def _total(attempt: QuizAttempt) -> None:
    grades = [Grade(q.points or 0.0, float(q.spec["points"])) for q in attempt.questions]
    result = summarise(grades, attempt.pass_mark)
    attempt.status = AttemptStatus.GRADED
    attempt.points, attempt.max_points = result.points, result.max_points
    attempt.percent, attempt.passed = result.percent, result.passed


def grant_extra_attempt(
    session: Session,
    quiz: Quiz,
    user_id: int,
    trainer_id: int,
    now: dt.datetime,
    reason: str = "",
    ip_address: str | None = None,
) -> ExtraAttempt:
    """One more attempt for this learner; it also lifts the waiting time (see policy)."""
    if user_id == trainer_id:
        raise ReviewError("nobody grants their own attempts")
    grant = ExtraAttempt(
        user_id=user_id, quiz_id=quiz.id, granted_by_id=trainer_id, granted_at=now, reason=reason
    )
    session.add(grant)
    record(
        session,
        actor_id=trainer_id,
        action=AuditAction.EXTRA_ATTEMPT_GRANTED,
        subject_user_id=user_id,
        subject=f"quiz {quiz.course.slug}",
        details={"reason": reason} if reason else None,
        ip_address=ip_address,
        now=now,
    )
    session.commit()
    log.info("user %s granted user %s an extra attempt on quiz %s", trainer_id, user_id, quiz.id)
    return grant
