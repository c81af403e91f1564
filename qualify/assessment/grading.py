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
    passed: bool | None  # None while a person still has to grade some answers

    @property
    def pending(self) -> bool:
        return self.passed is None


def grade_question(spec: Mapping[str, Any], response: Any) -> Grade:
    question_type = QUESTION_TYPES[spec["type"]]
    return question_type.grade(spec["settings"], response, float(spec["points"]))


def summarise(grades: Sequence[Grade], pass_mark: int) -> AttemptResult:
    """Total the grades; the attempt passes at pass_mark percent or more, once none is pending."""
    points = round(sum(g.points for g in grades), 4)
    max_points = sum(g.max_points for g in grades)
    percent = round(100 * points / max_points, 2) if max_points else 0.0
    passed = None if any(g.pending for g in grades) else percent >= pass_mark
    return AttemptResult(tuple(grades), points, max_points, percent, passed)


def grade_attempt(
    answered: Sequence[tuple[Mapping[str, Any], Any]], pass_mark: int
) -> AttemptResult:
    """Grade (spec, response) pairs of one attempt."""
    return summarise([grade_question(spec, response) for spec, response in answered], pass_mark)


def detail_of(grade: Grade) -> dict[str, Any]:
    """What the review page needs of a grade, as JSON for the attempt's snapshot."""
    return {"parts": list(grade.parts), "feedback": list(grade.feedback), "pending": grade.pending}
