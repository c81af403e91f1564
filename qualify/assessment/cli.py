"""`qualify quiz ...`: import Moodle GIFT questions into a course's quiz.yaml, export as GIFT.

The files are the source of truth: import-gift only edits quiz.yaml (all questions or
none), and `qualify content import` then publishes them.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import NoReturn

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext
from flask_babel import gettext as _

from qualify.assessment.gift import Refusal, plan_import, write_gift
from qualify.assessment.quizfile import QUIZ_FILE, load_quiz
from qualify.assessment.service import close_expired_attempts
from qualify.core.clock import utcnow
from qualify.core.contentfile import EXPECTED_LOCALES, ID_PATTERN, Problem
from qualify.core.messages import Message, translate
from qualify.extensions import db


@click.group("quiz")
def quiz_group() -> None:
    """Quizzes: exchange questions with Moodle (GIFT format), grade expired attempts."""


def _fail(*lines: str) -> NoReturn:
    for line in lines:
        click.echo(line, err=True)
    sys.exit(1)


def _course_folder(course: str) -> Path:
    folder = Path(current_app.config["CONTENT_DIR"]) / course
    if not ID_PATTERN.match(course) or not folder.is_dir():
        _fail(
            _(
                "Error: no course %(course)r in %(folder)s",
                course=course,
                folder=current_app.config["CONTENT_DIR"],
            )
        )
    return folder


def _refusal(refusal: Refusal, quiz: Path) -> str:
    """Why nothing was imported, in the shell's language."""
    if refusal is Refusal.UNREADABLE:
        return _(
            "Nothing was imported: %(quiz)s must be a mapping with a list of questions.", quiz=quiz
        )
    if refusal is Refusal.QUIZ:
        return _("Nothing was imported: fix %(quiz)s first.", quiz=quiz)
    return _("Nothing was imported.")


def _report(problems: Iterable[Problem], untranslated: int = 0) -> None:
    """Print problems, and one line for the texts lacking English."""
    for problem in sorted(problems):
        click.echo(problem.localized(gettext), err=True)
    if untranslated:
        click.echo(
            _("note: %(count)d texts have no English version yet.", count=untranslated), err=True
        )


@quiz_group.command("import-gift")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("course")
@click.option(
    "--language",
    type=click.Choice(EXPECTED_LOCALES),
    default="de",
    show_default=True,
    help="Language of texts that are not in <span lang=.. class=multilang> spans.",
)
@click.option("--dry-run", is_flag=True, help="Check everything, change nothing.")
@with_appcontext
def import_gift(file: Path, course: str, language: str, dry_run: bool) -> None:
    """Add the questions of a GIFT FILE to COURSE's quiz.yaml: all of them, or none."""
    folder = _course_folder(course)
    quiz_path = folder / QUIZ_FILE
    try:
        gift_text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        not_utf8 = Message("the file is not UTF-8 text (save it as UTF-8)")
        _fail(Problem(str(file), 1, not_utf8).localized(gettext))
    quiz_text = quiz_path.read_text(encoding="utf-8") if quiz_path.is_file() else ""
    plan = plan_import(
        gift_text,
        quiz_text,
        language=language,
        gift_path=str(file),
        quiz_path=str(quiz_path),
        course_id=course,
    )
    _report(plan.problems, plan.untranslated)
    if plan.refusal is not None:
        _fail(_refusal(plan.refusal, quiz_path))
    ids = ", ".join(plan.ids)
    if dry_run:
        click.echo(
            _(
                "Dry run: would add %(count)d questions to %(quiz)s: %(ids)s.",
                count=len(plan.ids),
                quiz=quiz_path,
                ids=ids,
            )
        )
        return
    _replace(quiz_path, plan.quiz_text)
    click.echo(
        _(
            "Added %(count)d questions to %(quiz)s: %(ids)s.",
            count=len(plan.ids),
            quiz=quiz_path,
            ids=ids,
        )
    )
    click.echo(_("Run `qualify content import` to publish them."))


def _replace(path: Path, text: str) -> None:
    """Write all or nothing: a temporary file in the same folder, then an atomic rename."""
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@quiz_group.command("export-gift")
@click.argument("course")
@click.option(
    "--language",
    type=click.Choice(EXPECTED_LOCALES),
    default=None,
    help="Write only this language (default: every language, as Moodle multilang spans).",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (default: standard output).",
)
@with_appcontext
def export_gift(course: str, language: str | None, output: Path | None) -> None:
    """Write COURSE's quiz as GIFT for Moodle; what GIFT cannot hold is named on stderr."""
    folder = _course_folder(course)
    spec, problems = load_quiz(folder)
    if spec is None:
        _report([p for p in problems if p.severity == "error"])
        _fail(_("Nothing was exported: fix %(quiz)s first.", quiz=folder / QUIZ_FILE))
    text, warnings = write_gift(spec.questions, language)
    for warning in warnings:
        click.echo(_("warning: %(warning)s", warning=translate(warning, gettext)), err=True)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(_("Wrote %(file)s.", file=output), err=True)


@quiz_group.command("close-expired")
@with_appcontext
def close_expired() -> None:
    """Grade every attempt whose time ran out and award what it earned (run it every few
    minutes, e.g. from cron; the quiz pages also do it when someone opens them)."""
    hook = current_app.extensions["qualify.after_quiz_passed"]
    closed = close_expired_attempts(db.session, utcnow(), after_pass=hook)
    click.echo(_("%(count)d expired attempts graded.", count=closed))
