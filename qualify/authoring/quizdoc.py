"""A draft's quiz.yaml as settings and a list of question mappings, and back. Pure.

The question editors change one question (or the settings) and write the whole file again
in the house style (`dump_yaml`); hashes of one question's mapping let an editor notice
that someone else changed that question since it was opened, while changes to other
questions pass.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from qualify.assessment.questiontypes.editing import clean, number_from
from qualify.assessment.quizfile import SETTING_ORDER, load_quiz_text
from qualify.authoring.drafts import ABSENT
from qualify.core.contentfile import Problem
from qualify.core.contentwrite import dump_yaml, plain_data

QUESTIONS = "questions"


@dataclass(frozen=True)
class QuizDoc:
    settings: dict[str, Any] = field(default_factory=dict)  # every top-level key but questions
    questions: list[Any] = field(default_factory=list)  # each question's mapping as written

    def index(self, question_id: str) -> int | None:
        for n, question in enumerate(self.questions):
            if isinstance(question, Mapping) and question.get("id") == question_id:
                return n
        return None

    def question(self, question_id: str) -> dict[str, Any] | None:
        n = self.index(question_id)
        return None if n is None else self.questions[n]

    def with_question(self, source: dict[str, Any], at: int | None) -> QuizDoc:
        """The quiz with question `at` replaced by `source` (None: added at the end)."""
        questions = list(self.questions)
        if at is None:
            questions.append(source)
        else:
            questions[at] = source
        return QuizDoc(self.settings, questions)

    def without(self, at: int) -> QuizDoc:
        return QuizDoc(self.settings, self.questions[:at] + self.questions[at + 1 :])

    def moved(self, at: int, offset: int) -> QuizDoc:
        """Question `at` moved up (-1) or down (+1); at either end it stays."""
        to = at + offset
        if not 0 <= to < len(self.questions):
            return self
        questions = list(self.questions)
        questions[at], questions[to] = questions[to], questions[at]
        return QuizDoc(self.settings, questions)

    def with_settings(self, settings: dict[str, Any]) -> QuizDoc:
        return QuizDoc(settings, list(self.questions))


def read_quiz(text: str) -> QuizDoc | None:
    """The quiz in a quiz.yaml text; an empty text is an empty quiz. None when the text is
    not YAML with a mapping on top and a list of questions (fix it as a file then)."""
    if not text.strip():
        return QuizDoc()
    try:
        data = plain_data(YAML(typ="rt", pure=True).load(text))
    except YAMLError:
        return None
    questions = data.get(QUESTIONS) if isinstance(data, dict) else None
    if not isinstance(data, dict) or not isinstance(questions or [], list):
        return None
    settings = {key: value for key, value in data.items() if key != QUESTIONS}
    return QuizDoc(settings, list(questions or []))


def quiz_text(doc: QuizDoc) -> str:
    return dump_yaml({**doc.settings, QUESTIONS: doc.questions})


def mapping_hash(value: Any) -> str:
    """What an editor sends back to say which question (or settings) it started from."""
    if value is None:
        return ABSENT
    encoded = json.dumps(value, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()


def question_yaml(source: Any) -> str:
    """One question's mapping as YAML, for reading and for diffs ("" when there is none)."""
    return "" if source is None else dump_yaml(source)


def question_lines(text: str) -> list[int]:
    """The first line (1-based) of each question in a quiz.yaml text, and the line after the
    file's end; [] when the text cannot be read."""
    try:
        data = YAML(typ="rt", pure=True).load(text)
    except YAMLError:
        return []
    questions = data.get(QUESTIONS) if isinstance(data, Mapping) else None
    if not questions:
        return []
    starts = [questions.lc.item(n)[0] + 1 for n in range(len(questions))]
    return [*starts, text.count("\n") + 2]


def blocking_problems(
    before: str, after: str, path: str, course_id: str, changed: int | None = None
) -> list[Problem]:
    """The errors that forbid saving `after` in place of `before`: every error in question
    `changed` (its position in `after`) and every error that `before` did not have. Errors
    the file had already elsewhere do not stop an edit of another question."""
    _spec, problems = load_quiz_text(after, path, course_id)
    errors = [p for p in problems if p.severity == "error"]
    if not errors:
        return []
    _old, old_problems = load_quiz_text(before, path, course_id) if before.strip() else (None, [])
    known = {p.message for p in old_problems if p.severity == "error"}
    lines = question_lines(after)
    inside = range(0)
    if changed is not None and changed + 1 < len(lines):
        inside = range(lines[changed], lines[changed + 1])
    return [p for p in errors if p.line in inside or p.message not in known]


INTEGER_SETTINGS = (
    "pass_mark",
    "max_attempts",
    "wait_minutes",
    "time_limit_minutes",
    "questions_per_page",
)
CHOICE_SETTINGS = ("shuffle_options", "review", "counts")


def settings_values(settings: Mapping[str, Any]) -> dict[str, str]:
    """The settings form's values for the settings as written ("" for a default)."""
    values = {key: _text(settings.get(key)) for key in SETTING_ORDER}
    draw = settings.get("draw")
    if isinstance(draw, Mapping):
        values["draw"] = ", ".join(f"{tag}: {count}" for tag, count in draw.items())
    return values


def settings_from_values(values: Mapping[str, str], kept: Mapping[str, Any]) -> dict[str, Any]:
    """The settings for what the form sent, in the documented order; empty inputs are the
    defaults and are left out. Keys the form does not know (`kept`) stay as they were."""
    settings = {key: value for key, value in kept.items() if key not in SETTING_ORDER}
    for key in SETTING_ORDER:
        typed = clean(values.get(key))
        if not typed:
            continue
        if key == "draw":
            settings[key] = _draw(typed)
        elif key == "shuffle_options":
            settings[key] = {"true": True, "false": False}.get(typed, typed)
        elif key in INTEGER_SETTINGS:
            settings[key] = number_from(typed)
        else:
            settings[key] = typed
    return settings


def _draw(typed: str) -> Any:
    """`10` from the whole pool, or `grundlagen: 4, recht: 3` per topic tag."""
    if ":" not in typed:
        return number_from(typed)
    per_tag: dict[str, Any] = {}
    for part in typed.split(","):
        tag, _, count = part.partition(":")
        per_tag[clean(tag)] = number_from(count)
    return per_tag


def _text(value: Any) -> str:
    if value is None or isinstance(value, Mapping):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
