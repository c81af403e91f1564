"""Matching questions: parsing, opaque layout, form round trip and grading."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualify.assessment.questiontypes import QUESTION_TYPES, parse_question
from qualify.assessment.questiontypes.matching import Matching
from qualify.core.contentfile import Fields, Report, load_yaml_text
from tests.assessment.strategies import ANY_JSON, parse_settings

MATCHING = Matching()
JSON = ANY_JSON


def parse(text: str) -> tuple[dict[str, Any], list[tuple[int, str]]]:
    return parse_settings(MATCHING, text)


BOOKS, _ = parse(
    """
    pairs:
      - id: kasse
        prompt: {de: Kassenbuch, en: cash book}
        answer: {de: Bargeld, en: cash}
      - id: bank
        prompt: {de: Bankbuch, en: bank book}
        answer: {de: Konto, en: account}
      - id: inventar
        prompt: {de: Inventar, en: inventory}
        answer: {de: Gegenstände, en: things}
    distractors:
      - {de: Spenden, en: donations}
    """
)


def test_settings() -> None:
    assert [p["id"] for p in BOOKS["pairs"]] == ["kasse", "bank", "inventar"]
    assert BOOKS["pairs"][0]["answer"] == {"de": "Bargeld", "en": "cash"}
    assert BOOKS["distractors"] == [{"de": "Spenden", "en": "donations"}]
    assert BOOKS["shuffle"] is None


def test_layout_is_opaque_and_holds_every_answer() -> None:
    layout = MATCHING.present(BOOKS, random.Random(3), shuffle=False)
    assert [key for _token, key in layout["rows"]] == ["kasse", "bank", "inventar"]
    keys = sorted(key for _token, key in layout["choices"])
    assert keys == ["bank", "distractor-1", "inventar", "kasse"]
    tokens = [t for t, _ in layout["rows"]] + [t for t, _ in layout["choices"]]
    assert len(set(tokens)) == 7
    assert not set(tokens) & set(keys)


def test_rows_shuffle_by_quiz_setting_or_own_setting() -> None:
    orders = set()
    for seed in range(20):
        layout = MATCHING.present(BOOKS, random.Random(seed), shuffle=True)
        orders.add(tuple(key for _t, key in layout["rows"]))
    assert len(orders) > 1
    fixed = {**BOOKS, "shuffle": False}
    for seed in range(5):
        rows = MATCHING.present(fixed, random.Random(seed), shuffle=True)["rows"]
        assert [key for _t, key in rows] == ["kasse", "bank", "inventar"]


def test_form_round_trip_and_grade() -> None:
    layout = MATCHING.present(BOOKS, random.Random(1), shuffle=True)
    row = {key: token for token, key in layout["rows"]}
    choice = {key: token for token, key in layout["choices"]}
    values = {
        row["kasse"]: [choice["kasse"]],
        row["bank"]: [choice["distractor-1"]],
        row["inventar"]: ["forged"],
        "unrelated": [choice["bank"]],
    }
    response = MATCHING.response_from_form(BOOKS, layout, values)
    assert response == {"kasse": "kasse", "bank": "distractor-1"}
    assert MATCHING.form_values(BOOKS, layout, response) == {
        row["kasse"]: [choice["kasse"]],
        row["bank"]: [choice["distractor-1"]],
    }
    grade = MATCHING.grade(BOOKS, response, 3.0)
    assert grade.points == 1.0
    assert grade.parts == (True, False, False)


def test_tokens_from_another_layout_are_dropped() -> None:
    mine = MATCHING.present(BOOKS, random.Random(1), shuffle=False)
    other = MATCHING.present(BOOKS, random.Random(1), shuffle=False)
    foreign = {row: [choice] for row, _ in other["rows"] for choice, _ in other["choices"][:1]}
    assert MATCHING.response_from_form(BOOKS, mine, foreign) == {}
    # my rows with the other layout's choices: still nothing
    values = {row: [other["choices"][0][0]] for row, _ in mine["rows"]}
    assert MATCHING.response_from_form(BOOKS, mine, values) == {}


@pytest.mark.parametrize(
    ("response", "points", "parts"),
    [
        ({"kasse": "kasse", "bank": "bank", "inventar": "inventar"}, 3.0, (True, True, True)),
        ({"kasse": "bank", "bank": "kasse", "inventar": "inventar"}, 1.0, (False, False, True)),
        ({"kasse": "kasse", "bank": "kasse", "inventar": "kasse"}, 1.0, (True, False, False)),
        ({}, 0.0, (False, False, False)),
        (None, 0.0, (False, False, False)),
        (["kasse"], 0.0, (False, False, False)),
        ("kasse", 0.0, (False, False, False)),
        ({"kasse": ["kasse"], "bank": {"bank": 1}}, 0.0, (False, False, False)),
        ({"unknown": "unknown", "kasse": "distractor-1"}, 0.0, (False, False, False)),
        ({"kasse": "k" * 100_000}, 0.0, (False, False, False)),
    ],
)
def test_grade(response: object, points: float, parts: tuple[bool, ...]) -> None:
    grade = MATCHING.grade(BOOKS, response, 3.0)
    assert (grade.points, grade.parts) == (points, parts)


def test_form_values_ignore_forged_responses() -> None:
    layout = MATCHING.present(BOOKS, random.Random(1), shuffle=False)
    assert MATCHING.form_values(BOOKS, layout, {"kasse": ["x"], "bank": "nope"}) == {}
    assert MATCHING.form_values(BOOKS, layout, "kasse") == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "pairs:\n  - id: a\n    prompt: {de: A}\n    answer: {de: 1}\n",
            [(1, "a matching question needs two pairs")],
        ),
        (
            "pairs:\n  - id: a\n    prompt: {de: A}\n    answer: {de: 1}\n"
            "  - id: a\n    prompt: {de: B}\n    answer: {de: 2}\n",
            [(5, "pair id 'a' is used twice")],
        ),
        (
            "pairs:\n  - id: distractor-1\n    prompt: {de: A}\n    answer: {de: 1}\n"
            "  - id: b\n    prompt: {de: B}\n    answer: {de: 2}\n",
            [(2, "a pair id must not start with 'distractor-'")],
        ),
        (
            "pairs:\n  - id: a\n    prompt: {de: A}\n    answer: {de: 1}\n"
            "  - id: b\n    prompt: {de: B}\n    answer: {de: 1}\n",
            [(7, "two answers have the same text")],
        ),
        (
            "pairs:\n  - id: a\n    prompt: {de: A}\n    answer: {de: 1}\n"
            "  - id: b\n    prompt: {de: B}\n    answer: {de: 2}\n"
            "distractors:\n  - {de: 3}\n  - nur Text\n  - {de: 1}\n",
            [
                (10, "'distractor' must give a text per language (de: ..., en: ...)"),
                (11, "two answers have the same text"),
            ],
        ),
        (
            "pairs:\n  - id: a\n    prompt: {de: A}\n    answer: {de: 1}\n"
            "  - id: b\n    prompt: {de: B}\n    colour: red\n",
            [(7, "unknown key 'colour'"), (5, "missing 'answer'")],
        ),
        (
            "pairs:\n  - id: a\n    prompt: {de: A}\n    answer: {de: 1}\n"
            "  - id: b\n    prompt: {de: B}\n    answer: {de: 2}\nshuffle: often\n",
            [(8, "'shuffle' must be true or false")],
        ),
        ("pairs: 3\n", [(1, "'pairs' must be a list"), (1, "a matching question needs two pairs")]),
    ],
)
def test_parse_errors_name_their_line(text: str, expected: list[tuple[int, str]]) -> None:
    assert parse(text)[1] == expected


def test_registered_and_parsed_as_a_question() -> None:
    report = Report("quiz.yaml")
    node = load_yaml_text(
        "id: books\ntype: matching\nprompt: {de: Ordne zu, en: Match}\n"
        "feedback: {de: So, en: So}\nshuffle: false\npairs:\n"
        "  - {id: a, prompt: {de: A}, answer: {de: '1'}}\n"
        "  - {id: b, prompt: {de: B}, answer: {de: '2'}}\n",
        report,
    )
    spec = parse_question(Fields(node, report))
    assert [p for p in report.problems if p.severity == "error"] == []
    assert spec is not None
    assert spec["settings"]["shuffle"] is False
    assert QUESTION_TYPES["matching"].grade(spec["settings"], {"a": "a", "b": "b"}, 2.0).correct


@given(JSON)
def test_any_json_response_grades_within_range(response: object) -> None:
    grade = MATCHING.grade(BOOKS, response, 3.0)
    assert 0.0 <= grade.points <= 3.0
    assert len(grade.parts) == 3


@given(st.dictionaries(st.sampled_from(["kasse", "bank", "inventar", "x"]), JSON))
def test_pair_shaped_responses_grade_within_range(response: dict[str, Any]) -> None:
    assert 0.0 <= MATCHING.grade(BOOKS, response, 3.0).points <= 3.0
