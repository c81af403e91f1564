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

from qualify.assessment.gift import GiftError, check_questions, read_gift, write_gift
from qualify.assessment.gift.quizyaml import append_questions, existing_ids
from qualify.assessment.quizfile import QUIZ_FILE, load_quiz
from qualify.core.contentfile import (
    EXPECTED_LOCALES,
    ID_PATTERN,
    Problem,
    Report,
    has_errors,
    load_yaml_text,
)


@click.group("quiz")
def quiz_group() -> None:
    """Quizzes: exchange questions with Moodle (GIFT format)."""


def _fail(*lines: str) -> NoReturn:
    for line in lines:
        click.echo(line, err=True)
    sys.exit(1)


def _course_folder(course: str) -> Path:
    folder = Path(current_app.config["CONTENT_DIR"]) / course
    if not ID_PATTERN.match(course) or not folder.is_dir():
        _fail(f"Error: no course {course!r} in {current_app.config['CONTENT_DIR']}")
    return folder


def _report(problems: Iterable[Problem], path: Path | None = None, shown: str = "") -> None:
    """Print problems (renaming a temporary path) and one line for texts lacking English."""
    untranslated = 0
    for problem in sorted(problems):
        if problem.severity == "warning" and problem.message.endswith("version"):
            untranslated += 1
            continue
        text = str(problem)
        click.echo(text.replace(str(path), shown, 1) if path else text, err=True)
    if untranslated:
        click.echo(f"note: {untranslated} texts have no English version yet.", err=True)


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
        questions = read_gift(file.read_text(encoding="utf-8"), language)
    except UnicodeDecodeError:
        _fail(f"{file}:1: error: the file is not UTF-8 text (save it as UTF-8)")
    except GiftError as error:
        _fail(f"{file}:{error.line}: error: {error.message}", "Nothing was imported.")
    quiz_text = quiz_path.read_text(encoding="utf-8") if quiz_path.is_file() else ""
    _check_readable(quiz_text, quiz_path)
    problems = check_questions(questions, str(file))
    taken = existing_ids(quiz_text)
    problems += [
        Problem(str(file), q.line, f"question id {q.mapping['id']!r} already exists in {quiz_path}")
        for q in questions
        if q.mapping["id"] in taken
    ]
    _report(problems)
    if has_errors(problems):
        _fail("Nothing was imported.")
    updated = append_questions(quiz_text, [q.mapping for q in questions])
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / course
        copy.mkdir()
        (copy / QUIZ_FILE).write_text(updated, encoding="utf-8")
        spec, problems = load_quiz(copy)
    if spec is None:
        errors = [p for p in problems if p.severity == "error"]
        _report(errors, copy / QUIZ_FILE, str(quiz_path))
        old = quiz_text.count("\n") + 1 if quiz_text else 0
        _fail(
            f"Nothing was imported: fix {quiz_path} first."
            if any(p.line <= old for p in errors)
            else "Nothing was imported."
        )
    ids = ", ".join(q.mapping["id"] for q in questions)
    if dry_run:
        click.echo(f"Dry run: would add {len(questions)} questions to {quiz_path}: {ids}.")
        return
    _replace(quiz_path, updated)
    click.echo(f"Added {len(questions)} questions to {quiz_path}: {ids}.")
    click.echo("Run `qualify content import` to publish them.")


def _check_readable(quiz_text: str, quiz_path: Path) -> None:
    """quiz.yaml must be YAML with a mapping on top before questions can be added to it."""
    report = Report(str(quiz_path))
    node = load_yaml_text(quiz_text, report) if quiz_text.strip() else {}
    questions = node.get("questions") if isinstance(node, dict) else None
    if report.problems or not isinstance(node, dict) or not isinstance(questions or [], list):
        _report(report.problems)
        _fail(f"Nothing was imported: {quiz_path} must be a mapping with a list of questions.")


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
        _fail(f"Nothing was exported: fix {folder / QUIZ_FILE} first.")
    text, warnings = write_gift(spec.questions, language)
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {output}.", err=True)
