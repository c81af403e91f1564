"""The closed registry of question types, and parsing of one question from a quiz file.

Pure: no Flask, no database. Adding a type means one module here, one line in
QUESTION_TYPES, and one template `assessment/questions/<name>.html`.
"""

from __future__ import annotations

import re
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
from qualify.core.messages import Message

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
COMMON_KEYS = frozenset({"id", "type", "points", "prompt", "feedback", "tags", "name", "category"})
NAME_MAX_LENGTH = 255  # Moodle's question name column
CATEGORY_SEPARATOR = re.compile(r"(?<!/)/(?!/)")  # "//" is a slash inside a name (Moodle)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def parse_question(fields: Fields) -> dict[str, Any] | None:
    """Parse one question mapping into a JSON-able spec, or None if its type is unknown.

    The `id` is the key for learners' attempts; the optional `name` is the question's name in
    Moodle's question bank (GIFT's `::name::`) and `category` its category path there
    (`$CATEGORY:`). Both are left out when absent, so specs stored before them stay the same.
    """
    question_id = fields.ident("id")
    type_name = fields.text("type")
    question_type = QUESTION_TYPES.get(type_name)
    if question_type is None:
        if type_name:
            known = ", ".join(sorted(QUESTION_TYPES))
            fields.report.error(
                fields.line_at("type"),
                Message("unknown question type %(type)r (%(known)s)", type=type_name, known=known),
            )
        return None
    fields.unknown_keys(COMMON_KEYS | question_type.keys)
    feedback = fields.localised("feedback", required=False)
    if not feedback:
        fields.report.warn(fields.line, Message("question %(id)r has no feedback", id=question_id))
    spec = {
        "id": question_id,
        "type": type_name,
        "points": fields.integer("points", default=1, minimum=1, maximum=100),
        "prompt": fields.localised("prompt", required=question_type.prompt_required),
        "feedback": feedback,
        "tags": _tags(fields),
        "settings": question_type.parse_settings(fields),
    }
    for key, value in (("name", _name(fields)), ("category", _category(fields))):
        if value:
            spec[key] = value
    return spec


def _tags(fields: Fields) -> list[str]:
    """Topic tags (ids) for drawing questions per topic."""
    tags = []
    for tag, line in fields.items("tags", required=False):
        if not isinstance(tag, str) or not ID_PATTERN.match(tag):
            fields.report.error(
                line, Message("a tag must be lowercase letters, digits, hyphens: %(tag)r", tag=tag)
            )
        elif tag not in tags:
            tags.append(tag)
    return tags


def _name(fields: Fields) -> str | None:
    if not fields.has("name"):
        return None
    value, line = fields.node["name"], fields.line_at("name")
    if not isinstance(value, str) or not value.strip():
        fields.report.error(line, Message("'name' must be a non-empty text"))
        return None
    name = value.strip()
    if _CONTROL.search(name):
        fields.report.error(line, Message("'name' must be one line without control characters"))
        return None
    if len(name) > NAME_MAX_LENGTH:
        fields.report.error(
            line, Message("'name' must be at most %(most)d characters", most=NAME_MAX_LENGTH)
        )
        return None
    return name


def _category(fields: Fields) -> str | None:
    """`Datenschutz/Grundlagen`: names separated by '/', none empty, spaces around them dropped."""
    if not fields.has("category"):
        return None
    value, line = fields.node["category"], fields.line_at("category")
    segments = CATEGORY_SEPARATOR.split(value) if isinstance(value, str) else []
    if not segments or _CONTROL.search(value) or not all(s.strip() for s in segments):
        fields.report.error(
            line,
            Message(
                "'category' must be names separated by '/', none of them empty, on one line "
                "(Datenschutz/Grundlagen), not %(value)r",
                value=value,
            ),
        )
        return None
    return "/".join(segment.strip() for segment in segments)
