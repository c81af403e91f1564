"""`qualify worker`: deliver the outbox (mails now; later exports and the like)."""

from __future__ import annotations

import logging
import os
import signal
import socket
import sys
import threading
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _

from qualify.core.clock import utcnow
from qualify.extensions import db
from qualify.jobs.mail import MAIL, FolderMailer, Mailer, SmtpMailer, mail_handler
from qualify.jobs.worker import Handler, Housekeeping, housekeep, run, run_once

log = logging.getLogger(__name__)


def configured_mailer(app: Flask) -> Mailer:
    """SMTP when QUALIFY_SMTP_URL is set (in every mode); otherwise the instance folder."""
    if app.config["SMTP_URL"]:
        return SmtpMailer(app.config["SMTP_URL"])
    if app.config["ENV_NAME"] == "production":
        log.warning("QUALIFY_SMTP_URL is not set: mails are kept in %s", app.config["MAIL_FOLDER"])
    return FolderMailer(app.config["MAIL_FOLDER"])


def handlers(app: Flask) -> dict[str, Handler]:
    return {MAIL: mail_handler(configured_mailer(app), app.config["MAIL_SENDER"])}


def housekeeping_tasks(app: Flask) -> tuple[Housekeeping, ...]:
    """The housekeeping create_app wired in (tasks of packages above jobs)."""
    return tuple(app.extensions.get("qualify.housekeeping", ()))


@click.command("worker")
@click.option("--once", is_flag=True, help="Run the jobs due now, then stop.")
@with_appcontext
def worker_command(once: bool) -> None:
    """Deliver mails and other background work written to the outbox; stops on SIGTERM."""
    app: Any = current_app._get_current_object()  # noqa: SLF001 - the app, not the proxy
    name = f"{socket.gethostname()}:{os.getpid()}"
    jobs = handlers(app)
    if once:
        count = 0
        while run_once(db.sessionmaker, jobs, name):
            count += 1
        click.echo(_("%(count)d jobs run.", count=count))
        return
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    click.echo(_("worker %(name)s started", name=name))
    try:
        run(db.sessionmaker, jobs, name, stop, housekeeping=housekeeping_tasks(app))
    except KeyboardInterrupt:
        stop.set()


@click.command("housekeeping")
@with_appcontext
def housekeeping_command() -> None:
    """Remove what is kept no longer (the worker does this every hour) and say how much."""
    app: Any = current_app._get_current_object()  # noqa: SLF001 - the app, not the proxy
    result = housekeep(db.sessionmaker, housekeeping_tasks(app), utcnow())
    for what, count in result.removed.items():
        # `what` is the task's own name for what it removed ("expired account links").
        click.echo(_("%(count)d %(what)s removed", count=count, what=what))
    for failure in result.failed:
        click.echo(_("failed: %(failure)s", failure=failure), err=True)
    if result.failed:
        sys.exit(1)
