"""`qualify audit prune`: delete audit events older than the retention period."""

from __future__ import annotations

import datetime as dt

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _

from qualify.audit import service
from qualify.core.clock import utcnow
from qualify.extensions import db


@click.group("audit")
def audit_group() -> None:
    """The audit log of admin and trainer actions."""


@audit_group.command("prune")
@with_appcontext
def prune() -> None:
    """Delete entries older than QUALIFY_AUDIT_RETENTION_DAYS (default 730); run it daily."""
    days = current_app.config["AUDIT_RETENTION_DAYS"]
    count = service.prune(db.session, utcnow() - dt.timedelta(days=days))
    click.echo(
        _("%(count)d audit entries older than %(days)s days deleted.", count=count, days=days)
    )
