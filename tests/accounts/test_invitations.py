"""Invitations: an account without a password, a mailed link to set name and password,
one token mechanism with reset and confirmation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from qualify.accounts import lifecycle, service
from qualify.accounts.mails import AccountMails
from qualify.accounts.models import Role, User
from qualify.cli import main
from qualify.core.clock import utcnow
from tests.accounts.mailbox import deliver, link_in

NEW = "Lindenallee-am-Fluss-7"


class MailsOutsideRequests(AccountMails):
    """Services called straight from a test render mails; that needs the app, which a
    request would bring."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def link(self, *args: Any) -> str:
        with self.app.app_context():
            return super().link(*args)

    def compose(self, *args: Any, **context: Any) -> tuple[str, str, str]:
        with self.app.app_context():
            return super().compose(*args, **context)


@pytest.fixture
def mails(app: Flask) -> AccountMails:
    return MailsOutsideRequests(app)


def invite(session: Session, inviter: User | None, mails: AccountMails) -> User:
    return lifecycle.invite(
        session,
        email="amira@example.org",
        role=Role.TRAINER,
        locale="en",
        inviter=inviter,
        mails=mails,
        now=utcnow(),
    )


def test_an_invited_person_sets_name_and_password_and_is_signed_in(
    client: FlaskClient, session: Session, make_user: Callable[..., User], mails: AccountMails
) -> None:
    admin = make_user(Role.ADMIN, name="Jana Admin")
    invited = invite(session, admin, mails)
    assert invited.password_hash is None and invited.role == "trainer"
    [mail] = deliver()
    assert mail["to"] == "amira@example.org" and mail["subject"] == "Your invitation to qualify"
    assert "\u2068Jana Admin\u2069 invites you" in mail["text"] and "as Trainer" in mail["text"]
    link = link_in(mail, "/invitation/")
    page = client.get(link).get_data(as_text=True)
    assert "amira@example.org" in page
    data = {"name": "Amira Haddad", "password": NEW, "password_repeat": NEW}
    assert client.post(link, data=data).status_code == 302
    session.refresh(invited)
    assert invited.name == "Amira Haddad" and invited.confirmed_at is not None
    assert "Amira Haddad" in client.get("/dashboard").get_data(as_text=True)
    assert client.get(link).status_code == 410  # used once


def test_nobody_signs_in_to_an_invited_account_before_it_is_accepted(
    client: FlaskClient, session: Session, mails: AccountMails
) -> None:
    invite(session, None, mails)
    for password in ("", "None", NEW):
        client.post("/login", data={"email": "amira@example.org", "password": password})
        assert client.get("/dashboard").status_code == 302


def test_a_weak_password_keeps_the_form_and_the_link(
    client: FlaskClient, session: Session, mails: AccountMails
) -> None:
    invite(session, None, mails)
    link = link_in(deliver()[0], "/invitation/")
    client.post("/language", data={"locale": "en"})
    data = {"name": "Amira Haddad", "password": "Amira12345", "password_repeat": "Amira12345"}
    page = client.post(link, data=data).get_data(as_text=True)
    assert 'value="Amira Haddad"' in page and "Do not use your name" in page
    assert client.get(link).status_code == 200  # still usable


def test_resending_replaces_the_old_link_and_an_expired_link_is_refused(
    app: Flask, client: FlaskClient, session: Session, mails: AccountMails
) -> None:
    invited = invite(session, None, mails)
    first = link_in(deliver()[0], "/invitation/")
    lifecycle.resend_invitation(session, invited, None, mails, utcnow())
    second = link_in(deliver()[0], "/invitation/")
    assert client.get(first).status_code == 410
    lifecycle.resend_invitation(session, invited, None, mails, utcnow() - dt.timedelta(days=15))
    expired = link_in(deliver()[0], "/invitation/")
    assert client.get(expired).status_code == 410
    assert client.get(second).status_code == 410  # withdrawn by the later one


def test_an_address_with_an_account_cannot_be_invited(
    session: Session, make_user: Callable[..., User], mails: AccountMails
) -> None:
    make_user(email="amira@example.org")
    with pytest.raises(service.AccountError) as refused:
        invite(session, None, mails)
    assert refused.value.code == "email_taken"


def test_accepted_invitations_cannot_be_resent(
    session: Session, client: FlaskClient, mails: AccountMails
) -> None:
    invited = invite(session, None, mails)
    link = link_in(deliver()[0], "/invitation/")
    client.post(link, data={"name": "Amira Haddad", "password": NEW, "password_repeat": NEW})
    session.refresh(invited)
    with pytest.raises(service.AccountError):
        lifecycle.resend_invitation(session, invited, None, mails, utcnow())


def test_registering_an_invited_address_sends_the_invitation_again(
    client: FlaskClient, session: Session, mails: AccountMails
) -> None:
    invite(session, None, mails)
    deliver()
    data = {
        "name": "Somebody",
        "email": "amira@example.org",
        "password": NEW,
        "password_repeat": NEW,
        "locale": "de",
    }
    client.post("/register", data=data)
    [mail] = deliver()
    assert "/invitation/" in mail["text"]


def test_the_command_line_invites(runner) -> None:  # noqa: ANN001 - FlaskCliRunner
    args = ["users", "invite", "--email", "kim@example.org", "--role", "learner"]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    [mail] = deliver()
    assert mail["to"] == "kim@example.org" and "/invitation/" in mail["text"]
    again = runner.invoke(main, args)
    assert again.exit_code == 1 and "email_taken" in again.output


def test_forgot_password_for_an_invited_address_sends_the_invitation(
    client: FlaskClient, session: Session, mails: AccountMails
) -> None:
    """A password alone would leave the account without a name for its certificates."""
    invite(session, None, mails)
    deliver()
    client.post("/password/forgot", data={"email": "amira@example.org"})
    [mail] = deliver()
    assert "/invitation/" in mail["text"] and "/password/reset/" not in mail["text"]
