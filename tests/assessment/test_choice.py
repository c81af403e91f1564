"""Single choice, multiple choice (shares and weights) and true/false: parsing and grading."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualify.assessment.grading import grade_attempt, summarise
from qualify.assessment.questiontypes import QUESTION_TYPES, Grade, parse_question
from qualify.assessment.questiontypes.base import build_registry
from qualify.assessment.questiontypes.choice import SingleChoice
from qualify.assessment.quizfile import load_quiz_text
from qualify.core.contentfile import Fields, Report, load_yaml_text

SINGLE = {
    "options": [
        {"id": "a", "correct": True, "weight": None, "feedback": {"de": "Ja."}},
        {"id": "b", "correct": False, "weight": None, "feedback": {"de": "Nein."}},
    ],
    "shuffle": None,
}
MULTI = {
    "options": [
        {"id": "a", "correct": True, "weight": None, "feedback": {}},
        {"id": "b", "correct": True, "weight": None, "feedback": {}},
        {"id": "c", "correct": False, "weight": None, "feedback": {"de": "Falsch."}},
        {"id": "d", "correct": False, "weight": None, "feedback": {}},
    ],
    "shuffle": None,
}
WEIGHTED = {
    "options": [
        {"id": "a", "correct": True, "weight": 50.0, "feedback": {}},
        {"id": "b", "correct": True, "weight": 50.0, "feedback": {}},
        {"id": "c", "correct": False, "weight": -100.0, "feedback": {}},
    ],
    "shuffle": None,
}


def parse(text: str) -> tuple[dict | None, list[str]]:
    report = Report("quiz.yaml")
    spec = parse_question(Fields(load_yaml_text(text, report), report))
    return spec, [f"{p.line}: {p.severity}: {p.message}" for p in report.problems]


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
        ({"a": 1}, 0.0),
        ([1, 2], 0.0),
        (["a" * 100_000], 0.0),
    ],
)
def test_single_choice(response: object, points: float) -> None:
    assert QUESTION_TYPES["single_choice"].grade(SINGLE, response, 2.0).points == points


def test_single_choice_feedback_is_the_picked_options() -> None:
    grade = QUESTION_TYPES["single_choice"].grade(SINGLE, ["b"], 1.0)
    assert grade.feedback == ({"de": "Nein."},) and not grade.correct


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
        (["a", "a"], 1.0),
    ],
)
def test_multiple_choice_partial_credit_never_below_zero(response: object, points: float) -> None:
    assert QUESTION_TYPES["multiple_choice"].grade(MULTI, response, 2.0).points == points


@pytest.mark.parametrize(
    ("response", "points"), [(["a"], 1.0), (["a", "b"], 2.0), (["a", "b", "c"], 0.0)]
)
def test_multiple_choice_with_moodle_style_weights(response: list[str], points: float) -> None:
    assert QUESTION_TYPES["multiple_choice"].grade(WEIGHTED, response, 2.0).points == points


@pytest.mark.parametrize(
    ("response", "points", "feedback"),
    [(True, 1.0, "T"), (False, 0.0, "F"), (None, 0.0, None), ("true", 0.0, None), (1, 0.0, None)],
)
def test_true_false(response: object, points: float, feedback: str | None) -> None:
    settings = {"answer": True, "feedback_true": {"de": "T"}, "feedback_false": {"de": "F"}}
    grade = QUESTION_TYPES["true_false"].grade(settings, response, 1.0)
    assert grade.points == points
    assert grade.feedback == (({"de": feedback},) if feedback else ())


def test_layout_tokens_are_opaque_and_map_back() -> None:
    layout = QUESTION_TYPES["multiple_choice"].present(MULTI, random.Random(1), True)
    assert sorted(layout["order"]) == ["a", "b", "c", "d"]
    assert not set(layout["tokens"]) & {"a", "b", "c", "d", "0", "1", "2", "3"}
    token_of = {option: token for token, option in layout["tokens"].items()}
    response = QUESTION_TYPES["multiple_choice"].response_from_form(
        MULTI, layout, {"": [token_of["b"], "forged", token_of["a"]]}
    )
    assert set(response) == {"a", "b"}
    prefilled = QUESTION_TYPES["multiple_choice"].form_values(MULTI, layout, response)
    assert set(prefilled[""]) == {token_of["a"], token_of["b"]}


def test_tokens_of_another_attempt_mean_nothing() -> None:
    mine = QUESTION_TYPES["single_choice"].present(SINGLE, random.Random(1), True)
    theirs = QUESTION_TYPES["single_choice"].present(SINGLE, random.Random(1), True)
    assert (
        QUESTION_TYPES["single_choice"].response_from_form(
            SINGLE, mine, {"": list(theirs["tokens"])[:1]}
        )
        == []
    )


def test_shuffle_follows_the_quiz_unless_the_question_says_otherwise() -> None:
    orders = {
        tuple(QUESTION_TYPES["multiple_choice"].present(MULTI, random.Random(s), True)["order"])
        for s in range(20)
    }
    assert len(orders) > 1
    fixed = dict(MULTI, shuffle=False)
    layout = QUESTION_TYPES["multiple_choice"].present(fixed, random.Random(3), True)
    assert layout["order"] == ["a", "b", "c", "d"]
    assert QUESTION_TYPES["multiple_choice"].present(MULTI, random.Random(3), False)["order"] == [
        "a",
        "b",
        "c",
        "d",
    ]


def test_single_choice_rejects_two_picks() -> None:
    layout = QUESTION_TYPES["single_choice"].present(SINGLE, random.Random(1), True)
    values = {"": list(layout["tokens"])}
    assert QUESTION_TYPES["single_choice"].response_from_form(SINGLE, layout, values) == []


def test_registry_refuses_duplicate_names() -> None:
    with pytest.raises(ValueError, match="registered twice"):
        build_registry([SingleChoice(), SingleChoice()])


def test_parse_errors_name_their_lines() -> None:
    _spec, problems = parse(
        """id: frage
