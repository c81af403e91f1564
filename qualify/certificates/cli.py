"""`qualify certificates ...` commands."""

from __future__ import annotations

import datetime as dt
import sys

import click
from flask.cli import with_appcontext
from flask_babel import get_locale
from flask_babel import gettext as _

from qualify.accounts.cli import generate_password
from qualify.accounts.mails import site_url
from qualify.accounts.service import find_user_by_email
from qualify.certificates import service
from qualify.certificates.codes import format_code, normalise_code
from qualify.certificates.demo import demo_graduate
from qualify.certificates.listing import all_certificates
from qualify.certificates.status_labels import STATUS_LABELS
from qualify.core.clock import utcnow
from qualify.core.messages import translate
from qualify.core.textcolumns import text_columns
from qualify.extensions import db


@click.group("certificates")
def certificates_group() -> None:
    """Awarded certificates."""


@certificates_group.command("list")
@click.option("--email", help="Only the certificates of this account.")
@with_appcontext
def list_certificates(email: str | None) -> None:
    """Print every certificate: code, issue date, status, qualification and holder."""
    user_id = None
    if email:
        learner = find_user_by_email(db.session, email)
        if learner is None:
            click.echo(_("Error: no account with e-mail %(email)s", email=email), err=True)
            sys.exit(1)
        user_id = learner.id
    certificates = all_certificates(db.session, user_id)
    if not certificates:
        click.echo(_("No certificates have been issued yet."))
        return
    now, locale = utcnow(), str(get_locale())
    rows = [
        (
            format_code(c.code),
            f"{c.issued_at:%Y-%m-%d}",
            str(STATUS_LABELS[c.status_at(now)]),
            c.title_in(locale),
            " / ".join(filter(None, (c.holder_name, c.holder_name_latin))),
        )
        for c in certificates
    ]
    header = (_("Code"), _("Issued on"), _("Status"), _("Qualification"), _("Holder"))
    for line in text_columns(header, rows):
        click.echo(line)


@certificates_group.command("revoke")
@click.argument("code")
@click.option("--reason", required=True, help="Why it is revoked (shown to verifiers).")
@with_appcontext
def revoke(code: str, reason: str) -> None:
    """Revoke a certificate; verification then shows it as revoked, with the date."""
    try:
        certificate = service.revoke(db.session, normalise_code(code) or "", reason, utcnow())
    except service.CertificateError:
        click.echo(_("Error: no certificate with code %(code)s", code=code), err=True)
        sys.exit(1)
    revoked_on = f"{certificate.revoked_at:%Y-%m-%d}"
    click.echo(
        _(
            "Certificate %(certificate)s revoked on %(date)s.",
            certificate=certificate.id,
            date=revoked_on,
        )
    )


@certificates_group.command("credit-workshop")
@click.option("--email", required=True, help="The learner's e-mail address.")
@click.option("--qualification", required=True, help="Qualification id, e.g. kombi.")
@click.option("--hours", required=True, type=click.FloatRange(min=0.5, max=100))
@click.option("--date", "held_on", required=True, type=click.DateTime(["%Y-%m-%d"]))
@click.option("--title", required=True, help="The workshop, e.g. 'Praxistag Beratung'.")
@click.option("--by", "trainer_email", help="E-mail address of the trainer who records it.")
@with_appcontext
def credit_workshop(
    email: str,
    qualification: str,
    hours: float,
    held_on: dt.datetime,
    title: str,
    trainer_email: str | None,
) -> None:
    """Credit in-person workshop hours; a qualification that is now complete is awarded."""
    learner = find_user_by_email(db.session, email)
    trainer = find_user_by_email(db.session, trainer_email) if trainer_email else None
    if learner is None or (trainer_email and trainer is None):
        missing = trainer_email if learner else email
        click.echo(_("Error: no account with e-mail %(email)s", email=missing), err=True)
        sys.exit(1)
    try:
        awarded = service.credit_workshop(
            db.session,
            learner.id,
            qualification,
            hours=hours,
            held_on=held_on.date(),
            title=title,
            recorded_by_id=trainer.id if trainer else None,
            now=utcnow(),
        )
    except service.CertificateError:
        click.echo(
            _("Error: no qualification %(qualification)r", qualification=qualification), err=True
        )
        sys.exit(1)
    click.echo(
        _(
            "%(hours)g hours credited to %(email)s for %(qualification)s.",
            hours=hours,
            email=learner.email,
            qualification=qualification,
        )
    )
    for certificate in awarded:
        click.echo(
            _(
                "Certificate %(certificate)s awarded (code %(code)s).",
                certificate=certificate.id,
                code=certificate.code,
            )
        )


def create_demo_graduate() -> None:
    """The demo graduate with one issued certificate (part of `qualify demo setup`); prints
    the login and the certificate's verification link."""
    password = generate_password()
    try:
        graduate = demo_graduate(db.session, password, utcnow())
    except LookupError as missing:
        click.echo(
            _(
                "No demo graduate yet: %(missing)s. Run `qualify content import`, then "
                "`qualify demo setup` again.",
                missing=translate(missing.args[0], _),
            )
        )
        return
    email = graduate.user.email
    if graduate.created:
        click.echo(
            _(
                "Demo graduate: %(email)s  password: %(password)s  (shown only now)",
                email=email,
                password=password,
            )
        )
    else:
        click.echo(_("Demo graduate: %(email)s (exists)", email=email))
    url = site_url("certificates.verify", code=graduate.certificate.code)
    click.echo(_("Their certificate can be checked at %(url)s", url=url))
