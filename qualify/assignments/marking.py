"""Trainers mark practice assignments: a cohort's work (never the drafts' text), a
handed-in version to mark, and the mark itself: one transaction with a conditional UPDATE
(two trainers cannot both mark one version), audited, then the award hook, as marking an
essay does."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from qualify.accounts.models import User
from qualify.assignments.handing_in import AssignmentTask, State, mark_problem, passes
from qualify.assignments.models import AssignmentSubmission, AssignmentVersion
from qualify.assignments.service import AssignmentError, AssignmentQuestion, version_state
from qualify.audit.actions import AuditAction
from qualify.audit.service import record
from qualify.cohorts.models import Cohort, CohortMember
from qualify.core.messages import Message

log = logging.getLogger(__name__)

# Awards what the learner has earned, in the caller's transaction (wired in by create_app:
# certificates sits above this package).
AfterMarked = Callable[[Session, int, dt.datetime], Any]


@dataclass(frozen=True)
class ParticipantWork:
    """One participant of a cohort and where their assignment stands (no draft text)."""

    user: User
    state: State
    version: AssignmentVersion | None
    """The current version (its text is shown only once handed in)."""
    last_percent: float | None
    """The latest marked version's score."""


def cohort_work(
    session: Session, cohort: Cohort, question: AssignmentQuestion
) -> list[ParticipantWork]:
    """Every participant of the cohort with the state of their assignment (3 queries)."""
    users = session.scalars(
        sa.select(User)
        .join(CohortMember, CohortMember.user_id == User.id)
        .where(CohortMember.cohort_id == cohort.id)
        .order_by(User.name, User.id)
    ).all()
    submissions = {
        s.user_id: s
        for s in session.scalars(
            sa.select(AssignmentSubmission)
            .where(
                AssignmentSubmission.question_id == question.question.id,
                AssignmentSubmission.user_id.in_([u.id for u in users]),
            )
            .options(selectinload(AssignmentSubmission.versions))
        )
    }
    rows = []
    for user in users:
        submission = submissions.get(user.id)
        current = submission.current if submission else None
        marked = [v for v in submission.versions if v.marked_at] if submission else []
        rows.append(
            ParticipantWork(
                user, version_state(current), current, marked[-1].percent if marked else None
            )
        )
    return rows


@dataclass(frozen=True)
class VersionToMark:
    version: AssignmentVersion
    learner: User
    question: AssignmentQuestion

    @property
    def earlier(self) -> list[AssignmentVersion]:
        """The learner's earlier versions, newest first (handed in ones only)."""
        versions = [
            v
            for v in self.version.submission.versions
            if v.number < self.version.number and v.handed_in_at is not None
        ]
        return list(reversed(versions))


def version_to_mark(
    session: Session, cohort: Cohort, question: AssignmentQuestion, version_id: int
) -> VersionToMark | None:
    """A handed-in version of a participant of this cohort for this question (None: no
    such version here, or a draft: trainers never see drafts)."""
    row = session.execute(
        sa.select(AssignmentVersion, User)
        .join(AssignmentSubmission, AssignmentSubmission.id == AssignmentVersion.submission_id)
        .join(User, User.id == AssignmentSubmission.user_id)
        .join(CohortMember, CohortMember.user_id == User.id)
        .where(
            AssignmentVersion.id == version_id,
            AssignmentVersion.handed_in_at.is_not(None),
            AssignmentSubmission.question_id == question.question.id,
            CohortMember.cohort_id == cohort.id,
        )
    ).first()
    return VersionToMark(row[0], row[1], question) if row else None


def mark_version(
    session: Session,
    target: VersionToMark,
    task: AssignmentTask,
    *,
    actor_id: int,
    points: int,
    comment: str,
    now: dt.datetime,
    after_marked: AfterMarked | None = None,
    ip_address: str | None = None,
) -> AssignmentVersion:
    """Mark a handed-in version (audited), then award what the learner has earned, all in
    one transaction. Raises AssignmentError('invalid') or ('marked': marked already)."""
    question, version = target.question, target.version
    passed = passes(points, question.max_points, question.pass_mark)
    problem = mark_problem(points, question.max_points, passed, comment)
    if problem is not None:
        raise AssignmentError("invalid", problem)
    claimed = session.execute(
        sa.update(AssignmentVersion)
        .where(
            AssignmentVersion.id == version.id,
            AssignmentVersion.handed_in_at.is_not(None),
            AssignmentVersion.marked_at.is_(None),
        )
        .values(
            marked_at=now,
            marked_by_id=actor_id,
            points=points,
            max_points=question.max_points,
            pass_mark=question.pass_mark,
            passed=passed,
            comment=comment.strip() or None,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        session.rollback()
        raise AssignmentError("marked", Message("This version has been marked already."))
    record(
        session,
        actor_id=actor_id,
        action=AuditAction.ASSIGNMENT_MARKED,
        subject_user_id=target.learner.id,
        subject=f"assignment {task.course_id}/{task.question_id} version {version.number}",
        details={
            "qualification": task.qualification_slug,
            "points": points,
            "max_points": question.max_points,
            "passed": passed,
        },
        ip_address=ip_address,
        now=now,
    )
    if after_marked is not None:
        after_marked(session, target.learner.id, now)
    session.commit()
    session.refresh(version)
    log.info("user %s marked assignment version %s: %s points", actor_id, version.id, points)
    return version
