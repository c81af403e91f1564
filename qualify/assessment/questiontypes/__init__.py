"""The closed registry of question types, and parsing of one question from a quiz file.

Pure: no Flask, no database. Adding a type means one module here, one line in
QUESTION_TYPES, and one template `assessment/questions/<name>.html`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from qualify.assessment.questiontypes.base import Grade, QuestionType, build_registry
from qualify.assessment.questiontypes.choice import MultipleChoice, SingleChoice, TrueFalse
from qualify.assessment.questiontypes.cloze import Cloze
from qualify.assessment.questiontypes.essay import Essay
from qualify.assessment.questiontypes.matching import Matching
from qualify.assessment.questiontypes.numeric import Numeric
from qualify.assessment.questiontypes.ordering import Ordering
from qualify.assessment.questiontypes.text import ShortText
from qualify.core.contentfile import ID_PATTERN, Fields

__all__ = ["COMMON_KEYS", "QUESTION_TYPES", "Grade", "QuestionType", "parse_question"]

QUESTION_TYPES: Mapping[str, QuestionType] = build_registry(
    [
        SingleChoice(),
        MultipleChoice(),
        TrueFalse(),
        Numeric(),
        ShortText(),
        Matching(),
        Ordering(),
        Cloze(),
        Essay(),
    ]
)
COMMON_KEYS = frozenset({"id", "type", "points", "prompt", "feedback", "tags"})


def parse_question(fields: Fields) -> dict[str, Any] | None:
    """Parse one question mapping into a JSON-able spec, or None if its type is unknown."""
    question_id = fields.ident("id")
    type_name = fields.text("type")
    question_type = QUESTION_TYPES.get(type_name)
    if question_type is None:
        if type_name:
            known = ", ".join(sorted(QUESTION_TYPES))
            fields.report.error(
                fields.line_at("type"), f"unknown question type {type_name!r} ({known})"
            )
        return None
    fields.unknown_keys(COMMON_KEYS | question_type.keys)
    feedback = fields.localised("feedback", required=False)
    if not feedback:
        fields.report.warn(fields.line, f"question {question_id!r} has no feedback")
    return {
        "id": question_id,
        "type": type_name,
        "points": fields.integer("points", default=1, minimum=1, maximum=100),
        "prompt": fields.localised("prompt", required=question_type.prompt_required),
        "feedback": feedback,
        "tags": _tags(fields),
        "settings": question_type.parse_settings(fields),
    }


def _tags(fields: Fields) -> list[str]:
    """Topic tags (ids) for drawing questions per topic."""
    tags = []
    for tag, line in fields.items("tags", required=False):
        if not isinstance(tag, str) or not ID_PATTERN.match(tag):
            fields.report.error(line, f"a tag must be lowercase letters, digits, hyphens: {tag!r}")
        elif tag not in tags:
            tags.append(tag)
    return tags
