"""What admins do to accounts: deactivate (sessions end, login refused with a clear
message), reactivate, send a reset link; each with its audit entry."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from qualify.accounts import service
from qualify.accounts.models import LoginSession, Role, User
from qualify.audit.models import AuditEvent
from qualify.core.clock import utcnow
from qualify.jobs.models import Job
from tests.conftest import PASSWORD


class FakeMails:
    """Links and mail text without templates: the service only needs the two calls."""

    def link(self, purpose: str, token: str) -> str:
        return f"https://qualify.test/{purpose}/{token}"

    def compose(self, kind: str, user: User, link: str, **_context: object) -> tuple[str, str, str]:
        return f"For {user.name}", link, f"<a href='{link}'>"


def entries(session: Session) -> list[tuple[str, int | None, int | None, str | None]]:
    return [
        (e.action, e.actor_id, e.subject_user_id, e.ip_address)
        for e in session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id))
    ]


def signed_in(app: Flask, user: User) -> FlaskClient:
    client = app.test_client()
    assert (
        client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
    )
    assert client.get("/dashboard").status_code == 200
    return client


def test_deactivation_ends_every_session_and_refuses_login(
    app: Flask, session: Session, make_user: Callable[..., User]
) -> None:
    admin, learner = make_user(Role.ADMIN), make_user(Role.LEARNER)
    phone, laptop = signed_in(app, learner), signed_in(app, learner)
    service.deactivate_user(
        session, actor_id=admin.id, user_id=learner.id, ip_address="192.0.2.9", now=utcnow()
    )
    assert phone.get("/dashboard").status_code == 302
    assert laptop.get("/dashboard").status_code == 302
    open_sessions = sa.select(LoginSession).where(
        LoginSession.user_id == learner.id, LoginSession.ended_at.is_(None)
    )
    assert session.scalars(open_sessions).all() == []
    with pytest.raises(service.AccountError) as refusal:
        service.authenticate(session, learner.email, PASSWORD)
    assert refusal.value.code == "deactivated"
    # a wrong password says nothing about the account's state
    assert service.authenticate(session, learner.email, "wrong password, long") is None
    assert entries(session) == [("user_deactivated", admin.id, learner.id, "192.0.2.9")]


def test_an_open_session_of_a_deactivated_account_signs_nobody_in(
    app: Flask, session: Session, make_user: Callable[..., User]
) -> None:
    learner = make_user(Role.LEARNER)
    browser = signed_in(app, learner)
    learner.deactivated_at = utcnow()  # set directly, without ending the sessions
    session.commit()
    assert browser.get("/dashboard").status_code == 302


def test_a_deactivated_user_is_told_after_the_right_password_only(
    client: FlaskClient, session: Session, make_user: Callable[..., User]
) -> None:
    admin, learner = make_user(Role.ADMIN), make_user(Role.LEARNER)
    service.deactivate_user(
        session, actor_id=admin.id, user_id=learner.id, ip_address=None, now=utcnow()
    )
    wrong = client.post("/login", data={"email": learner.email, "password": "not the one at all"})
    assert "E-Mail-Adresse oder Passwort ist nicht richtig" in wrong.get_data(as_text=True)
    assert "deaktiviert" not in wrong.get_data(as_text=True)
    right = client.post("/login", data={"email": learner.email, "password": PASSWORD})
    assert right.status_code == 200
    assert "Dieses Konto ist deaktiviert" in right.get_data(as_text=True)


def test_reactivation_lets_the_user_log_in_again(
    app: Flask, session: Session, make_user: Callable[..., User]
) -> None:
    admin, learner = make_user(Role.ADMIN), make_user(Role.LEARNER)
    now = utcnow()
    service.deactivate_user(
        session, actor_id=admin.id, user_id=learner.id, ip_address=None, now=now
    )
    service.reactivate_user(
        session, actor_id=admin.id, user_id=learner.id, ip_address="192.0.2.3", now=now
    )
    assert session.get_one(User, learner.id).is_active
    signed_in(app, learner)
    assert [e[0] for e in entries(session)] == ["user_deactivated", "user_reactivated"]
    # reactivating an active account changes nothing and records nothing
    service.reactivate_user(
        session, actor_id=admin.id, user_id=learner.id, ip_address=None, now=now
    )
    assert len(entries(session)) == 2


def test_an_admin_cannot_deactivate_themself(
    session: Session, make_user: Callable[..., User]
) -> None:
    admin = make_user(Role.ADMIN)
    with pytest.raises(service.AccountError) as refusal:
        service.deactivate_user(
            session, actor_id=admin.id, user_id=admin.id, ip_address=None, now=utcnow()
        )
    assert refusal.value.code == "own_account"
    assert session.get_one(User, admin.id).is_active and entries(session) == []


def test_deleted_accounts_are_neither_deactivated_nor_sent_a_link(
    session: Session, make_user: Callable[..., User]
) -> None:
    admin, gone = make_user(Role.ADMIN), make_user(Role.LEARNER)
    gone.deleted_at = utcnow()
    session.commit()
    for action in (service.deactivate_user, service.reactivate_user):
        with pytest.raises(service.AccountError, match="deleted"):
            action(session, actor_id=admin.id, user_id=gone.id, ip_address=None, now=utcnow())
    with pytest.raises(service.AccountError, match="deleted"):
        service.send_password_reset(
            session,
            actor_id=admin.id,
            user_id=gone.id,
            mails=FakeMails(),
            ip_address=None,
            now=utcnow(),
        )
    assert entries(session) == [] and session.scalars(sa.select(Job)).all() == []


def test_an_admin_sends_a_reset_link(session: Session, make_user: Callable[..., User]) -> None:
    admin, learner = make_user(Role.ADMIN), make_user(Role.LEARNER)
    service.send_password_reset(
        session,
        actor_id=admin.id,
        user_id=learner.id,
        mails=FakeMails(),
        ip_address="192.0.2.5",
        now=utcnow(),
    )
    [job] = session.scalars(sa.select(Job))
    assert job.payload["to"] == learner.email
    assert "https://qualify.test/password_reset/" in job.payload["text"]
    assert entries(session) == [("password_reset_sent", admin.id, learner.id, "192.0.2.5")]
