"""`qualify certificates verify-badge FILE`: check a badge file against this site."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from qualify.badges import service
from qualify.badges.site import current_key, current_site
from qualify.badges.verify import Check, Outcome
from qualify.core.clock import utcnow
from qualify.core.messages import translate
from qualify.extensions import db

CHECK_NAMES = {
    Check.SIGNATURE: _l("Digital signature"),
    Check.CONTENT: _l("Content"),
    Check.STATUS: _l("Revocation status"),
    Check.DATES: _l("Validity dates"),
}
OUTCOMES = {
    Outcome.VALID: _l("Result: valid."),
    Outcome.REVOKED: _l("Result: revoked."),
    Outcome.EXPIRED: _l("Result: expired."),
    Outcome.NOT_YET_VALID: _l("Result: not valid yet."),
    Outcome.STATUS_UNKNOWN: _l("Result: the revocation status could not be checked."),
    Outcome.INVALID: _l("Result: not a valid badge of this site."),
}


@click.command("verify-badge")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def verify_badge_command(file: Path) -> None:
    """Check a badge (.jwt): signature, content, revocation status and dates."""
    key = current_key()
    if key is None:
        click.echo(
            _("Error: this site has no signing key yet (qualify certificates init-key)."), err=True
        )
        sys.exit(2)
    try:
        token = file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        token = ""  # not text: reported as "not a signed badge"
    verdict = service.verify_badge_token(db.session, token, current_site(), key, utcnow())
    for result in verdict.checks:
        mark = "✓" if result.passed else "✗"
        click.echo(f"{mark} {CHECK_NAMES[result.check]}: {translate(result.message, _)}")
    click.echo(str(OUTCOMES[verdict.outcome]))
    sys.exit(0 if verdict.outcome is Outcome.VALID else 1)
