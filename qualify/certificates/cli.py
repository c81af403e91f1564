"""`qualify certificates ...` commands."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import NoReturn

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import get_locale
from flask_babel import gettext as _

from qualify.accounts.cli import generate_password
from qualify.accounts.mails import site_url
from qualify.accounts.service import find_user_by_email
from qualify.certificates import service
from qualify.certificates.codes import format_code, normalise_code
from qualify.certificates.demo import demo_graduate
from qualify.certificates.document import certificate_pdf, issuer, site_signing_key
from qualify.certificates.keys import (
    KEY_FILE,
    SigningKeyError,
    create_signing_key,
    load_signing_key,
)
from qualify.certificates.listing import all_certificates
from qualify.certificates.models import Certificate, CertificateStatus
from qualify.certificates.status_labels import STATUS_LABELS
from qualify.certificates.verdicts import PROBLEMS, SIGNATURE_OK
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


@certificates_group.command("init-key")
@click.option(
    "--organisation",
    help="The organisation named in the signing certificate (default: the operator's name "
    "from the operator file).",
)
@click.option(
    "--if-missing", is_flag=True, help="Succeed without a change when the site has a key."
)
@with_appcontext
def init_key(organisation: str | None, if_missing: bool) -> None:
    """Create the site's signing key for certificate PDFs and badges; never overwrites one."""
    folder = current_app.config["SIGNING_DIR"]
    if if_missing and (folder / KEY_FILE).exists():
        try:
            key = load_signing_key(folder)
        except SigningKeyError as broken:
            _fail(translate(broken.args[0], _))
        click.echo(_("The site has a signing key already (%(folder)s).", folder=folder))
        click.echo(_("SHA-256 fingerprint: %(fingerprint)s", fingerprint=key.fingerprint))
        return
    name = " ".join((organisation or issuer()).split())
    if not name:
        _fail(_("Error: the organisation's name is empty."))
    try:
        key = create_signing_key(folder, name, utcnow())
    except SigningKeyError as exists:
        _fail(translate(exists.args[0], _))
    click.echo(
        _(
            "Signing key for %(organisation)s created in %(folder)s.",
            organisation=name,
            folder=folder,
        )
    )
    click.echo(_("SHA-256 fingerprint: %(fingerprint)s", fingerprint=key.fingerprint))
    click.echo(
        _(
            "Keep %(file)s secret and back it up: every certificate is signed with it, and a "
            "new key cannot sign in its place.",
            file=folder / KEY_FILE,
        )
    )


@certificates_group.command("pdf")
@click.argument("code")
@click.option(
    "-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=Path)
)
@with_appcontext
def pdf_command(code: str, output: Path) -> None:
    """Write a certificate's signed PDF to a file."""
    certificate = service.find_by_code(db.session, code)
    if certificate is None:
        _fail(_("Error: no certificate with code %(code)s", code=code))
    try:
        data = certificate_pdf(certificate)
    except SigningKeyError as missing:
        _fail(translate(missing.args[0], _))
    output.write_bytes(data)
    click.echo(
        _(
            "Certificate %(code)s written to %(file)s.",
            code=format_code(certificate.code),
            file=output,
        )
    )


@certificates_group.command("verify")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def verify_command(file: Path) -> None:
    """Check a certificate PDF: this site's signature, its code and the certificate's status
    now. Exits with 0 only for a genuine certificate that is valid."""
    try:
        key = site_signing_key()
    except SigningKeyError as missing:
        _fail(translate(missing.args[0], _))
    verdict = service.check_certificate_file(
        db.session, file.read_bytes(), key.certificate, utcnow()
    )
    if verdict.problem is not None:
        _fail(str(PROBLEMS[verdict.problem]))
    certificate = verdict.certificate
    click.echo(str(SIGNATURE_OK))
    click.echo(
        _(
            "Certificate %(code)s: %(title)s, issued on %(date)s to %(name)s.",
            code=format_code(certificate.code),
            title=certificate.title_in(str(get_locale())),
            date=f"{certificate.issued_at:%Y-%m-%d}",
            name=certificate.holder_name,
        )
    )
    click.echo(_status_line(certificate, verdict.status))
    if verdict.status != "valid":
        sys.exit(1)


def _status_line(certificate: Certificate, status: CertificateStatus | None) -> str:
    if status == "valid":
        return _("Status: valid.")
    if status == "revoked":
        return _(
            "Status: revoked on %(date)s (%(reason)s).",
            date=f"{certificate.revoked_at:%Y-%m-%d}",
            reason=certificate.revoked_reason,
        )
    if status == "superseded":
        return _(
            "Status: replaced by a new certificate on %(date)s.",
            date=f"{certificate.superseded_at:%Y-%m-%d}",
        )
    return _("Status: expired on %(date)s.", date=f"{certificate.expires_at:%Y-%m-%d}")


def _fail(message: str) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(1)


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
