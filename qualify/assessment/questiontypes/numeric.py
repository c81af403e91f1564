"""Numeric answers: a value with a tolerance, or a range; several answers for partial credit.

Numbers are stored as canonical decimal strings (see `decimals.canonical`), never floats, so
"0.1 + 0.2" problems cannot turn a right answer wrong and settings stay JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Context, Decimal, InvalidOperation
from typing import Any

from qualify.assessment.questiontypes.base import (
    Grade,
    TextInputType,
    scaled,
)
from qualify.assessment.questiontypes.decimals import NumberFormatError, canonical, parse_decimal
from qualify.assessment.questiontypes.editing import (
    EditorValues,
    clean,
    items,
    localised_from,
    localised_values,
    mapping,
    number_from,
    prefixed,
    put,
    rows,
    text_of,
)
from qualify.assessment.questiontypes.text import answer_weight
from qualify.core.contentfile import Fields
from qualify.core.messages import Message

MAX_SETTING_CHARS = 60  # canonical length of an authored number: keeps arithmetic exact
MAX_UNIT_CHARS = 20
ANSWER_NUMBERS = ("value", "tolerance", "min", "max", "weight")  # an entry of `answers`
# Exact for sums of an authored number (<= 60 digits) and its tolerance.
_EXACT = Context(prec=200)


def parse_number(fields: Fields, key: str, *, minimum: Decimal | None = None) -> str | None:
    """An authored number as a canonical string; YAML numbers or plain decimal text."""
    value = fields.node.get(key)
    line = fields.line_at(key)
    if value is None:
        fields.report.error(fields.line, Message("missing %(key)r", key=key))
        return None
    number = None
    if isinstance(value, int | float | str) and not isinstance(value, bool):
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            number = None
    if number is None or not number.is_finite() or len(canonical(number)) > MAX_SETTING_CHARS:
        fields.report.error(line, Message("%(key)r must be a number like 1234.5", key=key))
        return None
    if minimum is not None and number < minimum:
        fields.report.error(
            line, Message("%(key)r must be at least %(minimum)s", key=key, minimum=minimum)
        )
        return None
    return canonical(number)


def _parse_answer(answer: Fields) -> dict[str, Any]:
    """One entry of `answers`: a value (with tolerance) or a min/max range."""
    answer.unknown_keys({"value", "tolerance", "min", "max", "weight", "feedback"})
    parsed: dict[str, Any]
    if answer.has("value"):
        for key in ("min", "max"):
            if answer.has(key):
                answer.report.error(
                    answer.line_at(key), Message("give 'value' or a range, not %(key)r", key=key)
                )
        parsed = {"value": parse_number(answer, "value"), "tolerance": _tolerance(answer)}
    elif answer.has("tolerance"):
        answer.report.error(answer.line_at("tolerance"), Message("'tolerance' needs a 'value'"))
        parsed = {}
    else:
        low, high = parse_number(answer, "min"), parse_number(answer, "max")
        if low is not None and high is not None and Decimal(low) > Decimal(high):
            answer.report.error(answer.line_at("max"), Message("'max' must not be below 'min'"))
        parsed = {"min": low, "max": high}
    parsed["weight"] = answer_weight(answer)
    parsed["feedback"] = answer.localised("feedback", required=False)
    return parsed


def _tolerance(fields: Fields) -> str:
    if not fields.has("tolerance"):
        return "0"
    return parse_number(fields, "tolerance", minimum=Decimal(0)) or "0"


def _bounds(answer: Mapping[str, Any]) -> tuple[Decimal, Decimal]:
    if "value" in answer:
        value, tolerance = Decimal(answer["value"]), Decimal(answer.get("tolerance") or "0")
        return _EXACT.subtract(value, tolerance), _EXACT.add(value, tolerance)
    return Decimal(answer["min"]), Decimal(answer["max"])


class Numeric(TextInputType):
    name = "numeric"
    keys = frozenset({"answer", "tolerance", "unit", "answers"})

    def parse_settings(self, fields: Fields) -> dict[str, Any]:
        if fields.has("answer") and fields.has("answers"):
            fields.report.error(
                fields.line_at("answers"), Message("give 'answer' or 'answers', not both")
            )
        answers = []
        if fields.has("answers"):
            if fields.has("tolerance"):
                fields.report.error(
                    fields.line_at("tolerance"),
                    Message("with 'answers', give a tolerance per answer"),
                )
            for item, line in fields.items("answers"):
                answer = Fields(item, fields.report, line_offset=fields.offset, where=line)
                if answer.ok:
                    answers.append(_parse_answer(answer))
            if not any(a["weight"] >= 100 for a in answers):
                fields.report.error(
                    fields.line_at("answers"), Message("needs an answer with weight 100")
                )
        else:
            answers.append(
                {
                    "value": parse_number(fields, "answer"),
                    "tolerance": _tolerance(fields),
                    "weight": 100.0,
                    "feedback": {},
                }
            )
        return {"answers": answers, "unit": self._unit(fields)}

    def settings_editor_values(self, source: Mapping[str, Any]) -> dict[str, str]:
        """One `answer` (with tolerance) in the top inputs, or a row per entry of `answers`."""
        values = {key: text_of(source.get(key)) for key in ("answer", "tolerance", "unit")}
        for n, answer in enumerate(mapping(a) for a in items(source.get("answers"))):
            row = {key: text_of(answer.get(key)) for key in ANSWER_NUMBERS}
            row.update(localised_values("feedback", answer.get("feedback")))
            values.update(prefixed(f"answers-{n}", row))
        return values

    def settings_from_editor(self, values: EditorValues) -> dict[str, Any]:
        settings: dict[str, Any] = {}
        put(settings, "answer", number_from(values.get("answer")))
        put(settings, "tolerance", number_from(values.get("tolerance")))
        put(settings, "unit", clean(values.get("unit")))
        answers = []
        for row in rows(values, "answers"):
            answer: dict[str, Any] = {}
            for key in ANSWER_NUMBERS:
                put(answer, key, number_from(row.get(key)))
            put(answer, "feedback", localised_from(row, "feedback"))
            answers.append(answer)
        put(settings, "answers", answers)
        return settings

    def _unit(self, fields: Fields) -> str | None:
        unit = fields.text("unit", required=False)
        if len(unit) > MAX_UNIT_CHARS:
            fields.report.error(fields.line_at("unit"), Message("'unit' must be a short text"))
            return None
        return unit or None

    def grade(self, settings: Mapping[str, Any], response: Any, points: float) -> Grade:
        """The best weight among answers that any reading of the text falls into."""
        try:
            readings = parse_decimal(response, settings.get("unit"))
        except NumberFormatError:
            return Grade(0.0, points)
        best: Mapping[str, Any] | None = None
        for answer in settings["answers"]:
            low, high = _bounds(answer)
            hit = any(low <= reading <= high for reading in readings)
            if hit and (best is None or answer["weight"] > best["weight"]):
                best = answer
        if best is None:
            return Grade(0.0, points)
        feedback = best.get("feedback")
        return Grade(
            scaled(points, best["weight"] / 100), points, feedback=(feedback,) if feedback else ()
        )
