"""A question's history: the published versions that changed it, with a readable diff of
its YAML, and restoring the question as it was in one of them into the draft."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from qualify.accounts.models import User
from qualify.assessment.quizfile import QUIZ_FILE
from qualify.audit.actions import AuditAction
from qualify.authoring.drafts import DiffLine, line_diff
from qualify.authoring.models import CourseVersion
from qualify.authoring.quizdoc import mapping_hash, question_yaml, read_quiz
from qualify.authoring.quizzes import Outcome, change_quiz, put_question, quiz_draft
from qualify.authoring.service import course_versions, find_draft
from qualify.courses.models import Course


@dataclass(frozen=True)
class QuestionChange:
    """One change of a question: in a published version, or (version None) in the draft."""

    version: CourseVersion | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    diff: list[DiffLine]


def _question_in(text: str | None, question_id: str) -> dict[str, Any] | None:
    doc = read_quiz(text) if text is not None else None
    return doc.question(question_id) if doc else None


def _published_states(
    session: Session, course: Course, question_id: str
) -> list[tuple[CourseVersion, dict[str, Any] | None]]:
    """The question as each version left it (None: not in that version's quiz)."""
    states, text = [], None
    for version in course_versions(session, course.id):
        if QUIZ_FILE in version.files:
            text = version.files[QUIZ_FILE]
        states.append((version, _question_in(text, question_id)))
    return states


def question_history(session: Session, course: Course, question_id: str) -> list[QuestionChange]:
    """Every version that changed the question, newest first, the draft's change on top."""
    changes, current = [], None
    for version, question in _published_states(session, course, question_id):
        if mapping_hash(question) != mapping_hash(current):
            changes.append(_change(version, current, question))
            current = question
    if find_draft(session, course.id) is not None:
        doc = quiz_draft(session, course).doc
        drafted = doc.question(question_id) if doc else None
        if mapping_hash(drafted) != mapping_hash(current):
            changes.append(_change(None, current, drafted))
    return changes[::-1]


def _change(
    version: CourseVersion | None, before: dict[str, Any] | None, after: dict[str, Any] | None
) -> QuestionChange:
    diff = line_diff(question_yaml(before), question_yaml(after))
    return QuestionChange(version, before, after, diff)


def restore_question(
    session: Session,
    course: Course,
    user: User,
    question_id: str,
    number: int,
    base: str,
    now: dt.datetime,
) -> Outcome | None:
    """Put the question as version `number` had it into the draft, if the draft's question
    is still what the author saw (`base`). None when that version has no such question."""
    states = dict(
        (version.number, question)
        for version, question in _published_states(session, course, question_id)
    )
    source = states.get(number)
    if source is None:
        return None
    change = put_question(question_id, source, base)
    return change_quiz(
        session, course, user, change, now, action=AuditAction.COURSE_VERSION_RESTORED
    )
