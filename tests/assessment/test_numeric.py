"""Numeric questions: parsing the YAML forms and grading typed numbers."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualify.assessment.questiontypes import QUESTION_TYPES, parse_question
from qualify.assessment.questiontypes.numeric import Numeric
from qualify.core.contentfile import Fields, Report, load_yaml_text
from tests.assessment.strategies import ANY_JSON, parse_settings

NUMERIC = Numeric()
JSON = ANY_JSON


def parse(text: str) -> tuple[dict[str, Any], list[tuple[int, str]]]:
    return parse_settings(NUMERIC, text)


PRICE, _ = parse(
    """
    answer: 1234.5
    unit: "€"
    """
)
RANGES, _ = parse(
    """
    answers:
      - value: 1234.5
        feedback: {de: Genau, en: Exactly}
      - min: 1200
        max: 1300
        weight: 50
        feedback: {de: Fast, en: Nearly}
      - value: 1000
        weight: 0
        feedback: {de: Ohne Umsatzsteuer?, en: Without VAT?}
    """
)


def test_shorthand_settings() -> None:
    settings, problems = parse("answer: 1234.50\ntolerance: 0.005\nunit: '€'\n")
    assert problems == []
    assert settings == {
        "answers": [{"value": "1234.5", "tolerance": "0.005", "weight": 100.0, "feedback": {}}],
        "unit": "€",
    }


def test_answers_settings_are_canonical_strings() -> None:
    assert RANGES["answers"][1] == {
        "min": "1200",
        "max": "1300",
        "weight": 50.0,
        "feedback": {"de": "Fast", "en": "Nearly"},
    }
    assert RANGES["answers"][0]["tolerance"] == "0"
    assert RANGES["unit"] is None


@pytest.mark.parametrize(
    ("response", "points"),
    [
        ("1234.5", 2.0),
        ("1234,5", 2.0),
        ("1.234,50", 2.0),
        ("1,234.50", 2.0),
        ("1 234,50 €", 2.0),
        ("€ 1234,5", 2.0),
        ("1234,50 EUR", 2.0),
        ("1234.51", 0.0),
        ("-1234.5", 0.0),
        ("1234.5 %", 0.0),
        ("", 0.0),
        ("   ", 0.0),
        (None, 0.0),
        (1234.5, 0.0),  # a forged number instead of text
        (["1234.5"], 0.0),
        ({"": "1234.5"}, 0.0),
        (True, 0.0),
        ("1234.5" + " " * 200, 0.0),
        ("9" * 100_000, 0.0),
        ("١٢٣٤٫٥", 2.0),
    ],
)
def test_grade_single_answer(response: object, points: float) -> None:
    assert NUMERIC.grade(PRICE, response, 2.0).points == points


@pytest.mark.parametrize(
    ("response", "points", "feedback"),
    [
        ("1234,5", 4.0, "Genau"),
        ("1250", 2.0, "Fast"),
        ("1.250", 2.0, "Fast"),  # ambiguous: 1250 is in the range, 1.25 is not
        ("1000", 0.0, "Ohne Umsatzsteuer?"),
        ("1.000", 0.0, "Ohne Umsatzsteuer?"),
        ("999", 0.0, None),
        ("kaputt", 0.0, None),
    ],
)
def test_grade_best_matching_answer_with_its_feedback(
    response: str, points: float, feedback: str | None
) -> None:
    grade = NUMERIC.grade(RANGES, response, 4.0)
    assert grade.points == points
    assert [f["de"] for f in grade.feedback] == ([feedback] if feedback else [])


def test_tolerance_is_inclusive_and_exact() -> None:
    settings, _ = parse("answer: 0.3\ntolerance: 0.1\n")
    grade = NUMERIC.grade
    assert grade(settings, "0.2", 1.0).points == 1.0  # 0.3 - 0.1 exactly, no float error
    assert grade(settings, "0.4", 1.0).points == 1.0
    assert grade(settings, "0.4000001", 1.0).points == 0.0
    assert grade(settings, "0.1999999", 1.0).points == 0.0


def test_ambiguous_reading_earns_credit_if_either_is_right() -> None:
    small, _ = parse("answer: 1.234\n")
    big, _ = parse("answer: 1234\n")
    assert NUMERIC.grade(small, "1,234", 1.0).correct
    assert NUMERIC.grade(big, "1,234", 1.0).correct
    assert not NUMERIC.grade(big, "1,2345", 1.0).correct


def test_form_round_trip() -> None:
    response = NUMERIC.response_from_form(PRICE, {}, {"": ["  1.234,50 € "]})
    assert response == "1.234,50 €"
    assert NUMERIC.form_values(PRICE, {}, response) == {"": ["1.234,50 €"]}
    assert NUMERIC.form_values(PRICE, {}, None) == {}
    assert NUMERIC.response_from_form(PRICE, {}, {}) == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("unit: x\n", [(1, "missing 'answer'")]),
        ("answer: 1\nanswers:\n  - value: 1\n", [(2, "give 'answer' or 'answers', not both")]),
        ("answer: zwölf\n", [(1, "'answer' must be a number like 1234.5")]),
        ("answer: .nan\n", [(1, "'answer' must be a number like 1234.5")]),
        ("answer: .inf\n", [(1, "'answer' must be a number like 1234.5")]),
        ("answer: true\n", [(1, "'answer' must be a number like 1234.5")]),
        ("answer: 1\ntolerance: -1\n", [(2, "'tolerance' must be at least 0")]),
        (
            "answers:\n  - value: 1\n    weight: 50\n",
            [(1, "needs an answer with weight 100")],
        ),
        (
            "answers:\n  - value: 1\n  - min: 5\n    max: 2\n",
            [(4, "'max' must not be below 'min'")],
        ),
        ("answers:\n  - value: 1\n  - min: 5\n", [(3, "missing 'max'")]),
        ("answers:\n  - value: 1\n    min: 0\n", [(3, "give 'value' or a range, not 'min'")]),
        ("answers:\n  - value: 1\n  - tolerance: 1\n", [(3, "'tolerance' needs a 'value'")]),
        (
            "answers:\n  - value: 1\n    weight: 150\n",
            [
                (3, "'weight' must be a number from 0 to 100"),
                (1, "needs an answer with weight 100"),
            ],
        ),
        (
            "answers:\n  - value: 1\ntolerance: 1\n",
            [(3, "with 'answers', give a tolerance per answer")],
        ),
        ("answers:\n  - 12\n  - value: 1\n", [(2, "expected a mapping of keys and values")]),
        ("answers:\n  - value: 1\n    colour: red\n", [(3, "unknown key 'colour'")]),
        ("answer: 1\nunit: " + "x" * 21 + "\n", [(2, "'unit' must be a short text")]),
        ("answer: '1e99'\n", [(1, "'answer' must be a number like 1234.5")]),
    ],
)
def test_parse_errors_name_their_line(text: str, expected: list[tuple[int, str]]) -> None:
    assert parse(text)[1] == expected


def test_string_numbers_and_exponents_are_canonical() -> None:
    settings, problems = parse("answer: '1e3'\ntolerance: 0.50\n")
    assert problems == []
    assert settings["answers"][0]["value"] == "1000"
    assert settings["answers"][0]["tolerance"] == "0.5"


def test_registered_and_parsed_as_a_question() -> None:
    report = Report("quiz.yaml")
    node = load_yaml_text(
        "id: price\ntype: numeric\nprompt: {de: Preis?, en: Price?}\n"
        "feedback: {de: So, en: So}\nanswer: 12\nunit: EUR\n",
        report,
    )
    spec = parse_question(Fields(node, report))
    assert report.problems == []
    assert spec is not None
    assert QUESTION_TYPES["numeric"].grade(spec["settings"], "12 €", 1.0).correct


@given(JSON)
def test_any_json_response_grades_within_range(response: object) -> None:
    for settings in (PRICE, RANGES):
        grade = NUMERIC.grade(settings, response, 3.0)
        assert 0.0 <= grade.points <= 3.0


@given(st.text(alphabet="0123456789.,- €", max_size=12))
def test_number_like_responses_grade_within_range(response: str) -> None:
    assert 0.0 <= NUMERIC.grade(RANGES, response, 3.0).points <= 3.0
