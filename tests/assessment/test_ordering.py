"""Ordering questions: never shown in the right order, graded per item."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualify.assessment.questiontypes import QUESTION_TYPES, parse_question
from qualify.assessment.questiontypes.ordering import Ordering
from qualify.core.contentfile import Fields, Report, load_yaml_text
from tests.assessment.strategies import ANY_JSON, parse_settings

ORDERING = Ordering()
JSON = ANY_JSON


def parse(text: str) -> tuple[dict[str, Any], list[tuple[int, str]]]:
    return parse_settings(ORDERING, text)


STEPS, _ = parse(
    """
    items:
      - {id: gruenden, text: {de: Gründen, en: Found}}
      - {id: eintragen, text: {de: Eintragen, en: Register}}
      - {id: arbeiten, text: {de: Arbeiten, en: Work}}
      - {id: aufloesen, text: {de: Auflösen, en: Dissolve}}
    """
)
TWO = {"items": [{"id": "a", "text": {"de": "A"}}, {"id": "b", "text": {"de": "B"}}]}
RIGHT = {"gruenden": 1, "eintragen": 2, "arbeiten": 3, "aufloesen": 4}


def test_settings() -> None:
    assert STEPS["items"][0] == {"id": "gruenden", "text": {"de": "Gründen", "en": "Found"}}
    assert [i["id"] for i in STEPS["items"]] == list(RIGHT)


@pytest.mark.parametrize("settings", [STEPS, TWO])
def test_never_shown_in_the_right_order(settings: dict[str, Any]) -> None:
    right = [item["id"] for item in settings["items"]]
    shown_orders = set()
    for seed in range(200):
        layout = ORDERING.present(settings, random.Random(seed), shuffle=False)
        shown = [item_id for _token, item_id in layout["items"]]
        assert shown != right
        assert sorted(shown) == sorted(right)
        shown_orders.add(tuple(shown))
    assert len(shown_orders) > 1 or len(right) == 2


def test_tokens_are_opaque() -> None:
    layout = ORDERING.present(STEPS, random.Random(1), shuffle=True)
    tokens = [token for token, _ in layout["items"]]
    assert len(set(tokens)) == 4
    assert not set(tokens) & {*RIGHT, "1", "2", "3", "4"}


def test_form_round_trip_and_grade() -> None:
    layout = ORDERING.present(STEPS, random.Random(2), shuffle=True)
    token = {item_id: t for t, item_id in layout["items"]}
    values = {
        token["gruenden"]: ["1"],
        token["eintragen"]: ["3"],
        token["arbeiten"]: ["5"],  # out of range
        token["aufloesen"]: ["4"],
        "forged": ["2"],
    }
    response = ORDERING.response_from_form(STEPS, layout, values)
    assert response == {"gruenden": 1, "eintragen": 3, "aufloesen": 4}
    assert ORDERING.form_values(STEPS, layout, response) == {
        token["gruenden"]: ["1"],
        token["eintragen"]: ["3"],
        token["aufloesen"]: ["4"],
    }
    grade = ORDERING.grade(STEPS, response, 4.0)
    assert grade.points == 2.0
    assert grade.parts == (True, False, False, True)


@pytest.mark.parametrize(
    "sent", ["0", "-1", "", "1.0", "one", "١", "²", "+1", "9" * 100_000, " 2x", "4" * 5]
)
def test_unreadable_positions_are_dropped(sent: str) -> None:
    layout = ORDERING.present(STEPS, random.Random(2), shuffle=True)
    values = {token: [sent] for token, _ in layout["items"]}
    assert ORDERING.response_from_form(STEPS, layout, values) == {}


def test_tokens_from_another_layout_are_dropped() -> None:
    mine = ORDERING.present(STEPS, random.Random(1), shuffle=True)
    other = ORDERING.present(STEPS, random.Random(1), shuffle=True)
    values = {token: ["1"] for token, _ in other["items"]}
    assert ORDERING.response_from_form(STEPS, mine, values) == {}


@pytest.mark.parametrize(
    ("response", "points"),
    [
        (RIGHT, 4.0),
        ({"gruenden": 2, "eintragen": 1, "arbeiten": 3, "aufloesen": 4}, 2.0),
        ({"gruenden": 1, "eintragen": 1, "arbeiten": 1, "aufloesen": 1}, 1.0),
        ({"gruenden": True, "eintragen": 2}, 1.0),  # JSON true is not position 1
        ({"gruenden": 1.0}, 0.0),
        ({"gruenden": "1"}, 0.0),
        ({"gruenden": 10**100}, 0.0),
        ({}, 0.0),
        (None, 0.0),
        ([1, 2, 3, 4], 0.0),
        ("gruenden", 0.0),
    ],
)
def test_grade(response: object, points: float) -> None:
    grade = ORDERING.grade(STEPS, response, 4.0)
    assert grade.points == points
    assert len(grade.parts) == 4


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("items:\n  - {id: a, text: {de: A}}\n", [(1, "an ordering question needs 2 to 50 items")]),
        (
            "items:\n  - {id: a, text: {de: A}}\n  - {id: a, text: {de: B}}\n",
            [(3, "item id 'a' is used twice")],
        ),
        (
            "items:\n  - {id: a, text: {de: A}}\n  - {id: B, text: {de: B}}\n",
            [(3, "'id' must be lowercase letters, digits and hyphens, not 'B'")],
        ),
        (
            "items:\n  - {id: a, text: {de: A}}\n  - id: b\n    text: B\n",
            [(4, "'text' must give a text per language (de: ..., en: ...)")],
        ),
        (
            "items:\n  - {id: a, text: {de: A}}\n  - {id: b, text: {de: B}, pos: 2}\n",
            [(3, "unknown key 'pos'")],
        ),
        (
            "items:\n  - A\n  - B\n",
            [
                (2, "expected a mapping of keys and values"),
                (3, "expected a mapping of keys and values"),
                (1, "an ordering question needs 2 to 50 items"),
            ],
        ),
        ("other: 1\n", [(1, "missing 'items'")]),
    ],
)
def test_parse_errors_name_their_line(text: str, expected: list[tuple[int, str]]) -> None:
    assert parse(text)[1] == expected


def test_registered_and_parsed_as_a_question() -> None:
    report = Report("quiz.yaml")
    node = load_yaml_text(
        "id: steps\ntype: ordering\nprompt: {de: Ordne, en: Order}\n"
        "feedback: {de: So, en: So}\nitems:\n"
        "  - {id: a, text: {de: A}}\n  - {id: b, text: {de: B}}\n",
        report,
    )
    spec = parse_question(Fields(node, report))
    assert [p for p in report.problems if p.severity == "error"] == []
    assert spec is not None
    assert QUESTION_TYPES["ordering"].grade(spec["settings"], {"a": 1, "b": 2}, 2.0).correct


@given(JSON)
def test_any_json_response_grades_within_range(response: object) -> None:
    assert 0.0 <= ORDERING.grade(STEPS, response, 3.0).points <= 3.0


@given(st.dictionaries(st.sampled_from([*RIGHT, "x"]), st.integers(-2, 6) | st.booleans()))
def test_position_shaped_responses_grade_within_range(response: dict[str, Any]) -> None:
    grade = ORDERING.grade(STEPS, response, 3.0)
    assert 0.0 <= grade.points <= 3.0
    assert grade.points == 3.0 * sum(grade.parts) / 4
