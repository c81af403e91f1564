"""Practice assignments, the learner's side: the task's question and pass mark, the
learner's work, and saving a draft or handing it in (marking: marking.py).

Each write is one transaction, guarded by the submission's `revision`: a stale tab or a
second click changes nothing and is told so, with the text kept by the page.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from qualify.assessment.models import Question, Quiz
from qualify.assignments.handing_in import (
    AssignmentTask,
    State,
    draft_problem,
    editable,
    hand_in_problem,
    state_of,
)
from qualify.assignments.models import AssignmentSubmission, AssignmentVersion
from qualify.core.messages import Message
from qualify.courses.models import Course

log = logging.getLogger(__name__)


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
    log.info(
        "user %s %s assignment %s/%s",
        user_id,
        "handed in" if hand_in else "saved",
        task.course_id,
        task.question_id,
    )
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
