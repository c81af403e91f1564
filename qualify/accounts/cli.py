"""`qualify users ...` and `qualify demo ...` commands."""

from __future__ import annotations

import secrets
import sys

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _

from qualify.accounts import lifecycle, service
from qualify.accounts.mails import AccountMails
from qualify.accounts.models import Role
from qualify.core.clock import utcnow
from qualify.extensions import db

DEMO_ACCOUNTS = (
    ("learner@demo.qualify.example", "Demo Lernende*r", Role.LEARNER),
    ("trainer@demo.qualify.example", "Demo Trainer*in", Role.TRAINER),
    ("admin@demo.qualify.example", "Demo Admin", Role.ADMIN),
)


def generate_password() -> str:
    return secrets.token_urlsafe(12)


@click.group("users")
def users_group() -> None:
    """User accounts."""


@users_group.command("create")
@click.option("--email", required=True)
@click.option("--name", default=None, help="Full name (default: the e-mail address).")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    default=Role.LEARNER.value,
    show_default=True,
)
@click.option("--locale", type=click.Choice(["de", "en"]), default="de", show_default=True)
@with_appcontext
def create(email: str, name: str | None, role: str, locale: str) -> None:
    """Create an account with a generated password, printed once."""
    password = generate_password()
    try:
        service.create_user(
            db.session,
            email=email,
            name=name or email,
            password=password,
            role=Role(role),
            locale=locale,
            by_command_line=True,
        )
    except service.AccountError as error:
        click.echo(
            _("Error: could not create %(email)s: %(code)s", email=email, code=error.code),
            err=True,
        )
        sys.exit(1)
    click.echo(
        _(
            "Created %(role)s %(email)s with password: %(password)s",
            role=role,
            email=email,
            password=password,
        )
    )


@users_group.command("invite")
@click.option("--email", required=True)
@click.option("--name", default="", help="Full name, if known (the person can change it).")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    default=Role.LEARNER.value,
    show_default=True,
)
@click.option("--locale", type=click.Choice(["de", "en"]), default="de", show_default=True)
@with_appcontext
def invite(email: str, name: str, role: str, locale: str) -> None:
    """Invite a person by mail; the link lets them set name and password (14 days)."""
    try:
        lifecycle.invite(
            db.session,
            email=email,
            name=name,
            role=Role(role),
            locale=locale,
            inviter=None,
            mails=AccountMails(),
            now=utcnow(),
        )
    except service.AccountError as error:
        click.echo(
            _("Error: could not invite %(email)s: %(code)s", email=email, code=error.code),
            err=True,
        )
        sys.exit(1)
    click.echo(
        _("Invited %(email)s as %(role)s; `qualify worker` sends the mail.", email=email, role=role)
    )


@users_group.command("set-password")
@click.option("--email", required=True)
@click.option(
    "--password", default=None, help="The new password (default: generate one and print it)."
)
@with_appcontext
def set_password(email: str, password: str | None) -> None:
    """Set a new password for an account; this ends its other sessions."""
    user = service.find_user_by_email(db.session, email)
    if user is None:
        click.echo(_("Error: no account with e-mail %(email)s", email=email), err=True)
        sys.exit(1)
    new_password = password or generate_password()
    try:
        service.set_password(db.session, user.id, new_password, by_command_line=True)
    except service.AccountError:
        click.echo(
            _("Error: the password is too weak (at least 10 characters, not common)."), err=True
        )
        sys.exit(1)
    if password is None:
        click.echo(
            _("New password for %(email)s: %(password)s", email=email, password=new_password)
        )
    else:
        click.echo(_("New password for %(email)s: (as given)", email=email))


@click.group("demo")
def demo_group() -> None:
    """Demo data for trying the site."""


def refuse_on_production() -> None:
    if current_app.config["ENV_NAME"] == "production":
        click.echo(_("Error: demo accounts are not created on a production site."), err=True)
        sys.exit(1)


def create_demo_accounts() -> None:
    """The demo learner, trainer and admin, once; their passwords printed once. The command
    `qualify demo setup` (qualify/cli.py) adds the demo graduate, whose certificate needs
    packages above accounts."""
    for email, name, role in DEMO_ACCOUNTS:
        if service.find_user_by_email(db.session, email) is not None:
            click.echo(
                _(
                    "Demo %(role)s: %(email)s (exists; reset with "
                    "`qualify users set-password --email %(email)s`)",
                    role=role.value,
                    email=email,
                )
            )
            continue
        password = generate_password()
        service.create_user(
            db.session,
            email=email,
            name=name,
            password=password,
            role=role,
            by_command_line=True,
        )
        click.echo(
            _(
                "Demo %(role)s: %(email)s  password: %(password)s  (shown only now)",
                role=role.value,
                email=email,
                password=password,
            )
        )
