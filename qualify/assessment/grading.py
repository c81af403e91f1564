"""Grade a whole attempt from stored question specs and responses. Pure functions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from qualify.assessment.questiontypes import QUESTION_TYPES, Grade


@dataclass(frozen=True)
class AttemptResult:
    grades: tuple[Grade, ...]
    points: float
    max_points: float
    percent: float
    passed: bool


def grade_question(spec: Mapping[str, Any], response: Any) -> Grade:
    question_type = QUESTION_TYPES[spec["type"]]
    return question_type.grade(spec["settings"], response, float(spec["points"]))


def grade_attempt(
    answered: Sequence[tuple[Mapping[str, Any], Any]], pass_mark: int
) -> AttemptResult:
    """Grade (spec, response) pairs; the attempt passes at pass_mark percent or more."""
    grades = tuple(grade_question(spec, response) for spec, response in answered)
    points = round(sum(g.points for g in grades), 4)
    max_points = sum(g.max_points for g in grades)
    percent = round(100 * points / max_points, 2) if max_points else 0.0
    return AttemptResult(grades, points, max_points, percent, percent >= pass_mark)
