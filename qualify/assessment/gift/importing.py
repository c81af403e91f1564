"""Plan adding a GIFT file's questions to a quiz.yaml text: all of them, or none. Pure.

`qualify quiz import-gift` reads the files, calls plan_import, prints the plan's problems and
writes its text; every decision in between is made here.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from qualify.assessment.gift.common import GiftError
from qualify.assessment.gift.parse import GiftQuestion, read_gift
from qualify.assessment.gift.quizyaml import append_questions, existing_ids
from qualify.assessment.questiontypes import parse_question
from qualify.assessment.quizfile import QUIZ_FILE, load_quiz_text
from qualify.core.contentfile import (
    MISSING_TRANSLATION,
    Fields,
    Problem,
    Report,
    has_errors,
    load_yaml_text,
)
from qualify.core.messages import Message


class Refusal(enum.StrEnum):
    """Why nothing may be imported."""

    QUESTIONS = "questions"  # the GIFT file cannot be read, or its questions have errors
    UNREADABLE = "unreadable"  # quiz.yaml is not a mapping with a list of questions
    QUIZ = "quiz"  # the quiz with the new questions fails for errors quiz.yaml had before


@dataclass(frozen=True)
class ImportPlan:
    """What an import would do: the new quiz.yaml text, or why there is none."""

    quiz_text: str  # quiz.yaml with the questions added; "" when refused
    ids: tuple[str, ...]  # the new questions' ids, in the file's order
    problems: tuple[Problem, ...]  # errors and warnings to show, with file and line
    untranslated: int = 0  # texts without a version in a language other than German
    refusal: Refusal | None = None


def is_missing_translation(problem: Problem) -> bool:
    """The check's warning that a text has no English (or other non-German) version."""
    return problem.code == MISSING_TRANSLATION


def plan_import(
    gift_text: str,
    quiz_text: str,
    *,
    language: str = "de",
    gift_path: str = "questions.gift",
    quiz_path: str = QUIZ_FILE,
    course_id: str = "course",
) -> ImportPlan:
    """Add the questions of `gift_text` to `quiz_text` (empty: a new quiz) if the result is a
    valid quiz. Problems name `gift_path` and `quiz_path` with their lines."""
    try:
        questions = read_gift(gift_text, language)
    except GiftError as error:
        return _refused(Refusal.QUESTIONS, [Problem(gift_path, error.line, error.message)])
    unreadable = _unreadable(quiz_text, quiz_path)
    if unreadable is not None:
        return _refused(Refusal.UNREADABLE, unreadable)
    problems = _check(questions, existing_ids(quiz_text), gift_path, quiz_path)
    shown = [p for p in problems if not is_missing_translation(p)]
    untranslated = len(problems) - len(shown)
    if has_errors(problems):
        return _refused(Refusal.QUESTIONS, shown, untranslated)
    updated = append_questions(quiz_text, [q.mapping for q in questions])
    spec, result = load_quiz_text(updated, quiz_path, course_id)
    if spec is None:
        errors = [p for p in result if p.severity == "error"]
        old_lines = quiz_text.count("\n") + 1 if quiz_text else 0
        quiz_broken = any(p.line <= old_lines for p in errors)
        refusal = Refusal.QUIZ if quiz_broken else Refusal.QUESTIONS
        return _refused(refusal, shown + errors, untranslated)
    ids = tuple(q.mapping["id"] for q in questions)
    return ImportPlan(updated, ids, tuple(shown), untranslated)


def _refused(refusal: Refusal, problems: list[Problem], untranslated: int = 0) -> ImportPlan:
    return ImportPlan("", (), tuple(problems), untranslated, refusal)


def _unreadable(quiz_text: str, quiz_path: str) -> list[Problem] | None:
    """None if quiz.yaml is YAML with a mapping on top and a list of questions (or none);
    else the YAML problems, if any."""
    report = Report(quiz_path)
    node = load_yaml_text(quiz_text, report) if quiz_text.strip() else {}
    questions = node.get("questions") if isinstance(node, dict) else None
    if report.problems or not isinstance(node, dict) or not isinstance(questions or [], list):
        return report.problems
    return None


def check_questions(questions: Iterable[GiftQuestion], path: str) -> list[Problem]:
    """Validate each question as quiz.yaml would, naming the GIFT line it came from."""
    report = Report(path)
    for question in questions:
        parse_question(Fields(question.mapping, report, where=question.line))
    return report.problems


def _check(
    questions: list[GiftQuestion], taken: set[str], gift_path: str, quiz_path: str
) -> list[Problem]:
    """Each question checked as quiz.yaml would check it, and ids already in the quiz."""
    return check_questions(questions, gift_path) + [
        Problem(
            gift_path,
            q.line,
            Message(
                "question id %(id)r already exists in %(quiz)s", id=q.mapping["id"], quiz=quiz_path
            ),
        )
        for q in questions
        if q.mapping["id"] in taken
    ]
