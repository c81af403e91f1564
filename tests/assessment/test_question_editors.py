"""Each question type's editor: a template for every registered type, and the round trip
quiz.yaml mapping -> editor inputs -> mapping for every question we ship."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from qualify.assessment.questiontypes import QUESTION_TYPES
from qualify.assessment.questiontypes.editing import editor_rows, number_from, row_numbers
from qualify.assessment.quizfile import QUIZ_FILE, load_quiz_text

ROOT = Path(__file__).parents[2]
TEMPLATES = ROOT / "qualify" / "assessment" / "templates" / "assessment" / "editors"
QUIZ_FILES = sorted(ROOT.glob(f"course_content/*/{QUIZ_FILE}")) + sorted(
    ROOT.glob(f"tests/fixtures/content/*/{QUIZ_FILE}")
)


def shipped_questions() -> list[dict[str, Any]]:
    questions = []
    for path in QUIZ_FILES:
        spec, problems = load_quiz_text(
            path.read_text(encoding="utf-8"), str(path), path.parent.name
        )
        assert spec is not None, problems
        questions.extend(spec.sources)
    return questions


def numbers_as_the_editor_writes_them(source: Any) -> Any:
    """Accepted answers typed as digits are written as YAML numbers (`- 72`); the quiz
    parser reads `2` and `"2"` as the same answer text."""
    if isinstance(source, dict):
        return {
            key: [_answer(a) for a in value]
            if key == "answers" and isinstance(value, list)
            else numbers_as_the_editor_writes_them(value)
            for key, value in source.items()
        }
    if isinstance(source, list):
        return [numbers_as_the_editor_writes_them(item) for item in source]
    return source


def _answer(answer: Any) -> Any:
    if isinstance(answer, str) and answer.isdigit() and str(int(answer)) == answer:
        return int(answer)
    return numbers_as_the_editor_writes_them(answer)


@pytest.mark.parametrize("name", sorted(QUESTION_TYPES))
def test_every_type_has_an_editor_template(name: str) -> None:
    template = TEMPLATES / f"{name}.html"
    assert template.is_file(), f"add assessment/editors/{name}.html"
    assert "assessment/editors/_inputs.html" in template.read_text(encoding="utf-8")


def test_every_type_is_used_by_some_shipped_question_or_tested_below() -> None:
    used = {q["type"] for q in shipped_questions()}
    assert used | {"essay"} == set(QUESTION_TYPES)


@pytest.mark.parametrize("source", shipped_questions(), ids=lambda q: q["id"])
def test_round_trip_through_the_editor(source: dict[str, Any]) -> None:
    question_type = QUESTION_TYPES[source["type"]]
    values = question_type.editor_values(source)
    assert all(isinstance(v, str) for v in values.values())
    back = question_type.source_from_editor(values)
    assert back == numbers_as_the_editor_writes_them(source)
    # and the quiz parser reads both alike
    spec_back, _ = load_quiz_text_for(back)
    spec_source, _ = load_quiz_text_for(source)
    assert spec_back == spec_source


def load_quiz_text_for(source: dict[str, Any]) -> tuple[Any, Any]:
    from qualify.core.contentwrite import dump_yaml

    spec, problems = load_quiz_text(dump_yaml({"questions": [source]}), "quiz.yaml", "kurs")
    assert spec is not None, problems
    return spec.questions, problems


ESSAY = {
    "id": "aufsatz",
    "type": "essay",
    "points": 4,
    "prompt": {"de": "Beschreiben Sie Ihren Verein.", "en": "Describe your association."},
    "min_words": 50,
    "max_words": 300,
    "grader_info": {"de": "Name, Zweck, Mitglieder.", "en": "Name, purpose, members."},
    "feedback": {"de": "Danke.", "en": "Thank you."},
}


def test_essay_round_trip() -> None:
    essay = QUESTION_TYPES["essay"]
    assert essay.source_from_editor(essay.editor_values(ESSAY)) == ESSAY


def test_empty_rows_and_inputs_are_left_out() -> None:
    values = {
        "id": " frage ",
        "prompt-de": "Was?\r\nWirklich?",
        "prompt-en": "",
        "options-0-id": "a",
        "options-0-text-de": "Ja",
        "options-0-correct": "on",
        "options-1-id": "",
        "options-1-text-de": "",
        "options-5-id": "b",
        "options-5-text-de": "Nein",
        "shuffle": "false",
        "points": "2",
        "tags": "recht, , grundlagen",
    }
    assert QUESTION_TYPES["single_choice"].source_from_editor(values) == {
        "id": "frage",
        "type": "single_choice",
        "points": 2,
        "tags": ["recht", "grundlagen"],
        "prompt": {"de": "Was?\nWirklich?"},
        "options": [
            {"id": "a", "text": {"de": "Ja"}, "correct": True},
            {"id": "b", "text": {"de": "Nein"}},
        ],
        "shuffle": False,
    }
    assert row_numbers(values, "options") == [0, 1, 5]
    assert editor_rows(values, "options") == [0, 1, 5, 6, 7]


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("5", 5),
        ("-12", -12),
        ("0.005", 0.005),
        ("0,5", 0.5),
        ("007", "007"),
        ("1e3", "1e3"),
        ("abc", "abc"),
        ("", None),
        ("12345678901234567890.123", "12345678901234567890.123"),
    ],
)
def test_typed_numbers_become_yaml_numbers_only_when_exact(typed: str, number: Any) -> None:
    assert number_from(typed) == number
