"""Structure rules: pure modules stay free of Flask and SQLAlchemy; schema == migrations."""

from __future__ import annotations

import ast
import statistics
import subprocess
import sys
from pathlib import Path

import pytest

import qualify
from qualify.extensions import db
from qualify.migrations import check

PURE_MODULES = [
    "qualify.core.contentfile",
    "qualify.core.contentwrite",
    "qualify.core.locales",
    "qualify.core.clock",
    "qualify.courses.coursefile",
    "qualify.courses.courseimages",
    "qualify.courses.imagefile",
    "qualify.courses.markdown",
    "qualify.courses.progress",
    "qualify.courses.glossary",
    "qualify.courses.readability",
    "qualify.courses.currency",
    "qualify.assessment.questiontypes",
    "qualify.assessment.questiontypes.choice",
    "qualify.assessment.questiontypes.numeric",
    "qualify.assessment.questiontypes.text",
    "qualify.assessment.questiontypes.matching",
    "qualify.assessment.questiontypes.ordering",
    "qualify.assessment.questiontypes.cloze",
    "qualify.assessment.questiontypes.essay",
    "qualify.assessment.policy",
    "qualify.assignments.handing_in",
    "qualify.assessment.gift",
    "qualify.assessment.gift.quizyaml",
    "qualify.assessment.grading",
    "qualify.assessment.quizfile",
    "qualify.certificates.rules",
    "qualify.certificates.codes",
    "qualify.certificates.bundle",
    "qualify.certificates.linkedin",
    "qualify.certificates.pdf",
    "qualify.certificates.fonts",
    "qualify.certificates.keys",
    "qualify.certificates.signing",
    "qualify.certificates.pdfcheck",
    "qualify.badges.contexts",
    "qualify.badges.criteria",
    "qualify.badges.credential",
    "qualify.badges.signing",
    "qualify.badges.statuslist",
    "qualify.badges.verify",
    "qualify.learners.attendance_sheet",
    "qualify.accounts.passwords",
    "qualify.accounts.names",
    "qualify.core.tables",
    "qualify.core.textcolumns",
    "qualify.learners.progress_matrix",
    "qualify.learners.progress_chart",
    "qualify.reports.report",
    "qualify.reports.suppression",
    "qualify.authoring.coursemeta",
]

BLOCKER = """
import sys
BLOCKED = set(sys.argv[2].split(','))
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in BLOCKED:
            raise ImportError('blocked module imported: ' + name)
sys.meta_path.insert(0, Block())
import importlib
importlib.import_module(sys.argv[1])
"""
FLASK = "flask,flask_babel,flask_login,flask_wtf,flask_limiter,wtforms,werkzeug"
PACKAGE_ROOT = Path(qualify.__file__).parent
# Models and services run in workers and commands too: they must not need Flask.
FLASK_FREE_MODULES = sorted(
    [
        "qualify.core.orm",
        "qualify.db",
        *(
            ".".join(path.relative_to(PACKAGE_ROOT.parent).with_suffix("").parts)
            for name in ("models.py", "service.py", "review.py")
            for path in PACKAGE_ROOT.glob(f"*/{name}")
        ),
    ]
)


def import_blocked(module: str, blocked: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", BLOCKER, module, blocked],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("module", PURE_MODULES)
def test_pure_module_imports_neither_flask_nor_sqlalchemy(module: str) -> None:
    # qualify/__init__ imports nothing from Flask at import time, so this isolates the module.
    result = import_blocked(module, f"{FLASK},sqlalchemy")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("module", FLASK_FREE_MODULES)
def test_models_and_services_import_without_flask(module: str) -> None:
    result = import_blocked(module, FLASK)
    assert result.returncode == 0, result.stderr


def test_the_blocker_notices_flask() -> None:
    assert len(FLASK_FREE_MODULES) >= 10
    assert import_blocked("qualify.extensions", FLASK).returncode != 0


def view_lengths() -> dict[str, int]:
    """Lines of every route function, from its def to its last line (decorators left out)."""
    lengths = {}
    for path in PACKAGE_ROOT.rglob("*views.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            routed = isinstance(node, ast.FunctionDef) and any(
                isinstance(d, ast.Call) and getattr(d.func, "attr", "") == "route"
                for d in node.decorator_list
            )
            if routed:
                name = f"{path.relative_to(PACKAGE_ROOT)}:{node.name}"
                lengths[name] = node.end_lineno - node.lineno + 1
    return lengths


def test_views_stay_thin() -> None:
    """Parse, authorise, call one service, render: a median of 15 lines, none over 25."""
    lengths = view_lengths()
    assert len(lengths) >= 20
    assert statistics.median(lengths.values()) <= 15, sorted(lengths.items(), key=lambda i: -i[1])
    assert {name: n for name, n in lengths.items() if n > 25} == {}


@pytest.mark.committed  # Alembic opens its own connection and transaction
def test_models_and_migrations_agree(app) -> None:  # noqa: ANN001
    with db.engine.connect() as connection:
        check(connection=connection)
