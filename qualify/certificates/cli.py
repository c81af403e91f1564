"""`qualify certificates ...` commands."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from qualify.certificates import service
from qualify.certificates.codes import normalise_code
from qualify.db import utcnow
from qualify.extensions import db


@click.group("certificates")
def certificates_group() -> None:
    """Awarded certificates."""


@certificates_group.command("revoke")
@click.argument("code")
@click.option("--reason", required=True, help="Why it is revoked (shown to verifiers).")
@with_appcontext
def revoke(code: str, reason: str) -> None:
    """Revoke a certificate; verification then shows it as revoked, with the date."""
    normalised = normalise_code(code)
    try:
        if normalised is None:
            raise LookupError(code)
        certificate = service.revoke(db.session, normalised, reason, utcnow())
    except LookupError:
        click.echo(f"Error: no certificate with code {code}", err=True)
        sys.exit(1)
    click.echo(f"Certificate {certificate.id} revoked on {certificate.revoked_at:%Y-%m-%d}.")
