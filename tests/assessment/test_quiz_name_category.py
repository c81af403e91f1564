"""quiz.yaml's optional `name` (Moodle's question name) and `category` (Moodle's category
path) beside the stable `id`: how quizfile checks them and what the spec keeps."""

from __future__ import annotations

from typing import Any

import pytest

from qualify.assessment.quizfile import parse_quiz
from qualify.core.contentfile import Fields, Report, load_yaml_text

QUIZ = """questions:
  - id: meldefrist
    type: true_false
    answer: true
{extra}    prompt: {{de: Binnen 72 Stunden?}}
    feedback: {{de: Ja.}}
"""


def load(extra: str) -> tuple[dict[str, Any] | None, list[str]]:
    """The one question's spec and the error messages for a quiz with `extra` lines."""
    report = Report("quiz.yaml")
    node = load_yaml_text(QUIZ.format(extra=extra), report)
    spec = parse_quiz("kurs", Fields(node, report))
    errors = [f"{p.line}: {p.message}" for p in report.problems if p.severity == "error"]
    return (spec.questions[0] if spec.questions else None), errors


def test_a_question_without_name_has_none_in_its_spec() -> None:
    question, errors = load("")
    assert not errors
    assert question is not None and "name" not in question


def test_the_name_is_kept_as_written() -> None:
    question, errors = load("    name: 'DS-01 Meldefrist: 72 h'\n")
    assert not errors
    assert question is not None
    assert question["name"] == "DS-01 Meldefrist: 72 h" and question["id"] == "meldefrist"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("''", "'name' must be a non-empty text"),
        ("42", "'name' must be a non-empty text"),
        ("[a, b]", "'name' must be a non-empty text"),
        ('"zwei\\nZeilen"', "'name' must be one line without control characters"),
        ("x" * 256, "'name' must be at most 255 characters"),
    ],
)
def test_a_bad_name_is_an_error_on_its_line(value: str, message: str) -> None:
    _, errors = load(f"    name: {value}\n")
    assert errors == [f"5: {message}"]


def test_a_name_of_255_characters_is_fine() -> None:
    question, errors = load(f"    name: {'x' * 255}\n")
    assert not errors and question is not None and question["name"] == "x" * 255


@pytest.mark.parametrize(
    ("value", "kept"),
    [
        ("Datenschutz/Grundlagen", "Datenschutz/Grundlagen"),
        ("Recht", "Recht"),
        ("' Datenschutz / Grundlagen '", "Datenschutz/Grundlagen"),
        ("Grundlagen//Öffnung/Teil 1", "Grundlagen//Öffnung/Teil 1"),  # '//': a slash in a name
    ],
)
def test_the_category_path_is_kept(value: str, kept: str) -> None:
    question, errors = load(f"    category: {value}\n")
    assert not errors
    assert question is not None and question["category"] == kept


def test_a_question_without_category_has_none_in_its_spec() -> None:
    question, _ = load("")
    assert question is not None and "category" not in question


@pytest.mark.parametrize(
    "value", ["''", "42", "[a, b]", "/Datenschutz", "Datenschutz/", "a/ /b", '"a\\tb"']
)
def test_a_bad_category_is_an_error_on_its_line(value: str) -> None:
    _, errors = load(f"    category: {value}\n")
    assert len(errors) == 1
    assert errors[0].startswith("5: 'category' must be")
