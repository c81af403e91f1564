"""What an admin sees and does on /admin/users and /admin/users/<id>."""

from __future__ import annotations

import re
from collections.abc import Callable

import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from qualify.accounts.models import Role, User
from qualify.audit.models import AuditEvent
from qualify.core.clock import utcnow
from qualify.jobs.models import Job


def text(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_list_searches_filters_and_links_to_each_person(
    client: FlaskClient, session: Session, make_user: Callable[..., User], login_as
) -> None:
    lan = make_user(Role.LEARNER, name="Nguyen Thi Lan", email="lan@example.org")
    make_user(Role.TRAINER, name="Kemal Yilmaz", email="kemal@verein.de")
    lan.deactivated_at = utcnow()
    session.commit()
    login_as(Role.ADMIN, name="Amal Haddad")
    page = text(client, "/admin/users")
    assert "Nguyen Thi Lan" in page and "Kemal Yilmaz" in page and "Amal Haddad" in page
    assert f'href="/admin/users/{lan.id}"' in page and "Deaktiviert" in page
    found = text(client, "/admin/users?q=VEREIN")
    assert "Kemal Yilmaz" in found and "Nguyen" not in found and "1 Konto gefunden." in found
    assert 'value="VEREIN"' in found  # the form keeps what was typed
    deactivated = text(client, "/admin/users?status=deactivated")
    assert "Nguyen Thi Lan" in deactivated and "Kemal" not in deactivated
    trainers = text(client, "/admin/users?role=trainer").split("<tbody>")[1]
    assert "Kemal Yilmaz" in trainers and "Amal" not in trainers


def test_page_links_keep_the_filters(client: FlaskClient, session: Session, login_as) -> None:
    session.add_all(
        User(email=f"p{n}@example.org", name=f"Person {n:03d}", password_hash="-")
        for n in range(60)
    )
    session.commit()
    login_as(Role.ADMIN, name="Zora Admin")
    first = text(client, "/admin/users?q=person&role=learner")
    assert "Seite 1 von 2" in first and "Person 049" in first and "Person 050" not in first
    [link] = re.findall(r'href="(/admin/users\?[^"]+)" rel="next"', first)
    assert "q=person" in link and "role=learner" in link and "page=2" in link
    second = text(client, link.replace("&amp;", "&"))
    assert "Person 050" in second and "Person 059" in second and "Person 000" not in second
    # hostile page numbers show a page, never an error
    assert "Seite 2 von 2" in text(client, "/admin/users?page=99999999999999999999")
    assert "Seite 1 von 2" in text(client, "/admin/users?page=abc")
    assert "Alle" in text(client, "/admin/users?role=pope&status=x")


def test_deactivate_and_reactivate_from_the_persons_page(
    app, client: FlaskClient, session: Session, make_user: Callable[..., User], login_as
) -> None:
    learner = make_user(Role.LEARNER, name="Olga Petrova")
    admin = login_as(Role.ADMIN)
    page = text(client, f"/admin/users/{learner.id}")
    assert "Olga Petrova" in page and "Konto deaktivieren" in page
    response = client.post(f"/admin/users/{learner.id}/deactivate")
    assert response.headers["Location"] == f"/admin/users/{learner.id}"
    page = text(client, f"/admin/users/{learner.id}")
    assert "\u2068Olga Petrova\u2069 ist deaktiviert und überall abgemeldet." in page
    assert "Konto wieder aktivieren" in page and "Link für ein neues Passwort" not in page
    client.post(f"/admin/users/{learner.id}/reactivate")
    assert "\u2068Olga Petrova\u2069 kann sich wieder anmelden." in text(
        client, f"/admin/users/{learner.id}"
    )
    events = session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(e.action, e.actor_id, e.subject_user_id, e.ip_address) for e in events] == [
        ("user_deactivated", admin.id, learner.id, "127.0.0.1"),
        ("user_reactivated", admin.id, learner.id, "127.0.0.1"),
    ]


def test_an_admin_cannot_deactivate_themself(
    client: FlaskClient, session: Session, login_as
) -> None:
    admin = login_as(Role.ADMIN)
    page = text(client, f"/admin/users/{admin.id}")
    assert "Konto deaktivieren" not in page
    client.post(f"/admin/users/{admin.id}/deactivate")
    page = text(client, f"/admin/users/{admin.id}")
    assert "Sie können Ihr eigenes Konto nicht deaktivieren." in page
    assert session.get_one(User, admin.id).is_active


def test_send_a_reset_link_in_the_persons_language(
    client: FlaskClient, session: Session, make_user: Callable[..., User], login_as
) -> None:
    learner = make_user(Role.LEARNER, name="Lan Nguyen", locale="en")
    admin = login_as(Role.ADMIN)
    client.post(f"/admin/users/{learner.id}/password-reset")
    page = text(client, f"/admin/users/{learner.id}")
    assert "Wir haben \u2068Lan Nguyen\u2069 einen Link für ein neues Passwort geschickt." in page
    [job] = session.scalars(sa.select(Job))
    assert job.payload["to"] == learner.email
    assert job.payload["subject"] == "Your new password for qualify"
    assert "https://qualify.test/password/reset/" in job.payload["text"]
    event = session.scalars(sa.select(AuditEvent)).one()
    assert (event.action, event.actor_id, event.subject_user_id) == (
        "password_reset_sent",
        admin.id,
        learner.id,
    )


def test_no_reset_link_for_a_deactivated_account(
    client: FlaskClient, session: Session, make_user: Callable[..., User], login_as
) -> None:
    learner = make_user(Role.LEARNER)
    learner.deactivated_at = utcnow()
    session.commit()
    login_as(Role.ADMIN)
    client.post(f"/admin/users/{learner.id}/password-reset")
    assert "Aktivieren Sie es zuerst wieder." in text(client, f"/admin/users/{learner.id}")
    assert session.scalars(sa.select(Job)).all() == []
    assert session.scalars(sa.select(AuditEvent)).all() == []


def test_role_change_from_the_persons_page_is_audited(
    client: FlaskClient, session: Session, make_user: Callable[..., User], login_as
) -> None:
    learner = make_user(Role.LEARNER, name="Kemal Yilmaz")
    admin = login_as(Role.ADMIN)
    client.post(f"/admin/users/{learner.id}/role", data={f"u{learner.id}-role": "trainer"})
    page = text(client, f"/admin/users/{learner.id}")
    assert "Die Rolle von \u2068Kemal Yilmaz\u2069 ist jetzt: Trainer*in." in page
    event = session.scalars(sa.select(AuditEvent)).one()
    assert (event.action, event.actor_id, event.details) == (
        "role_changed",
        admin.id,
        {"from": "learner", "to": "trainer"},
    )


def test_a_latin_name_in_an_arabic_message_keeps_its_order(
    client: FlaskClient, make_user: Callable[..., User], login_as
) -> None:
    """A flash message cannot hold <bdi>: the name is set between Unicode's isolates, so its
    "(A)" does not turn round in an Arabic sentence (it stood bare before)."""
    learner = make_user(Role.LEARNER, name="Anna Weber (A)")
    login_as(Role.ADMIN, locale="ar")
    client.post(f"/admin/users/{learner.id}/deactivate")
    page = text(client, f"/admin/users/{learner.id}")
    [message] = re.findall(r'<p class="flash flash-success">(.*?)</p>', page)
    assert "\u2068Anna Weber (A)\u2069" in message
