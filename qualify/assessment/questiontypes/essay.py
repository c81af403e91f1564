"""Essay: free text that a trainer grades later; the server only stores it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from qualify.assessment.questiontypes.base import Grade, TextInputType
from qualify.assessment.questiontypes.editing import (
    EditorValues,
    localised_from,
    localised_values,
    number_from,
    put,
    text_of,
)
from qualify.core.contentfile import Fields
from qualify.core.messages import Message

MAX_WORDS = 10_000


def count_words(text: Any) -> int:
    return len(text.split()) if isinstance(text, str) else 0


class Essay(TextInputType):
    name = "essay"
    keys = frozenset({"min_words", "max_words", "grader_info"})
    manual = True

    def parse_settings(self, fields: Fields) -> dict[str, Any]:
        limits = {
            key: fields.integer(key, minimum=1, maximum=MAX_WORDS) if fields.has(key) else None
            for key in ("min_words", "max_words")
        }
        low, high = limits["min_words"], limits["max_words"]
        if low is not None and high is not None and low > high:
            fields.report.error(
                fields.line_at("max_words"), Message("'max_words' is below 'min_words'")
            )
        return {**limits, "grader_info": fields.localised("grader_info", required=False)}

    def settings_editor_values(self, source: Mapping[str, Any]) -> dict[str, str]:
        return {
            "min_words": text_of(source.get("min_words")),
            "max_words": text_of(source.get("max_words")),
            **localised_values("grader_info", source.get("grader_info")),
        }

    def settings_from_editor(self, values: EditorValues) -> dict[str, Any]:
        settings: dict[str, Any] = {}
        put(settings, "min_words", number_from(values.get("min_words")))
        put(settings, "max_words", number_from(values.get("max_words")))
        put(settings, "grader_info", localised_from(values, "grader_info"))
        return settings

    def grade(self, settings: Mapping[str, Any], response: Any, points: float) -> Grade:
        """Pending for a trainer; an empty answer earns nothing, so nobody has to look at it."""
        if not isinstance(response, str) or not response.strip():
            return Grade(0.0, points)
        return Grade(0.0, points, pending=True)
