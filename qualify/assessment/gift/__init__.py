"""Moodle GIFT interchange for quizzes: read GIFT into quiz.yaml questions, write specs as GIFT.

Pure: no Flask, no database. `qualify quiz import-gift` and `export-gift` (assessment/cli.py)
wrap these with files.
"""

from __future__ import annotations

from qualify.assessment.gift.common import GiftError, slugify
from qualify.assessment.gift.importing import (
    ImportPlan,
    Refusal,
    check_questions,
    is_missing_translation,
    plan_import,
)
from qualify.assessment.gift.parse import GiftQuestion, read_gift
from qualify.assessment.gift.write import write_gift

__all__ = [
    "GiftError",
    "GiftQuestion",
    "ImportPlan",
    "Refusal",
    "check_questions",
    "is_missing_translation",
    "plan_import",
    "read_gift",
    "slugify",
    "write_gift",
]
