"""Essays: stored for a trainer, never graded by the server."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given

from qualify.assessment.questiontypes import QUESTION_TYPES, parse_question
from qualify.assessment.questiontypes.base import MAX_RESPONSE_CHARS
from qualify.assessment.questiontypes.essay import Essay, count_words
from qualify.core.contentfile import Fields, Report, load_yaml_text
from tests.assessment.strategies import ANY_JSON, parse_settings

ESSAY = Essay()
JSON = ANY_JSON


def parse(text: str) -> tuple[dict[str, Any], list[tuple[int, str]]]:
    return parse_settings(ESSAY, text)


def test_settings() -> None:
    settings, problems = parse(
        """
        min_words: 50
        max_words: 300
        grader_info: {de: Nennt die vier Sphären, en: Names the four spheres}
        """
    )
    assert problems == []
    assert settings == {
        "min_words": 50,
        "max_words": 300,
        "grader_info": {"de": "Nennt die vier Sphären", "en": "Names the four spheres"},
    }


def test_settings_are_all_optional() -> None:
    assert parse("{}\n") == ({"min_words": None, "max_words": None, "grader_info": {}}, [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("min_words: 50\nmax_words: 10\n", [(2, "'max_words' is below 'min_words'")]),
        ("min_words: 0\n", [(1, "'min_words' must be between 1 and 10000")]),
        ("max_words: many\n", [(1, "'max_words' must be a whole number")]),
        ("max_words: 12.5\n", [(1, "'max_words' must be a whole number")]),
        (
            "grader_info: nur Deutsch\n",
            [(1, "'grader_info' must give a text per language (de: ..., en: ...)")],
        ),
    ],
)
def test_parse_errors_name_their_line(text: str, expected: list[tuple[int, str]]) -> None:
    assert parse(text)[1] == expected


@pytest.mark.parametrize("response", ["Ein Verein hat vier Sphären.", "x", "\U0001f600 " * 10])
def test_answered_essay_is_pending(response: str) -> None:
    grade = ESSAY.grade({}, response, 5.0)
    assert (grade.points, grade.max_points, grade.pending) == (0.0, 5.0, True)
    assert not grade.correct


@pytest.mark.parametrize("response", ["", "   \n ", None, 12, ["text"], {"": "text"}])
def test_empty_or_forged_essay_earns_nothing_without_a_trainer(response: object) -> None:
    grade = ESSAY.grade({}, response, 5.0)
    assert (grade.points, grade.pending) == (0.0, False)


def test_form_round_trip_cuts_long_text() -> None:
    response = ESSAY.response_from_form({}, {}, {"": ["  Absatz eins\n\nAbsatz zwei  "]})
    assert response == "Absatz eins\n\nAbsatz zwei"
    assert ESSAY.form_values({}, {}, response) == {"": [response]}
    long = ESSAY.response_from_form({}, {}, {"": ["wort " * 30_000]})
    assert len(long) <= MAX_RESPONSE_CHARS
    assert ESSAY.form_values({}, {}, None) == {}


def test_count_words() -> None:
    assert count_words("eins  zwei\ndrei") == 3
    assert count_words("") == 0
    assert count_words(None) == 0


def test_registered_as_manual() -> None:
    report = Report("quiz.yaml")
    node = load_yaml_text(
        "id: essay\ntype: essay\nprompt: {de: Erkläre, en: Explain}\n"
        "feedback: {de: So, en: So}\nmax_words: 200\n",
        report,
    )
    spec = parse_question(Fields(node, report))
    assert report.problems == []
    assert spec is not None
    assert QUESTION_TYPES["essay"].manual
    assert spec["settings"]["max_words"] == 200


@given(JSON)
def test_any_json_response_grades_to_zero_points(response: object) -> None:
    grade = ESSAY.grade({}, response, 3.0)
    assert grade.points == 0.0
    assert grade.max_points == 3.0
