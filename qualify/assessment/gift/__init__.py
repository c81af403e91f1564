"""Moodle GIFT interchange for quizzes: read GIFT into quiz.yaml questions, write specs as GIFT.

Pure: no Flask, no database. `qualify quiz import-gift` and `export-gift` (assessment/cli.py)
wrap these with files.
"""

from __future__ import annotations

from collections.abc import Iterable

from qualify.assessment.gift.common import GiftError, slugify
from qualify.assessment.gift.parse import GiftQuestion, read_gift
from qualify.assessment.gift.write import write_gift
from qualify.assessment.quizfile import parse_quiz_question
from qualify.core.contentfile import Problem, Report

__all__ = [
    "GiftError",
    "GiftQuestion",
    "check_questions",
    "read_gift",
    "slugify",
    "write_gift",
]


def check_questions(questions: Iterable[GiftQuestion], path: str) -> list[Problem]:
    """Validate each question as quiz.yaml would, naming the GIFT line it came from."""
    report = Report(path)
    for question in questions:
        parse_quiz_question(question.mapping, report, question.line)
    return report.problems