type: single_choice
prompt: {de: Frage}
options:
  - id: a
    text: {de: A}
    correct: true
  - id: a
    text: {de: B}
    correct: true
"""
    )
    assert "8: error: option id 'a' is used twice" in problems
    assert any(p.startswith("4: error: single_choice needs exactly one correct") for p in problems)
    assert "1: warning: question 'frage' has no feedback" in problems


def test_weights_must_add_up_and_agree_with_correct() -> None:
    _spec, problems = parse(
        """id: frage
type: multiple_choice
prompt: {de: Frage}
feedback: {de: Weil.}
options:
  - {id: a, text: {de: A}, weight: 50}
  - {id: b, text: {de: B}, weight: 20, correct: false}
  - {id: c, text: {de: C}, weight: 120}
"""
    )
    assert "7: error: an option is correct exactly when its weight is above 0" in problems
    assert "8: error: 'weight' must be a number from -100 to 100" in problems
    assert "5: error: the positive weights add up to 70, not 100" in problems


def test_unknown_type_and_keys_are_errors() -> None:
    spec, problems = parse("id: x\ntype: drag_and_drop\nprompt: {de: X}\n")
    assert spec is None and any("unknown question type 'drag_and_drop'" in p for p in problems)
    _spec, problems = parse("id: x\ntype: true_false\nanswer: true\nprompt: {de: X}\ncolour: 1\n")
    assert "5: error: unknown key 'colour'" in problems


def test_attempt_percent_pass_mark_and_pending() -> None:
    spec_a = {"type": "single_choice", "points": 1, "settings": SINGLE}
    spec_b = {"type": "multiple_choice", "points": 3, "settings": MULTI}
    result = grade_attempt([(spec_a, ["a"]), (spec_b, ["a"])], pass_mark=60)
    assert (result.points, result.max_points, result.percent, result.passed) == (2.5, 4, 62.5, True)
    assert grade_attempt([(spec_a, ["b"]), (spec_b, ["a"])], pass_mark=60).passed is False
    pending = summarise([Grade(1.0, 1.0), Grade(0.0, 3.0, pending=True)], 20)
    assert pending.passed is None and pending.pending and pending.percent == 25.0


@given(st.lists(st.text(max_size=5), max_size=6) | st.none() | st.integers() | st.text())
def test_multiple_choice_score_stays_in_range(response: object) -> None:
    grade = QUESTION_TYPES["multiple_choice"].grade(MULTI, response, 2.0)
    assert 0.0 <= grade.points <= 2.0


def test_an_option_that_is_not_a_mapping_is_reported_once_and_not_counted() -> None:
    spec, problems = parse(
        """id: frage
type: single_choice
prompt: {de: Frage}
feedback: {de: Ja.}
options:
  - Blau
  - id: a
    text: {de: A}
    correct: true
"""
    )
    assert spec is not None  # the caller discards a question with errors
    assert [option["id"] for option in spec["settings"]["options"]] == ["a"]
    assert [p for p in problems if ": error: " in p] == [
        "6: error: expected a mapping of keys and values",
        "5: error: a choice question needs two options",
    ]


def test_quiz_problems_are_shown_in_the_readers_language() -> None:
    german = {
        "error": "Fehler",
        "option id %(id)r is used twice": "Antwort-ID %(id)r kommt zweimal vor",
        "single_choice needs exactly one correct option (weight 100), has %(count)d": (
            "single_choice braucht genau eine richtige Antwort (Gewicht 100), hat %(count)d"
        ),
        "draw is %(draw)d but the pool has only %(count)d questions": (
            "draw ist %(draw)d, aber der Pool hat nur %(count)d Fragen"
        ),
    }
    _spec, problems = load_quiz_text(
        """draw: 3
questions:
  - id: frage
    type: single_choice
    prompt: {de: Frage}
    feedback: {de: Weil.}
    options:
      - {id: a, text: {de: A}, correct: true}
      - {id: a, text: {de: B}, correct: true}
""",
        "kurs/quiz.yaml",
        "kurs",
    )
    shown = [p.localized(lambda msgid: german.get(msgid, msgid)) for p in problems]
    assert "kurs/quiz.yaml:9: Fehler: Antwort-ID 'a' kommt zweimal vor" in shown
    assert (
        "kurs/quiz.yaml:7: Fehler: single_choice braucht genau eine richtige Antwort "
        "(Gewicht 100), hat 2"
    ) in shown
    assert "kurs/quiz.yaml:1: Fehler: draw ist 3, aber der Pool hat nur 1 Fragen" in shown
    # English stays as it was, for the logs and every test that reads it
    assert "kurs/quiz.yaml:9: error: option id 'a' is used twice" in map(str, problems)
