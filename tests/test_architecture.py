"""Structure rules: pure modules stay free of Flask and SQLAlchemy; schema == migrations."""

from __future__ import annotations

import subprocess
import sys

import pytest

from qualify.extensions import db
from qualify.migrations import check

PURE_MODULES = [
    "qualify.core.contentfile",
    "qualify.courses.coursefile",
    "qualify.courses.progress",
    "qualify.courses.glossary",
    "qualify.courses.readability",
    "qualify.assessment.questiontypes",
    "qualify.assessment.questiontypes.choice",
    "qualify.assessment.questiontypes.numeric",
    "qualify.assessment.questiontypes.text",
    "qualify.assessment.questiontypes.matching",
    "qualify.assessment.questiontypes.ordering",
    "qualify.assessment.questiontypes.cloze",
    "qualify.assessment.questiontypes.essay",
    "qualify.assessment.policy",
    "qualify.assessment.gift",
    "qualify.assessment.grading",
    "qualify.assessment.quizfile",
    "qualify.certificates.rules",
    "qualify.certificates.codes",
    "qualify.certificates.pdf",
    "qualify.accounts.passwords",
]

BLOCKER = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('flask', 'sqlalchemy', 'flask_babel', 'flask_login'):
            raise ImportError('pure module imported ' + name)
sys.meta_path.insert(0, Block())
import importlib
importlib.import_module(sys.argv[1])
"""


@pytest.mark.parametrize("module", PURE_MODULES)
def test_pure_module_imports_neither_flask_nor_sqlalchemy(module: str) -> None:
    # qualify/__init__ imports nothing from Flask at import time, so this isolates the module.
    result = subprocess.run(
        [sys.executable, "-c", BLOCKER, module], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_models_and_migrations_agree(app) -> None:  # noqa: ANN001
    with db.engine.connect() as connection:
        check(connection=connection)
