"""Shared by the question-type tests: any JSON a forged request could store, and parsing
one type's YAML settings with the problems it reports."""

from __future__ import annotations

import textwrap
from typing import Any

from hypothesis import strategies as st

from qualify.assessment.questiontypes.base import QuestionType
from qualify.core.contentfile import Fields, Report, load_yaml_text

ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=10,
)


def parse_settings(
    question_type: QuestionType, text: str
) -> tuple[dict[str, Any], list[tuple[int, str]]]:
    """The settings a type reads from YAML text, and its errors as (line, message)."""
    report = Report("quiz.yaml")
    node = load_yaml_text(textwrap.dedent(text), report)
    settings = question_type.parse_settings(Fields(node, report))
    return settings, [(p.line, p.message) for p in report.problems if p.severity == "error"]
