"""The quiz in the editor: its questions and settings in the course's draft, each change
checked like the file and saved only when valid; two authors never overwrite one question
silently. History and restore per question are in quiz_history.py, GIFT in quiz_gift.py.

Every change rewrites the draft's quiz.yaml through authoring.service.save_files (one
transaction, audited). When another author saved the file in between, the change is made
again on what they saved, unless they changed the same question (or the settings).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from qualify.accounts.models import User
from qualify.assessment.questiontypes import QUESTION_TYPES
from qualify.assessment.quizfile import QUIZ_FILE, load_quiz_text
from qualify.audit.actions import AuditAction
from qualify.authoring.drafts import text_hash
from qualify.authoring.quizdoc import QuizDoc, blocking_problems, mapping_hash, quiz_text, read_quiz
from qualify.authoring.service import SAVE_ATTEMPTS, Saved, save_files, working_files
from qualify.core.contentfile import Problem
from qualify.core.messages import Message
from qualify.courses.models import Course


@dataclass(frozen=True)
class Refused:
    """Nothing was saved: the quiz would have these errors (file lines of quiz.yaml)."""

    problems: list[Problem]


@dataclass(frozen=True)
class Clash:
    """Someone changed the same question (or the settings) since the author opened it:
    theirs is what the draft holds now (None: they removed it). Nothing was saved."""

    theirs: Any


@dataclass(frozen=True)
class QuizDraft:
    """What the quiz page shows: the working quiz.yaml, read, and its problems."""

    text: str
    doc: QuizDoc | None
    problems: list[Problem]


Outcome = Saved | Refused | Clash
Change = Callable[[QuizDoc], "tuple[QuizDoc, int | None] | Refused | Clash"]


def quiz_path(course: Course) -> str:
    return f"{course.slug}/{QUIZ_FILE}"


def quiz_draft(session: Session, course: Course) -> QuizDraft:
    text = working_files(session, course).get(QUIZ_FILE, "")
    _spec, problems = load_quiz_text(text, quiz_path(course), course.slug)
    return QuizDraft(text, read_quiz(text), problems)


def _unreadable(course: Course) -> Refused:
    message = Message("quiz.yaml cannot be read as a quiz")
    return Refused([Problem(quiz_path(course), 1, message)])


def change_quiz(
    session: Session,
    course: Course,
    user: User,
    change: Change,
    now: dt.datetime,
    *,
    action: AuditAction = AuditAction.COURSE_DRAFT_SAVED,
) -> Outcome:
    """Apply `change` to the draft's quiz and save it if valid. `change` gets the quiz as it
    is now and returns the new quiz with the position of the question it changed (checked
    in full), or why not. Lost a race for the file: read it again and retry."""
    for _ in range(SAVE_ATTEMPTS):
        text = working_files(session, course).get(QUIZ_FILE, "")
        doc = read_quiz(text)
        if doc is None:
            return _unreadable(course)
        result = change(doc)
        if isinstance(result, Refused | Clash):
            return result
        new_doc, changed = result
        new_text = quiz_text(new_doc)
        problems = blocking_problems(text, new_text, quiz_path(course), course.slug, changed)
        if problems:
            return Refused(problems)
        saved = save_files(
            session,
            course,
            user,
            {QUIZ_FILE: new_text},
            {QUIZ_FILE: text_hash(text)},
            now,
            action=action,
        )
        if isinstance(saved, Saved):
            return saved
    raise RuntimeError(f"the quiz of {course.slug} kept changing while saving")


def put_question(question_id: str | None, source: dict[str, Any], base: str) -> Change:
    """Replace question `question_id` (None: add `source` as a new question), if it is
    still what the author started from (`base`, its mapping_hash)."""

    def change(doc: QuizDoc) -> tuple[QuizDoc, int | None] | Clash:
        at = doc.index(question_id) if question_id else None
        if question_id is not None and mapping_hash(doc.question(question_id)) != base:
            return Clash(doc.question(question_id))
        new_doc = doc.with_question(source, at)
        return new_doc, at if at is not None else len(new_doc.questions) - 1

    return change


def question_editor(doc: QuizDoc | None, question_id: str) -> tuple[str, dict[str, Any]] | None:
    """The type and mapping of a question in the draft, if it has one of a known type."""
    question = doc.question(question_id) if doc else None
    if question is None or question.get("type") not in QUESTION_TYPES:
        return None
    return question["type"], question


def save_question(
    session: Session,
    course: Course,
    user: User,
    question_id: str | None,
    type_name: str,
    values: Mapping[str, str],
    base: str,
    now: dt.datetime,
) -> tuple[dict[str, Any], Outcome]:
    """Save what a question's editor sent (a new question when `question_id` is None; an
    existing one keeps its id). Returns the question's mapping and what happened."""
    source = QUESTION_TYPES[type_name].source_from_editor(values)
    if question_id is not None:
        source = {"id": question_id, **{k: v for k, v in source.items() if k != "id"}}
    return source, change_quiz(session, course, user, put_question(question_id, source, base), now)


def save_settings(
    session: Session,
    course: Course,
    user: User,
    settings_for: Callable[[Mapping[str, Any]], dict[str, Any]],
    base: str,
    now: dt.datetime,
) -> Outcome:
    """Save new settings (`settings_for(current settings)`) unless someone changed the
    settings since the author opened them (`base`, their mapping_hash)."""

    def change(doc: QuizDoc) -> tuple[QuizDoc, None] | Clash:
        if mapping_hash(doc.settings) != base:
            return Clash(doc.settings)
        return doc.with_settings(settings_for(doc.settings)), None

    return change_quiz(session, course, user, change, now)


def move_question(
    session: Session, course: Course, user: User, question_id: str, offset: int, now: dt.datetime
) -> Outcome:
    def change(doc: QuizDoc) -> tuple[QuizDoc, None] | Clash:
        at = doc.index(question_id)
        if at is None:
            return Clash(None)
        return doc.moved(at, offset), None

    return change_quiz(session, course, user, change, now)


def delete_question(
    session: Session, course: Course, user: User, question_id: str, base: str, now: dt.datetime
) -> Outcome:
    """Remove a question from the draft, if it is still what the author saw (`base`)."""

    def change(doc: QuizDoc) -> tuple[QuizDoc, None] | Clash:
        at = doc.index(question_id)
        if at is None or mapping_hash(doc.questions[at]) != base:
            return Clash(doc.question(question_id))
        return doc.without(at), None

    return change_quiz(session, course, user, change, now)
