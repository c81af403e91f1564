"""Cloze questions: markers in every language, typed and drop-down gaps, grading per gap."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualify.assessment.questiontypes import QUESTION_TYPES, parse_question
from qualify.assessment.questiontypes.cloze import Cloze, split_cloze
from qualify.core.contentfile import Fields, Report, load_yaml_text
from tests.assessment.strategies import ANY_JSON, parse_settings

CLOZE = Cloze()
JSON = ANY_JSON


def parse(text: str) -> tuple[dict[str, Any], list[tuple[int, str]]]:
    return parse_settings(CLOZE, text)


SPHERES, _ = parse(
    """
    text:
      de: "Ein Verein hat vier {1}. Spenden gehören zum {2}."
      en: "An association has four {1}. Donations belong to the {2}."
    gaps:
      - answers:
          - Sphären
          - spheres
          - text: Bereiche
            weight: 50
            feedback: {de: Fachwort?, en: Technical term?}
      - options:
          - text: {de: ideellen Bereich, en: non-profit sphere}
            correct: true
          - text: {de: Zweckbetrieb, en: special-purpose operation}
            feedback: {de: Nein, en: No}
          - id: wirtschaft
            text: {de: Geschäftsbetrieb, en: business operation}
    """
)


def test_settings() -> None:
    assert SPHERES["text"]["de"].startswith("Ein Verein")
    typed, options = SPHERES["gaps"]
    assert typed["answers"][0] == {"text": "Sphären", "weight": 100.0, "feedback": {}}
    assert typed["pattern"] is None
    assert typed["case_sensitive"] is False
    assert [o["id"] for o in options["options"]] == ["1", "2", "wirtschaft"]
    assert options["options"][0]["correct"] is True
    assert options["options"][1]["feedback"] == {"de": "Nein", "en": "No"}
    assert options["options"][2]["feedback"] == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a {1} b {2}.", ["a ", 1, " b ", 2, "."]),
        ("{1}{2}", [1, 2]),
        ("no gaps", ["no gaps"]),
        ("", []),
        ("{x} and {} and {1234}", ["{x} and {} and {1234}"]),
        ("{12} ", [12, " "]),
    ],
)
def test_split_cloze(text: str, expected: list[str | int]) -> None:
    assert split_cloze(text) == expected


def test_layout_tokens_for_drop_downs_only() -> None:
    layout = CLOZE.present(SPHERES, random.Random(1), shuffle=False)
    typed, options = layout["gaps"]
    assert typed == []
    assert sorted(option_id for _t, option_id in options) == ["1", "2", "wirtschaft"]
    assert not {t for t, _ in options} & {"1", "2", "wirtschaft"}


def test_drop_down_options_are_shuffled_even_without_quiz_shuffle() -> None:
    orders = {
        tuple(o for _t, o in CLOZE.present(SPHERES, random.Random(s), shuffle=False)["gaps"][1])
        for s in range(20)
    }
    assert len(orders) > 1


def test_form_round_trip_and_grade() -> None:
    layout = CLOZE.present(SPHERES, random.Random(1), shuffle=True)
    token = {option_id: t for t, option_id in layout["gaps"][1]}
    values = {"1": ["  Bereiche "], "2": [token["1"]], "3": ["ignored"]}
    response = CLOZE.response_from_form(SPHERES, layout, values)
    assert response == ["Bereiche", "1"]
    assert CLOZE.form_values(SPHERES, layout, response) == {"1": ["Bereiche"], "2": [token["1"]]}
    grade = CLOZE.grade(SPHERES, response, 4.0)
    assert grade.points == 3.0  # half of the first gap, all of the second
    assert grade.parts == (False, True)
    assert [f["de"] for f in grade.feedback] == ["Fachwort?"]


def test_unknown_and_foreign_tokens_give_no_answer() -> None:
    mine = CLOZE.present(SPHERES, random.Random(1), shuffle=True)
    other = CLOZE.present(SPHERES, random.Random(1), shuffle=True)
    values = {"2": [other["gaps"][1][0][0]]}
    assert CLOZE.response_from_form(SPHERES, mine, values) == [None, None]
    assert CLOZE.response_from_form(SPHERES, mine, {"2": ["1"]}) == [None, None]


@pytest.mark.parametrize(
    ("response", "points", "parts", "feedback"),
    [
        (["spheres", "1"], 4.0, (True, True), []),
        (["SPHÄREN", "2"], 2.0, (True, False), ["Nein"]),
        (["Bereiche", "wirtschaft"], 1.0, (False, False), ["Fachwort?"]),
        (["nix", None], 0.0, (False, False), []),
        ([None, "1"], 2.0, (False, True), []),
        (["1", "Sphären"], 0.0, (False, False), []),  # entries in the wrong gaps
        (["Sphären"], 2.0, (True, False), []),
        (["Sphären", "1", "extra"], 4.0, (True, True), []),
        ([], 0.0, (False, False), []),
        (None, 0.0, (False, False), []),
        ("Sphären", 0.0, (False, False), []),
        ({"1": "Sphären"}, 0.0, (False, False), []),
        ([["Sphären"], {"id": "1"}], 0.0, (False, False), []),
        ([1, True], 0.0, (False, False), []),
        (["x" * 100_000, "1"], 2.0, (False, True), []),
    ],
)
def test_grade(
    response: object, points: float, parts: tuple[bool, ...], feedback: list[str]
) -> None:
    grade = CLOZE.grade(SPHERES, response, 4.0)
    assert (grade.points, grade.parts) == (points, parts)
    assert [f["de"] for f in grade.feedback] == feedback


def test_typed_gap_with_pattern() -> None:
    settings, problems = parse("text: {de: 'Jahr {1}'}\ngaps:\n  - pattern: '(19|20)[0-9]{2}'\n")
    assert problems == []
    assert CLOZE.grade(settings, ["2024"], 1.0).correct
    assert not CLOZE.grade(settings, ["1800"], 1.0).correct


GAPS = "gaps:\n  - answers: [a]\n  - answers: [b]\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("text: {de: 'x {1} {2}', en: 'x {1}'}\n" + GAPS, [(1, "text.en: gap {2} is missing")]),
        (
            "text: {de: 'x {1} {2} {3}'}\n" + GAPS,
            [(1, "text.de: {3} has no gap (2 gaps)")],
        ),
        (
            "text:\n  de: 'x {1} {2}'\n  en: 'x {1} {1} {2}'\n" + GAPS,
            [(3, "text.en: {1} occurs more than once")],
        ),
        ("text: {de: 'x {0} {1} {2}'}\n" + GAPS, [(1, "text.de: {0} has no gap (2 gaps)")]),
        ("text: {de: 'x'}\ngaps: []\n", [(2, "a cloze needs at least one gap")]),
        ("text: {de: 'x {1}'}\n", [(1, "missing 'gaps'"), (1, "text.de: {1} has no gap (0 gaps)")]),
        (
            "text: {de: 'x {1}'}\ngaps:\n  - answers: [a]\n    options: []\n",
            [(3, "unknown key 'answers'"), (4, "a drop-down gap needs two options, one correct")],
        ),
        (
            "text: {de: 'x {1}'}\ngaps:\n  - options:\n      - {text: {de: A}, correct: true}\n"
            "      - {text: {de: B}, correct: true}\n",
            [(3, "a drop-down gap needs two options, one correct")],
        ),
        (
            "text: {de: 'x {1}'}\ngaps:\n  - options:\n      - {text: {de: A}, correct: true}\n"
            "      - {id: '1', text: {de: B}}\n",
            [(5, "option id '1' is used twice")],
        ),
        (
            "text: {de: 'x {1}'}\ngaps:\n  - options:\n      - {text: {de: A}, correct: yes}\n"
            "      - {text: {de: B}, colour: red}\n",
            [
                (4, "'correct' must be true or false"),
                (5, "unknown key 'colour'"),
                (3, "a drop-down gap needs two options, one correct"),
            ],
        ),
        (
            "text: {de: 'x {1}'}\ngaps:\n  - answers: [a]\n    pattern: '[a-'\n",
            [(4, "invalid pattern: unterminated character set at position 0")],
        ),
        (
            "text: {de: 'x {1}'}\ngaps:\n  - just text\n",
            [(3, "expected a mapping of keys and values")],
        ),
        (
            "text: 'x {1}'\ngaps:\n  - answers: [a]\n",
            [(1, "'text' must give a text per language (de: ..., en: ...)")],
        ),
    ],
)
def test_parse_errors_name_their_line(text: str, expected: list[tuple[int, str]]) -> None:
    assert parse(text)[1] == expected


def test_registered_without_a_prompt() -> None:
    report = Report("quiz.yaml")
    node = load_yaml_text(
        "id: gap\ntype: cloze\nfeedback: {de: So, en: So}\n"
        "text: {de: 'Ja {1}', en: 'Yes {1}'}\ngaps:\n  - answers: [ja, yes]\n",
        report,
    )
    spec = parse_question(Fields(node, report))
    assert [p for p in report.problems if p.severity == "error"] == []
    assert spec is not None
    assert spec["prompt"] == {}
    assert QUESTION_TYPES["cloze"].grade(spec["settings"], ["YES"], 1.0).correct


@given(JSON)
def test_any_json_response_grades_within_range(response: object) -> None:
    grade = CLOZE.grade(SPHERES, response, 3.0)
    assert 0.0 <= grade.points <= 3.0
    assert len(grade.parts) == 2


@given(
    st.lists(
        st.none() | st.sampled_from(["1", "2", "wirtschaft", "Sphären"]) | st.text(), max_size=3
    )
)
def test_gap_shaped_responses_grade_within_range(response: list[Any]) -> None:
    assert 0.0 <= CLOZE.grade(SPHERES, response, 3.0).points <= 3.0
