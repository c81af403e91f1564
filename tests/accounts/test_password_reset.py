"""Forgot password: a mailed single-use link for one hour; the same answer for every
address; after the reset every session of the account ends."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from qualify.accounts import service, tokens
from qualify.accounts.models import Role, TokenPurpose, User
from qualify.core.clock import utcnow
from qualify.extensions import db
from qualify.jobs.mail import MAIL
from qualify.jobs.models import Job
from qualify.jobs.worker import run_once
from tests.conftest import PASSWORD

NEW = "Lindenallee-am-Fluss-7"


def deliver(session: Session) -> list[dict]:
    """Run the outbox once per job and return the mails it sent."""
    sent: list[dict] = []
    while run_once(db.sessionmaker, {MAIL: sent.append}, "test"):
        pass
    return sent


def reset_link(mail: dict) -> str:
    match = re.search(r"https://qualify\.test(/password/reset/[\w-]+)", mail["text"])
    assert match, mail["text"]
    return match.group(1)


def ask(client: FlaskClient, email: str) -> str:
    response = client.post("/password/forgot", data={"email": email}, follow_redirects=True)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_reset_link_sets_a_new_password_and_ends_every_session(
    app: Flask, client: FlaskClient, session: Session, make_user: Callable[..., User]
) -> None:
    user = make_user(Role.LEARNER, name="Nguyễn Thị Lan", locale="en")
    elsewhere = app.test_client()
    elsewhere.post("/login", data={"email": user.email, "password": PASSWORD})
    assert elsewhere.get("/dashboard").status_code == 200
    ask(client, user.email)
    [mail] = deliver(session)
    assert mail["to"] == user.email and mail["subject"] == "Your new password for qualify"
    assert "Hello \u2068Nguyễn Thị Lan\u2069," in mail["text"] and "<a href=" in mail["html"]
    link = reset_link(mail)
    assert client.get(link).status_code == 200
    done = client.post(link, data={"password": NEW, "password_repeat": NEW})
    assert done.status_code == 302 and "/login" in done.headers["Location"]
    assert elsewhere.get("/dashboard").status_code == 302  # the other session ended
    assert (
        client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 200
    )
    assert client.post("/login", data={"email": user.email, "password": NEW}).status_code == 302


def test_a_link_works_once(client: FlaskClient, session: Session, make_user) -> None:
    user = make_user()
    ask(client, user.email)
    link = reset_link(deliver(session)[0])
    client.post(link, data={"password": NEW, "password_repeat": NEW})
    again = client.post(
        link, data={"password": "Noch-ein-Passwort-9", "password_repeat": "Noch-ein-Passwort-9"}
    )
    assert again.status_code == 410 and "schon benutzt" in again.get_data(as_text=True)


def test_a_link_expires_after_an_hour(session: Session, make_user) -> None:
    user = make_user()
    now = utcnow()
    token = tokens.issue(session, TokenPurpose.PASSWORD_RESET, user, now)
    session.commit()
    later = now + dt.timedelta(hours=1, seconds=1)
    assert tokens.is_usable(session, TokenPurpose.PASSWORD_RESET, token, now)
    assert not tokens.is_usable(session, TokenPurpose.PASSWORD_RESET, token, later)
    with pytest.raises(tokens.TokenRefused):
        service.reset_password(session, token, NEW, later)


def test_only_the_hash_of_a_token_is_stored(session: Session, make_user) -> None:
    user = make_user()
    token = tokens.issue(session, TokenPurpose.PASSWORD_RESET, user, utcnow())
    session.commit()
    stored = session.execute(sa.text("SELECT token_hash FROM account_tokens")).scalars().all()
    assert stored == [tokens.token_hash(token)] and token not in stored


def test_the_answer_does_not_tell_who_has_an_account(
    client: FlaskClient, session: Session, make_user
) -> None:
    user = make_user(email="bekannt@example.org")
    known = ask(client, user.email).replace(user.email, "ADDRESS")
    unknown = ask(client, "unbekannt@example.org").replace("unbekannt@example.org", "ADDRESS")
    assert known == unknown and "Wenn es ein Konto für ADDRESS gibt" in known
    assert [mail["to"] for mail in deliver(session)] == [user.email]


def test_a_weak_new_password_is_refused_and_the_link_still_works(
    client: FlaskClient, session: Session, make_user
) -> None:
    user = make_user()
    ask(client, user.email)
    link = reset_link(deliver(session)[0])
    weak = client.post(link, data={"password": "passwort", "password_repeat": "passwort"})
    assert weak.status_code == 200 and "sichereres Passwort" in weak.get_data(as_text=True)
    assert client.get(link).status_code == 200


def test_requests_for_one_address_are_limited(
    client: FlaskClient, session: Session, make_user
) -> None:
    user = make_user()
    for _ in range(5):
        ask(client, user.email)
    assert client.post("/password/forgot", data={"email": user.email}).status_code == 429
    assert len(session.scalars(sa.select(Job)).all()) == 5
    assert client.post("/password/forgot", data={"email": "other@example.org"}).status_code == 302
