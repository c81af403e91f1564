"""Short text answers: accepted spellings with weights and feedback, or a regular expression.

The parsing and matching helpers are shared with cloze gaps, which accept typed text the same
way.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from qualify.assessment.questiontypes.base import (
    Grade,
    TextInputType,
    scaled,
)
from qualify.assessment.questiontypes.editing import (
    EditorValues,
    answer_text_from,
    clean,
    flag_from,
    flag_values,
    items,
    localised_from,
    localised_values,
    number_from,
    prefixed,
    put,
    rows,
    text_of,
)
from qualify.core.contentfile import Fields
from qualify.core.messages import Message

MAX_TEXT_CHARS = 200  # a short answer; longer input is never matched (bounds regex time)
MAX_PATTERN_CHARS = 500
TEXT_ANSWER_KEYS = frozenset({"answers", "pattern", "case_sensitive"})


def normalise(text: str, *, fold: bool = True) -> str:
    """Compatibility-normalised, whitespace collapsed and, if `fold`, case-folded text."""
    text = unicodedata.normalize("NFKC", text)
    return " ".join((text.casefold() if fold else text).split())


def answer_weight(item: Fields) -> float:
    """An answer's weight: percent of the points, 0 to 100 (0: a known mistake with feedback)."""
    if not item.has("weight"):
        return 100.0
    value = item.node["weight"]
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        item.report.error(
            item.line_at("weight"), Message("'weight' must be a number from 0 to 100")
        )
        return 0.0
    return float(value)


def parse_text_answers(fields: Fields) -> dict[str, Any]:
    """Read `answers`, `pattern` and `case_sensitive` (short_text questions, cloze gaps)."""
    case_sensitive = bool(fields.boolean("case_sensitive", default=False))
    pattern = _parse_pattern(fields)
    answers, seen = [], set()
    for item, line in fields.items("answers", required=pattern is None):
        answer = _parse_answer(item, line, fields)
        if answer is None:
            continue
        key = normalise(answer["text"], fold=not case_sensitive)
        if not key:
            fields.report.error(line, Message("an answer must not be empty"))
        elif key in seen:
            fields.report.error(
                line, Message("answer %(answer)r is given twice", answer=answer["text"])
            )
        seen.add(key)
        answers.append(answer)
    if pattern is None and not any(a["weight"] >= 100 for a in answers):
        where = fields.line_at("answers") if fields.has("answers") else fields.line
        fields.report.error(where, Message("needs an answer with weight 100 or a pattern"))
    return {"answers": answers, "pattern": pattern, "case_sensitive": case_sensitive}


def _parse_answer(item: Any, line: int, fields: Fields) -> dict[str, Any] | None:
    if isinstance(item, str | int | float) and not isinstance(item, bool):
        return {"text": str(item).strip(), "weight": 100.0, "feedback": {}}
    if not isinstance(item, dict):
        fields.report.error(line, Message("an answer is a text or a mapping with 'text'"))
        return None
    answer = Fields(item, fields.report, line_offset=fields.offset, where=line)
    answer.unknown_keys({"text", "weight", "feedback"})
    return {
        "text": answer.text("text"),
        "weight": answer_weight(answer),
        "feedback": answer.localised("feedback", required=False),
    }


def _parse_pattern(fields: Fields) -> str | None:
    pattern = fields.text("pattern", required=False)
    if not pattern:
        return None
    if len(pattern) > MAX_PATTERN_CHARS:
        fields.report.error(fields.line_at("pattern"), Message("the pattern is too long"))
        return None
    try:
        re.compile(pattern)
    except re.error as exc:
        fields.report.error(
            fields.line_at("pattern"), Message("invalid pattern: %(detail)s", detail=str(exc))
        )
        return None
    return pattern


def match_text(
    answers: Sequence[Mapping[str, Any]], pattern: str | None, case_sensitive: bool, response: Any
) -> tuple[float, Mapping[str, str]]:
    """The best weight (percent) any accepted answer gives the response, and its feedback.

    A matching pattern earns 100 without feedback; it sees the text normalised but not
    case-folded, so the IGNORECASE flag rather than folding decides about case.
    """
    if not isinstance(response, str) or len(response) > MAX_TEXT_CHARS:
        return 0.0, {}
    given = normalise(response, fold=not case_sensitive)
    if not given:
        return 0.0, {}
    best: Mapping[str, Any] | None = None
    for answer in answers:
        if normalise(answer["text"], fold=not case_sensitive) != given:
            continue
        if best is None or answer["weight"] > best["weight"]:
            best = answer
    if best is not None and best["weight"] >= 100:
        return 100.0, best.get("feedback") or {}
    if pattern and _matches(pattern, case_sensitive, response):
        return 100.0, {}
    if best is None:
        return 0.0, {}
    return float(best["weight"]), best.get("feedback") or {}


def _matches(pattern: str, case_sensitive: bool, response: str) -> bool:
    flags = 0 if case_sensitive else re.IGNORECASE
    try:
        return re.fullmatch(pattern, normalise(response, fold=False), flags) is not None
    except re.error:
        return False


def text_answers_editor_values(source: Mapping[str, Any]) -> dict[str, str]:
    """`answers`, `pattern` and `case_sensitive` as editor inputs (short_text, cloze gaps)."""
    values = {
        "pattern": text_of(source.get("pattern")),
        **flag_values("case_sensitive", source.get("case_sensitive")),
    }
    for n, answer in enumerate(items(source.get("answers"))):
        if isinstance(answer, Mapping):
            row = {
                "text": text_of(answer.get("text")),
                "weight": text_of(answer.get("weight")),
                **localised_values("feedback", answer.get("feedback")),
            }
        else:
            row = {"text": text_of(answer)}
        values.update(prefixed(f"answers-{n}", row))
    return values


def text_answers_from_editor(values: EditorValues) -> dict[str, Any]:
    """An answer with only its text is written as that text, as authors write it."""
    answers: list[Any] = []
    for row in rows(values, "answers"):
        weight, feedback = number_from(row.get("weight")), localised_from(row, "feedback")
        if weight is None and not feedback:
            answers.append(answer_text_from(row.get("text")) or "")
            continue
        answer: dict[str, Any] = {}
        put(answer, "text", answer_text_from(row.get("text")))
        put(answer, "weight", weight)
        put(answer, "feedback", feedback)
        answers.append(answer)
    settings: dict[str, Any] = {}
    put(settings, "answers", answers)
    put(settings, "pattern", clean(values.get("pattern")))
    put(settings, "case_sensitive", flag_from(values, "case_sensitive"))
    return settings


class ShortText(TextInputType):
    name = "short_text"
    keys = TEXT_ANSWER_KEYS

    def parse_settings(self, fields: Fields) -> dict[str, Any]:
        return parse_text_answers(fields)

    def settings_editor_values(self, source: Mapping[str, Any]) -> dict[str, str]:
        return text_answers_editor_values(source)

    def settings_from_editor(self, values: EditorValues) -> dict[str, Any]:
        return text_answers_from_editor(values)

    def grade(self, settings: Mapping[str, Any], response: Any, points: float) -> Grade:
        weight, feedback = match_text(
            settings["answers"], settings.get("pattern"), settings["case_sensitive"], response
        )
        return Grade(scaled(points, weight / 100), points, feedback=(feedback,) if feedback else ())
