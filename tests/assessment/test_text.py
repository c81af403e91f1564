"""Short text questions: accepted answers, weights, patterns and normalisation."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualify.assessment.questiontypes import QUESTION_TYPES, parse_question
from qualify.assessment.questiontypes.text import MAX_TEXT_CHARS, ShortText, match_text, normalise
from qualify.core.contentfile import Fields, Report, load_yaml_text
from tests.assessment.strategies import ANY_JSON, parse_settings

SHORT = ShortText()
JSON = ANY_JSON


def parse(text: str) -> tuple[dict[str, Any], list[tuple[int, str]]]:
    return parse_settings(SHORT, text)


BOOK, _ = parse(
    """
    answers:
      - Kassenbuch
      - cash book
      - text: Kassenheft
        weight: 50
        feedback: {de: Fast, en: Nearly}
      - text: Kasse
        weight: 0
        feedback: {de: Zu kurz, en: Too short}
    pattern: "kassen ?buch(es)?"
    """
)


def test_settings() -> None:
    assert BOOK["answers"][0] == {"text": "Kassenbuch", "weight": 100.0, "feedback": {}}
    assert BOOK["answers"][2]["weight"] == 50.0
    assert BOOK["pattern"] == "kassen ?buch(es)?"
    assert BOOK["case_sensitive"] is False


@pytest.mark.parametrize(
    ("response", "points", "feedback"),
    [
        ("Kassenbuch", 2.0, None),
        ("  kassenBUCH ", 2.0, None),
        ("Cash   Book", 2.0, None),
        ("cash\u00a0book", 2.0, None),
        ("\uff23ash book", 2.0, None),  # full-width C: NFKC
        ("Kassen buch", 2.0, None),  # by the pattern
        ("KASSENBUCHES", 2.0, None),
        ("Kassenheft", 1.0, "Fast"),
        ("Kasse", 0.0, "Zu kurz"),
        ("Kassenbuch!", 0.0, None),
        ("das Kassenbuch", 0.0, None),
        ("", 0.0, None),
        (None, 0.0, None),
        (["Kassenbuch"], 0.0, None),
        ({"text": "Kassenbuch"}, 0.0, None),
        (42, 0.0, None),
        ("Kassenbuch" + " " * MAX_TEXT_CHARS, 0.0, None),  # too long to be a short answer
        ("a" * 100_000, 0.0, None),
        ("\U0001f4d6", 0.0, None),
    ],
)
def test_grade(response: object, points: float, feedback: str | None) -> None:
    grade = SHORT.grade(BOOK, response, 2.0)
    assert grade.points == points
    assert [f["de"] for f in grade.feedback] == ([feedback] if feedback else [])


def test_case_sensitive_answers_and_pattern() -> None:
    settings, problems = parse("answers: [NaCl]\npattern: 'H2O|CO2'\ncase_sensitive: true\n")
    assert problems == []
    assert SHORT.grade(settings, "NaCl", 1.0).correct
    assert not SHORT.grade(settings, "nacl", 1.0).correct
    assert SHORT.grade(settings, "CO2", 1.0).correct
    assert not SHORT.grade(settings, "co2", 1.0).correct


def test_pattern_sees_unfolded_text_so_eszett_matches_case_insensitively() -> None:
    settings, _ = parse("pattern: 'stra(ß|ss)e'\n")
    assert SHORT.grade(settings, "STRASSE", 1.0).correct
    assert SHORT.grade(settings, "Straße", 1.0).correct
    assert not SHORT.grade(settings, "Strasse 1", 1.0).correct


def test_eszett_answers_fold_to_ss() -> None:
    settings, _ = parse("answers: [Straße]\n")
    assert SHORT.grade(settings, "STRASSE", 1.0).correct


def test_empty_response_never_matches_a_pattern_that_accepts_empty() -> None:
    settings, _ = parse("pattern: 'a*'\n")
    assert SHORT.grade(settings, "   ", 1.0).points == 0.0
    assert SHORT.grade(settings, "aaa", 1.0).correct


def test_normalise() -> None:
    assert normalise("  A\t\n b\u2003C ") == "a b c"
    assert normalise("Ab  C", fold=False) == "Ab C"
    assert normalise("ﬁ") == "fi"


def test_match_text_is_reusable_without_settings() -> None:
    answers = [{"text": "ja", "weight": 100.0, "feedback": {"de": "Gut"}}]
    assert match_text(answers, None, False, " JA ") == (100.0, {"de": "Gut"})
    assert match_text(answers, None, False, "nein") == (0.0, {})


def test_form_round_trip() -> None:
    response = SHORT.response_from_form(BOOK, {}, {"": ["  cash book  "]})
    assert response == "cash book"
    assert SHORT.form_values(BOOK, {}, response) == {"": ["cash book"]}
    assert SHORT.form_values(BOOK, {}, ["x"]) == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "case_sensitive: false\n",
            [(1, "missing 'answers'"), (1, "needs an answer with weight 100 or a pattern")],
        ),
        (
            "answers:\n  - text: a\n    weight: 50\n",
            [(1, "needs an answer with weight 100 or a pattern")],
        ),
        ("answers:\n  - a\n  - ' A '\n", [(3, "answer 'A' is given twice")]),
        ("answers:\n  - a\n  - ''\n", [(3, "an answer must not be empty")]),
        ("answers:\n  - a\n  - [b]\n", [(3, "an answer is a text or a mapping with 'text'")]),
        (
            "answers:\n  - a\n  - text: b\n    weight: -5\n",
            [(4, "'weight' must be a number from 0 to 100")],
        ),
        ("answers:\n  - a\n  - text: b\n    colour: red\n", [(4, "unknown key 'colour'")]),
        ("answers: [a]\ncase_sensitive: maybe\n", [(2, "'case_sensitive' must be true or false")]),
        (
            "answers: a\n",
            [(1, "'answers' must be a list"), (1, "needs an answer with weight 100 or a pattern")],
        ),
        ("answers: [a]\npattern: '" + "a" * 501 + "'\n", [(2, "the pattern is too long")]),
    ],
)
def test_parse_errors_name_their_line(text: str, expected: list[tuple[int, str]]) -> None:
    assert parse(text)[1] == expected


def test_invalid_pattern_is_reported_at_its_line() -> None:
    settings, problems = parse("answers: [a]\npattern: 'kassen(buch'\n")
    assert [line for line, _ in problems] == [2]
    assert problems[0][1].startswith("invalid pattern: missing )")
    assert settings["pattern"] is None


def test_case_sensitive_answers_may_differ_in_case_only() -> None:
    assert parse("answers: [Ab, ab]\ncase_sensitive: true\n")[1] == []


def test_registered_and_parsed_as_a_question() -> None:
    report = Report("quiz.yaml")
    node = load_yaml_text(
        "id: book\ntype: short_text\nprompt: {de: Buch?, en: Book?}\n"
        "feedback: {de: So, en: So}\nanswers: [Kassenbuch]\n",
        report,
    )
    spec = parse_question(Fields(node, report))
    assert report.problems == []
    assert spec is not None
    assert QUESTION_TYPES["short_text"].grade(spec["settings"], "kassenbuch", 1.0).correct


@given(JSON)
def test_any_json_response_grades_within_range(response: object) -> None:
    assert 0.0 <= SHORT.grade(BOOK, response, 3.0).points <= 3.0


@given(st.text(max_size=60))
def test_any_text_grades_within_range(response: str) -> None:
    grade = SHORT.grade(BOOK, response, 3.0)
    assert grade.points in (0.0, 1.5, 3.0)
