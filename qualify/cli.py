"""The `qualify` command line: database, content, users, demo data, serving."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext
from flask_babel import gettext as _
from flask_babel import ngettext

from qualify import create_app
from qualify.accounts.cli import (
    create_demo_accounts,
    demo_group,
    refuse_on_production,
    users_group,
)
from qualify.accounts.service import find_user_by_email
from qualify.assessment.cli import quiz_group
from qualify.audit.cli import audit_group
from qualify.authoring.courses import AuthoringError, grant_author
from qualify.authoring.imports import BrowserEdit, ImportRefused, import_keeping_browser_edits
from qualify.badges.cli import verify_badge_command
from qualify.certificates.cli import certificates_group, create_demo_graduate
from qualify.content import ExportRefused, export_content, load_content
from qualify.core.clock import utcnow
from qualify.core.contentfile import SEVERITIES
from qualify.core.messages import translate
from qualify.courses.currency import ReviewRule, check_currency
from qualify.courses.readability import check_readability
from qualify.courses.service import catalogue
from qualify.extensions import db
from qualify.jobs.cli import housekeeping_command, worker_command
from qualify.learners.demo import demo_cohort
from qualify.migrations import check as check_migrations
from qualify.migrations import upgrade


@click.group(cls=FlaskGroup, create_app=lambda: create_app(), add_default_commands=False)
def main() -> None:
    """qualify: e-learning and qualification platform."""


@main.group("db")
def db_group() -> None:
    """Database schema (Alembic migrations shipped in the package)."""


@db_group.command("upgrade")
@with_appcontext
def db_upgrade() -> None:
    """Create or migrate the database to the newest schema."""
    upgrade(current_app.config["DATABASE_URL"])
    click.echo(_("Database is up to date."))


@db_group.command("check")
@with_appcontext
def db_check() -> None:
    """Fail if the models and the migrations disagree."""
    check_migrations(current_app.config["DATABASE_URL"])
    click.echo(_("Models and migrations agree."))


@main.group("content")
def content_group() -> None:
    """Course content and qualification files."""


def content_folders(command: Callable[..., None]) -> Callable[..., None]:
    """DIRECTORY (default: QUALIFY_CONTENT_DIR) and --certificates, for the content commands."""
    command = click.option(
        "--certificates",
        type=click.Path(file_okay=False),
        help="Qualification rules (default: QUALIFY_CERTIFICATES_DIR).",
    )(command)
    return click.argument("directory", required=False, type=click.Path(file_okay=False))(command)


def _folders(directory: str | None, certificates: str | None) -> tuple[Path, Path]:
    content_dir = Path(directory) if directory else current_app.config["CONTENT_DIR"]
    certificates_dir = (
        Path(certificates) if certificates else current_app.config["CERTIFICATES_DIR"]
    )
    return content_dir, certificates_dir


@content_group.command("check")
@content_folders
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Judge review dates as on this day (YYYY-MM-DD; default: today), e.g. the start "
    "of the next course run.",
)
@with_appcontext
def content_check(
    directory: str | None, certificates: str | None, as_of: dt.datetime | None
) -> None:
    """Check every course, lesson, quiz and qualification; list problems with file and line,
    each lesson's readability figures, and lessons whose review is missing or due
    (QUALIFY_REVIEW_MONTHS) or whose sources use a name changed since."""
    content_dir, certificates_dir = _folders(directory, certificates)
    content = load_content(content_dir, certificates_dir)
    rule = ReviewRule(
        as_of.date() if as_of else dt.date.today(), current_app.config["REVIEW_MONTHS"]
    )
    checks = [
        problem
        for course in content.courses
        for problem in check_readability(course, content_dir)
        + check_currency(course, rule, content_dir)
    ]
    problems = sorted(content.problems + checks)
    for problem in problems:
        click.echo(problem.localized(_), err=True)
    count = {severity: sum(p.severity == severity for p in problems) for severity in SEVERITIES}
    click.echo(check_summary(len(content.courses), len(content.qualifications), count))
    if count["error"]:
        sys.exit(1)


@content_group.command("import")
@content_folders
@click.option(
    "--overwrite", is_flag=True, help="Replace courses changed in the browser with the files."
)
@with_appcontext
def content_import(directory: str | None, certificates: str | None, overwrite: bool) -> None:
    """Check, then import all content in one transaction (learners' progress is kept).
    Courses changed in the browser since their last import are only replaced with
    --overwrite; without it nothing is imported and the command says what differs."""
    content = load_content(*_folders(directory, certificates))
    for problem in content.problems:
        click.echo(problem.localized(_), err=True)
    if not content.ok:
        click.echo(_("Nothing was imported: fix the errors above first."), err=True)
        sys.exit(1)
    try:
        summary = import_keeping_browser_edits(
            db.session, content, overwrite=overwrite, now=utcnow()
        )
    except ImportRefused as refused:
        for edit in refused.edits:
            click.echo(browser_edit_line(edit), err=True)
        click.echo(
            _(
                "Nothing was imported: these courses were changed in the browser. Export them "
                "(qualify content export) to keep those changes, or import with --overwrite."
            ),
            err=True,
        )
        sys.exit(1)
    click.echo(import_summary(summary))


def check_summary(courses: int, qualifications: int, count: dict[str, int]) -> str:
    return _(
        "%(courses)s, %(qualifications)s; %(errors)s, %(warnings)s. %(infos)s.",
        courses=ngettext("%(num)d course", "%(num)d courses", courses),
        qualifications=ngettext("%(num)d qualification", "%(num)d qualifications", qualifications),
        errors=ngettext("%(num)d error", "%(num)d errors", count["error"]),
        warnings=ngettext("%(num)d warning", "%(num)d warnings", count["warning"]),
        infos=ngettext("%(num)d info line", "%(num)d info lines", count["info"]),
    )


def import_summary(summary: dict[str, int]) -> str:
    counted = {
        "courses created": lambda n: ngettext(
            "%(num)d course created", "%(num)d courses created", n
        ),
        "courses updated": lambda n: ngettext(
            "%(num)d course updated", "%(num)d courses updated", n
        ),
        "courses archived": lambda n: ngettext(
            "%(num)d course archived", "%(num)d courses archived", n
        ),
        "quizzes": lambda n: ngettext("%(num)d quiz", "%(num)d quizzes", n),
        "qualifications": lambda n: ngettext("%(num)d qualification", "%(num)d qualifications", n),
    }
    counts = ", ".join(counted[key](number) for key, number in summary.items())
    return _("Imported: %(counts)s.", counts=counts)


def browser_edit_line(edit: BrowserEdit) -> str:
    files = ", ".join(edit.files)
    if edit.draft:
        if not edit.files:
            return _(
                "%(course)s: not in the files, but has an unpublished draft "
                "(the import would archive it)",
                course=edit.course,
            )
        return _(
            "%(course)s: an unpublished draft differs from the files in: %(files)s",
            course=edit.course,
            files=files,
        )
    if not edit.files:
        return _(
            "%(course)s: not in the files, but has a version published in the browser "
            "(the import would archive it)",
            course=edit.course,
        )
    return _(
        "%(course)s: a version published in the browser differs from the files in: %(files)s",
        course=edit.course,
        files=files,
    )


@content_group.command("export")
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@click.option("--overwrite", is_flag=True, help="Replace the courses' folders in DIRECTORY.")
@with_appcontext
def content_export(directory: str | None, overwrite: bool) -> None:
    """Write every course in the database to DIRECTORY (default: QUALIFY_CONTENT_DIR) in the
    format `content import` reads: one folder per course, for review in git and other sites."""
    target = Path(directory) if directory else current_app.config["CONTENT_DIR"]
    try:
        written = export_content(db.session, target, overwrite=overwrite)
    except ExportRefused as refused:
        click.echo(
            _(
                "Error: %(reason)s. Nothing was exported.",
                reason=translate(refused.message, _),
            ),
            err=True,
        )
        sys.exit(1)
    click.echo(
        ngettext(
            "Exported %(num)d course to %(folder)s.",
            "Exported %(num)d courses to %(folder)s.",
            len(written),
            folder=target,
        )
    )


@demo_group.command("setup")
@with_appcontext
def demo_setup_command() -> None:
    """Create the demo learner, trainer and admin once, and a demo graduate with an issued
    certificate (after `content import`); print their passwords once."""
    refuse_on_production()
    create_demo_accounts()
    create_demo_graduate()


@demo_group.command("cohort")
@with_appcontext
def demo_cohort_command() -> None:
    """A running demo group of the demo trainer, with the demo learner and eleven invented
    participants (after `demo setup` and `content import`)."""
    if current_app.config["ENV_NAME"] == "production":
        click.echo(_("Error: demo data is not created on a production site."), err=True)
        sys.exit(1)
    trainer = find_user_by_email(db.session, "trainer@demo.qualify.example")
    learner = find_user_by_email(db.session, "learner@demo.qualify.example")
    if trainer is None or learner is None:
        click.echo(_("Error: run `qualify demo setup` first."), err=True)
        sys.exit(1)
    try:
        cohort = demo_cohort(db.session, trainer, learner, utcnow())
    except LookupError as missing:
        click.echo(
            _(
                "Error: %(missing)s; run `qualify content import` first.",
                missing=translate(missing.args[0], _),
            ),
            err=True,
        )
        sys.exit(1)
    if cohort is None:
        click.echo(_("The demo group exists already."))
    else:
        click.echo(
            _(
                "Demo group: %(name)s (log in as %(email)s)",
                name=cohort.name,
                email="trainer@demo.qualify.example",
            )
        )


@demo_group.command("authoring")
@with_appcontext
def demo_authoring_command() -> None:
    """Let the demo trainer author the first two courses of the catalogue (granted by the
    demo admin, audited), so /trainer/authoring/ has something to edit."""
    if current_app.config["ENV_NAME"] == "production":
        click.echo(_("Error: demo data is not created on a production site."), err=True)
        sys.exit(1)
    admin = find_user_by_email(db.session, "admin@demo.qualify.example")
    if admin is None:
        click.echo(_("Error: run `qualify demo setup` first."), err=True)
        sys.exit(1)
    for course in catalogue(db.session)[:2]:
        try:
            grant_author(db.session, course, "trainer@demo.qualify.example", admin, utcnow())
        except AuthoringError:
            db.session.rollback()  # granted before
        click.echo(_("The demo trainer may edit: %(course)s", course=course.slug))


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
def serve(host: str, port: int) -> None:
    """Serve the site with a multi-threaded WSGI server (use gunicorn behind a proxy in
    production: `gunicorn 'qualify.wsgi:app'`)."""
    from werkzeug.serving import run_simple

    app = create_app()
    with app.app_context():  # the shell's language (web/i18n.select_locale)
        click.echo(
            _("qualify is running on %(url)s (Ctrl+C stops it)", url=f"http://{host}:{port}/")
        )
    run_simple(host, port, app, threaded=True, use_reloader=False)


main.add_command(users_group)
main.add_command(demo_group)
certificates_group.add_command(verify_badge_command)  # badges sit above certificates
main.add_command(certificates_group)
main.add_command(quiz_group)
main.add_command(worker_command)
main.add_command(housekeeping_command)
main.add_command(audit_group)
