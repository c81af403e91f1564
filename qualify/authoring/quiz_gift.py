"""Questions from a GIFT file (Moodle) into the draft's quiz: checked by the same plan_import
as `qualify quiz import-gift`, with the same file and line in every problem; previewed,
then added to the questions or put in their place."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from qualify.accounts.models import User
from qualify.assessment.gift import ImportPlan, plan_import
from qualify.assessment.quizfile import QUIZ_FILE
from qualify.authoring.drafts import text_hash
from qualify.authoring.quizdoc import QuizDoc, quiz_text, read_quiz
from qualify.authoring.quizzes import quiz_path
from qualify.authoring.service import Saved, save_files, working_files
from qualify.core.contentfile import Problem
from qualify.core.messages import Message
from qualify.courses.models import Course

MAX_GIFT_BYTES = 1024 * 1024


@dataclass(frozen=True)
class GiftPreview:
    """What an upload would do; `base` is the quiz it was planned on (its text_hash)."""

    plan: ImportPlan
    base: str
    questions: list[dict[str, Any]]  # the new questions as they would be written
    replaced: int  # questions that would be removed (replace all)


def decode_gift(data: bytes, name: str) -> tuple[str | None, list[Problem]]:
    """The uploaded file as text; as the command, only UTF-8 is read."""
    if len(data) > MAX_GIFT_BYTES:
        return None, [Problem(name, 1, Message("the file is larger than 1 MB"))]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        return None, [Problem(name, 1, Message("the file is not UTF-8 text (save it as UTF-8)"))]


def preview_gift(
    session: Session, course: Course, gift_text: str, language: str, replace: bool, name: str
) -> GiftPreview:
    text = working_files(session, course).get(QUIZ_FILE, "")
    doc = read_quiz(text)
    start = quiz_text(QuizDoc(doc.settings)) if replace and doc is not None else text
    plan = plan_import(
        gift_text,
        start,
        language=language,
        gift_path=name,
        quiz_path=quiz_path(course),
        course_id=course.slug,
    )
    added = read_quiz(plan.quiz_text) if plan.refusal is None else None
    questions = [q for q in (added.questions if added else []) if q.get("id") in plan.ids]
    replaced = len(doc.questions) if replace and doc is not None else 0
    return GiftPreview(plan, text_hash(text), questions, replaced)


def import_gift(
    session: Session,
    course: Course,
    user: User,
    gift_text: str,
    language: str,
    replace: bool,
    name: str,
    base: str,
    now: dt.datetime,
) -> Saved | GiftPreview:
    """Save the questions as previewed; the quiz changed since (`base`) or the file no longer
    fits: nothing is saved and the new preview is returned."""
    preview = preview_gift(session, course, gift_text, language, replace, name)
    if preview.plan.refusal is not None or preview.base != base:
        return preview
    saved = save_files(
        session, course, user, {QUIZ_FILE: preview.plan.quiz_text}, {QUIZ_FILE: base}, now
    )
    if isinstance(saved, Saved):
        return saved
    return preview_gift(session, course, gift_text, language, replace, name)
