"""Practice assignments: a learner saves a draft and hands it in; a trainer marks it.

Each function is one transaction. Writes are guarded by the submission's `revision` (a
stale tab or a second click changes nothing and is told so) and marking by a conditional
UPDATE (two trainers cannot both mark one version). Marking runs the award hook in the
same transaction, as marking an essay does.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from qualify.accounts.models import User
from qualify.assessment.models import Question, Quiz
from qualify.assignments.handing_in import (
    AssignmentTask,
    State,
    draft_problem,
    editable,
    hand_in_problem,
    mark_problem,
    passes,
    state_of,
)
from qualify.assignments.models import AssignmentSubmission, AssignmentVersion
from qualify.audit.actions import AuditAction
from qualify.audit.service import record
from qualify.cohorts.models import Cohort, CohortMember
from qualify.core.messages import Message
from qualify.courses.models import Course

log = logging.getLogger(__name__)

# Awards what the learner has earned, in the caller's transaction (wired in by create_app:
# certificates sits above this package).
AfterMarked = Callable[[Session, int, dt.datetime], Any]


class AssignmentError(Exception):
    """Nothing was changed; `code` says why (stale, locked, invalid, unavailable, marked)
    and `message` tells the person."""

    def __init__(self, code: str, message: Message) -> None:
        super().__init__(message)
        self.code, self.message = code, message


@dataclass(frozen=True)
class AssignmentQuestion:
    """The essay question that is the assignment, and the mark needed to pass."""

    question: Question
    pass_mark: int

    @property
    def spec(self) -> dict[str, Any]:
        return self.question.spec

    @property
    def max_points(self) -> int:
        return int(self.spec["points"])

    @property
    def settings(self) -> dict[str, Any]:
        return self.spec.get("settings") or {}


@dataclass(frozen=True)
class LearnerAssignment:
    task: AssignmentTask
    question: AssignmentQuestion
    submission: AssignmentSubmission | None

    @property
    def current(self) -> AssignmentVersion | None:
        return self.submission.current if self.submission else None

    @property
    def state(self) -> State:
        return version_state(self.current)

    @property
    def editable(self) -> bool:
        return editable(self.state)

    @property
    def revision(self) -> int:
        return self.submission.revision if self.submission else 0

    @property
    def earlier(self) -> list[AssignmentVersion]:
        """Versions before the current one, newest first (each was handed in and marked)."""
        versions = self.submission.versions[:-1] if self.submission else []
        return list(reversed(versions))

    @property
    def draft_text(self) -> str:
        """What the textarea starts with: the draft, or the failed version to revise."""
        current = self.current
        return (current.text or "") if current is not None and self.editable else ""


def version_state(version: AssignmentVersion | None) -> State:
    if version is None:
        return State.NOT_STARTED
    return state_of(version.handed_in_at is not None, version.marked_at is not None, version.passed)


def assignment_question(session: Session, task: AssignmentTask) -> AssignmentQuestion | None:
    """The task's essay question in its course's quiz, or None (not imported, archived)."""
    row = session.execute(
        sa.select(Question, Quiz.pass_mark)
        .join(Quiz, Quiz.id == Question.quiz_id)
        .join(Course, Course.id == Quiz.course_id)
        .where(
            Course.slug == task.course_id,
            Course.archived.is_(False),
            Question.slug == task.question_id,
            Question.archived.is_(False),
            Question.type == "essay",
        )
    ).first()
    if row is None:
        return None
    question, quiz_pass_mark = row
    pass_mark = task.min_percent if task.min_percent is not None else quiz_pass_mark
    return AssignmentQuestion(question, pass_mark)


def learner_assignment(
    session: Session, user_id: int, task: AssignmentTask
) -> LearnerAssignment | None:
    """The learner's own work on the task (None: the question does not exist)."""
    question = assignment_question(session, task)
    if question is None:
        return None
    submission = session.scalar(
        sa.select(AssignmentSubmission)
        .where(
            AssignmentSubmission.user_id == user_id,
            AssignmentSubmission.question_id == question.question.id,
        )
        .options(selectinload(AssignmentSubmission.versions))
    )
    return LearnerAssignment(task, question, submission)


def save_text(
    session: Session,
    *,
    user_id: int,
    task: AssignmentTask,
    text: str,
    revision: int,
    hand_in: bool,
    now: dt.datetime,
) -> LearnerAssignment:
    """Save the learner's text as a draft, or hand it in (then it is read-only until
    marked). `revision` is the one the page was shown with. Raises AssignmentError."""
    work = learner_assignment(session, user_id, task)
    if work is None:
        raise AssignmentError("unavailable", Message("This assignment is not available."))
    settings = work.question.settings
    problem = (
        hand_in_problem(text, settings.get("min_words"), settings.get("max_words"))
        if hand_in
        else draft_problem(text)
    )
    if problem is not None:
        raise AssignmentError("invalid", problem)
    try:
        version = _writable_version(session, work, user_id, revision, now)
    except IntegrityError:  # two first saves at once: the other one created it
        session.rollback()
        raise _stale() from None
    version.text, version.saved_at = text, now
    if hand_in:
        version.handed_in_at = now
    session.commit()
    log.info("user %s %s assignment %s", user_id, "handed in" if hand_in else "saved", task)
    session.expire_all()
    return learner_assignment(session, user_id, task)  # type: ignore[return-value]


def _writable_version(
    session: Session, work: LearnerAssignment, user_id: int, revision: int, now: dt.datetime
) -> AssignmentVersion:
    """Claim the submission at the revision the page showed and return the version to write
    (a new one after a failed mark); raises AssignmentError when that is not allowed."""
    submission = work.submission
    if submission is None:
        if revision != 0:
            raise _stale()
        submission = AssignmentSubmission(user_id=user_id, question_id=work.question.question.id)
        version = AssignmentVersion(number=1, saved_at=now)
        submission.versions.append(version)
        session.add(submission)
        session.flush()
        return version
    if not work.editable:
        raise AssignmentError(
            "locked", Message("Your text is handed in; it can be changed after marking only.")
        )
    claimed = session.execute(
        sa.update(AssignmentSubmission)
        .where(AssignmentSubmission.id == submission.id, AssignmentSubmission.revision == revision)
        .values(revision=AssignmentSubmission.revision + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        session.rollback()
        raise _stale()
    current = work.current
    if current is not None and work.state is State.DRAFT:
        return current
    version = AssignmentVersion(number=(current.number + 1) if current else 1, saved_at=now)
    submission.versions.append(version)
    return version


def _stale() -> AssignmentError:
    return AssignmentError(
        "stale",
        Message(
            "Your text was changed in another window or tab meanwhile, so it was not saved. "
            "What you typed is below; save again to keep it."
        ),
    )


# Trainers -------------------------------------------------------------------------------


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
