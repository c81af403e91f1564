"""Admins invite people, send an invitation again, and delete an account on request."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from qualify.accounts.models import Role, User
from qualify.audit.models import AuditEvent
from qualify.jobs.models import Job
from tests.admin.test_user_pages import text


def events(session: Session) -> list[tuple[str, int | None, int | None]]:
    rows = session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id))
    return [(e.action, e.actor_id, e.subject_user_id) for e in rows]


def test_an_admin_invites_a_person_with_a_role(
    client: FlaskClient, session: Session, login_as: Callable[..., User]
) -> None:
    admin = login_as(Role.ADMIN)
    assert "Person einladen" in text(client, "/admin/users")
    data = {"email": "Amira@Example.org", "name": "", "role": "trainer", "locale": "en"}
    response = client.post("/admin/users/invite", data=data)
    invited = session.scalar(sa.select(User).where(User.email == "amira@example.org"))
    assert response.status_code == 302 and response.location == f"/admin/users/{invited.id}"
    assert invited.role == "trainer" and invited.password_hash is None
    [job] = session.scalars(sa.select(Job))
    assert job.payload["subject"] == "Your invitation to qualify"
    assert "/invitation/" in job.payload["text"]
    assert events(session) == [("invitation_sent", admin.id, invited.id)]
    page = text(client, f"/admin/users/{invited.id}")
    assert "Einladung noch einmal schicken" in page


def test_inviting_a_taken_address_keeps_what_was_typed(
    client: FlaskClient, session: Session, login_as: Callable[..., User], make_user
) -> None:
    make_user(email="taken@example.org")
    login_as(Role.ADMIN)
    data = {"email": "taken@example.org", "name": "Kim Lee", "role": "learner", "locale": "de"}
    page = client.post("/admin/users/invite", data=data).get_data(as_text=True)
    assert "Es gibt schon ein Konto mit dieser E-Mail-Adresse." in page
    assert 'value="Kim Lee"' in page and 'value="taken@example.org"' in page
    assert session.scalars(sa.select(Job)).all() == []


def test_sending_the_invitation_again_is_audited_and_refused_once_accepted(
    client: FlaskClient, session: Session, login_as: Callable[..., User], make_user
) -> None:
    admin = login_as(Role.ADMIN)
    client.post(
        "/admin/users/invite", data={"email": "kim@example.org", "role": "learner", "locale": "de"}
    )
    invited = session.scalar(sa.select(User).where(User.email == "kim@example.org"))
    client.post(f"/admin/users/{invited.id}/invitation")
    assert len(session.scalars(sa.select(Job)).all()) == 2
    assert events(session)[-1] == ("invitation_resent", admin.id, invited.id)
    learner = make_user()
    client.post(f"/admin/users/{learner.id}/invitation")
    assert "hat die Einladung schon angenommen" in text(client, f"/admin/users/{learner.id}")


def test_an_admin_deletes_an_account_only_when_confirmed(
    client: FlaskClient, session: Session, login_as: Callable[..., User], make_user
) -> None:
    learner = make_user(email="ada@example.org")
    admin = login_as(Role.ADMIN)
    client.post(f"/admin/users/{learner.id}/delete", data={"delete-certificates": "keep"})
    session.refresh(learner)
    assert learner.deleted_at is None
    data = {"delete-certificates": "revoke", "delete-confirmed": "y"}
    client.post(f"/admin/users/{learner.id}/delete", data=data)
    session.refresh(learner)
    assert learner.deleted_at is not None and learner.email != "ada@example.org"
    assert ("account_deleted", admin.id, learner.id) in events(session)
    page = text(client, f"/admin/users/{learner.id}")
    assert "ada@example.org" not in page and "Konto löschen" not in page


def test_an_admin_does_not_delete_their_own_account_here(
    client: FlaskClient, login_as: Callable[..., User]
) -> None:
    admin = login_as(Role.ADMIN)
    assert "Konto löschen" not in text(client, f"/admin/users/{admin.id}")
