"""Parse a course's quiz.yaml into a QuizSpec. Pure: no Flask, no database."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qualify.assessment.questiontypes import parse_question
from qualify.courses.sourcefile import Fields, Problem, Report, display_path, load_yaml_text

QUIZ_FILE = "quiz.yaml"
DEFAULT_PASS_MARK = 70


@dataclass(frozen=True)
class QuizSpec:
    course_id: str
    pass_mark: int
    draw: int | None
    questions: tuple[dict[str, Any], ...]

    @property
    def questions_per_attempt(self) -> int:
        return min(self.draw or len(self.questions), len(self.questions))


def load_quiz(folder: Path, root: Path | None = None) -> tuple[QuizSpec | None, list[Problem]]:
    path = folder / QUIZ_FILE
    report = Report(display_path(path, root))
    if not path.is_file():
        report.error(1, "every course needs a quiz.yaml")
        return None, report.problems
    node = load_yaml_text(path.read_text(encoding="utf-8"), report)
    if node is None:
        return None, report.problems
    fields = Fields(node, report)
    fields.unknown_keys({"pass_mark", "draw", "questions"})
    pass_mark = fields.integer("pass_mark", default=DEFAULT_PASS_MARK, minimum=1, maximum=100)
    draw = fields.integer("draw", default=0, minimum=1) if fields.has("draw") else None
    questions, seen = [], set()
    for item, line in fields.items("questions"):
        question = parse_question(Fields(item, report, where=line))
        if question is None:
            continue
        if question["id"] in seen:
            report.error(line, f"question id {question['id']!r} is used twice")
        seen.add(question["id"])
        questions.append(question)
    if not questions and fields.has("questions"):
        report.error(fields.line_at("questions"), "a quiz needs at least one question")
    if draw and draw > len(questions):
        report.error(
            fields.line_at("draw"),
            f"draw is {draw} but the pool has only {len(questions)} questions",
        )
    if any(p.severity == "error" for p in report.problems):
        return None, report.problems
    spec = QuizSpec(folder.name, pass_mark or DEFAULT_PASS_MARK, draw, tuple(questions))
    return spec, report.problems
