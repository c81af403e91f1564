"""`qualify content check` on a qualification's practice assignment: the question must be
an essay of the course's quiz that attempts never draw; each problem at its line. Stored
rules from before assignments named their question still load."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qualify.certificates.ruledata import rules_from_data
from qualify.certificates.rules import Assignment, AssignmentResult, Evidence, evaluate
from qualify.content import load_content

FIXTURES = Path(__file__).parent.parent / "fixtures"
TEXTS = "{de: Q, en: Q, fr: Q, ru: Q, ar: Q, es: Q, pl: Q, vi: Q}"
ESSAY = """
  - id: praxis
    tags: [praxis]
    type: essay
    prompt: {de: Schreiben Sie., en: Write.}
    feedback: {de: Danke., en: Thanks.}
"""
DRAWN = "draw: {grundlagen: 1}\n"
TAGGED = "    tags: [grundlagen]\n"


def check(tmp_path: Path, quiz_head: str, question: str, essay: str = ESSAY) -> list[str]:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", content)
    quiz = content / "testkurs" / "quiz.yaml"
    text = quiz.read_text("utf-8").replace(
        "    type: single_choice\n", TAGGED + "    type: single_choice\n", 1
    )
    quiz.write_text(quiz_head + text + essay, "utf-8")
    certificates = tmp_path / "certificates"
    certificates.mkdir()
    (certificates / "q.yaml").write_text(
        f"id: q\ntitle: {TEXTS}\ndescription: {TEXTS}\n"
        f"assignment:\n  course: testkurs\n  question: {question}\n",
        "utf-8",
    )
    problems = load_content(content, certificates).problems
    return [f"{p.path}:{p.line}: {p.message}" for p in problems if p.severity == "error"]


def test_an_essay_that_is_not_drawn_is_fine(tmp_path: Path) -> None:
    assert check(tmp_path, DRAWN, "praxis") == []


@pytest.mark.parametrize(
    ("head", "question", "essay", "problem"),
    [
        (
            DRAWN,
            "fehlt",
            ESSAY,
            "the assignment's question 'fehlt' is not in the quiz of 'testkurs'",
        ),
        (
            DRAWN,
            "farbe",
            ESSAY,
            "the assignment's question 'farbe' is a single_choice question, not an essay",
        ),
        (
            "",
            "praxis",
            ESSAY,
            "the assignment's question 'praxis' would be drawn into quiz attempts",
        ),
        (
            "draw: {grundlagen: 1, praxis: 1}\n",
            "praxis",
            ESSAY,
            "would be drawn into quiz attempts",
        ),
    ],
)
def test_problems_are_named_at_the_question_line(
    tmp_path: Path, head: str, question: str, essay: str, problem: str
) -> None:
    [found] = check(tmp_path, head, question, essay)
    assert found.startswith("certificates/q.yaml:6: ") and problem in found


def test_rules_stored_before_the_question_was_named_load_as_unavailable() -> None:
    rules = rules_from_data({"assignment": {"course": "testkurs", "min_percent": 50}})
    assert rules.assignment == Assignment("testkurs", "", 50)
    evidence = Evidence(
        available=frozenset({"testkurs"}),
        assignments={("testkurs", ""): AssignmentResult(100.0)},
        assignment_questions=frozenset({("testkurs", "praxis")}),
    )
    assert not evaluate(rules, evidence).attainable
