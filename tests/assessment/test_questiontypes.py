"""Grading of each question type, including odd responses."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualify.assessment.grading import grade_attempt
from qualify.assessment.questiontypes import QUESTION_TYPES, SingleChoice, build_registry

SINGLE = {"options": [{"id": "a", "correct": True}, {"id": "b", "correct": False}]}
MULTI = {
    "options": [
        {"id": "a", "correct": True},
        {"id": "b", "correct": True},
        {"id": "c", "correct": False},
        {"id": "d", "correct": False},
    ]
}


@pytest.mark.parametrize(
    ("response", "points"),
    [
        (["a"], 2.0),
        (["b"], 0.0),
        ([], 0.0),
        (None, 0.0),
        (["a", "b"], 0.0),
        (["zz"], 0.0),
        ("a", 0.0),
    ],
)
def test_single_choice(response: object, points: float) -> None:
    assert QUESTION_TYPES["single_choice"].grade(SINGLE, response, 2.0).points == points


@pytest.mark.parametrize(
    ("response", "points"),
    [
        (["a", "b"], 2.0),
        (["a"], 1.0),
        (["a", "c"], 0.0),
        (["a", "b", "c"], 1.0),
        (["c", "d"], 0.0),
        ([], 0.0),
        (["a", "unknown"], 1.0),
        (None, 0.0),
    ],
)
def test_multiple_choice_partial_credit_never_below_zero(response: object, points: float) -> None:
    assert QUESTION_TYPES["multiple_choice"].grade(MULTI, response, 2.0).points == points


@pytest.mark.parametrize(
    ("response", "points"), [(True, 1.0), (False, 0.0), (None, 0.0), ("true", 0.0)]
)
def test_true_false(response: object, points: float) -> None:
    assert QUESTION_TYPES["true_false"].grade({"answer": True}, response, 1.0).points == points


def test_layout_tokens_are_opaque_and_map_back() -> None:
    layout = QUESTION_TYPES["multiple_choice"].present(MULTI, random.Random(1))
    assert sorted(layout["order"]) == ["a", "b", "c", "d"]
    assert not set(layout["tokens"]) & {"a", "b", "c", "d", "0", "1", "2", "3"}
    token_of = {option: token for token, option in layout["tokens"].items()}
    response = QUESTION_TYPES["multiple_choice"].response_from_form(
        layout, [token_of["b"], "forged", token_of["a"]]
    )
    assert set(response) == {"a", "b"}


def test_single_choice_rejects_two_picks() -> None:
    layout = QUESTION_TYPES["single_choice"].present(SINGLE, random.Random(1))
    assert QUESTION_TYPES["single_choice"].response_from_form(layout, list(layout["tokens"])) == []


def test_registry_refuses_duplicate_names() -> None:
    with pytest.raises(ValueError, match="registered twice"):
        build_registry([SingleChoice(), SingleChoice()])


def test_attempt_percent_and_pass_mark() -> None:
    spec_a = {"type": "single_choice", "points": 1, "settings": SINGLE}
    spec_b = {"type": "multiple_choice", "points": 3, "settings": MULTI}
    result = grade_attempt([(spec_a, ["a"]), (spec_b, ["a"])], pass_mark=60)
    assert (result.points, result.max_points, result.percent, result.passed) == (2.5, 4, 62.5, True)
    assert grade_attempt([(spec_a, ["b"]), (spec_b, ["a"])], pass_mark=60).passed is False


@given(st.lists(st.text(max_size=5), max_size=6) | st.none() | st.integers())
def test_multiple_choice_score_stays_in_range(response: object) -> None:
    grade = QUESTION_TYPES["multiple_choice"].grade(MULTI, response, 2.0)
    assert 0.0 <= grade.points <= 2.0
