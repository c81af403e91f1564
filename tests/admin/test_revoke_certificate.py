"""An admin revokes a certificate from the holder's page: a public reason, audited, shown
on the verification page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from qualify.accounts.models import Role, User
from qualify.audit.models import AuditEvent
from qualify.certificates.codes import format_code
from tests.certificates.issued import issue, supersede
from tests.conftest import csrf_token

pytestmark = pytest.mark.usefixtures("imported_content")


def page(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_admin_revokes_with_a_reason_shown_on_verify_and_audited(
    client: FlaskClient, session: Session, make_user: Callable[..., User], login_as
) -> None:
    holder = make_user(name="Oksana Melnyk")
    certificate = issue(session, holder)
    admin = login_as(Role.ADMIN)
    before = page(client, f"/admin/users/{holder.id}")
    assert "Testzertifikat" in before and format_code(certificate.code) in before
    assert "gültig" in before and "Dieses Zertifikat widerrufen" in before
    response = client.post(
        f"/admin/users/{holder.id}/certificates/{certificate.id}/revoke",
        data={f"c{certificate.id}-reason": "  Prüfung\nunter fremdem Namen abgelegt "},
    )
    assert response.status_code == 302
    after = page(client, response.headers["Location"])
    assert "Das Zertifikat ist widerrufen." in after
    assert "Grund: <bdi>Prüfung unter fremdem Namen abgelegt</bdi>" in after
    assert "Dieses Zertifikat widerrufen" not in after  # no second revocation offered
    session.refresh(certificate)
    assert certificate.revoked_reason == "Prüfung unter fremdem Namen abgelegt"
    [event] = session.scalars(sa.select(AuditEvent)).all()
    assert (event.action, event.actor_id, event.subject_user_id, event.ip_address) == (
        "certificate_revoked",
        admin.id,
        holder.id,
        "127.0.0.1",
    )
    assert event.details == {"reason": "Prüfung unter fremdem Namen abgelegt"}
    verify = page(client, f"/verify/{certificate.code}")
    assert "Prüfung unter fremdem Namen abgelegt" in verify


@pytest.mark.parametrize(
    ("reason", "error"),
    [
        ("   ", "Bitte geben Sie den Grund für den Widerruf an."),
        ("x" * 501, "500"),
        ("Betrug \u202eemaN", "ohne besondere Steuerzeichen"),
    ],
)
def test_a_reason_is_required_and_printable(
    client: FlaskClient,
    session: Session,
    make_user: Callable[..., User],
    login_as,
    reason: str,
    error: str,
) -> None:
    holder = make_user()
    certificate = issue(session, holder)
    login_as(Role.ADMIN)
    response = client.post(
        f"/admin/users/{holder.id}/certificates/{certificate.id}/revoke",
        data={f"c{certificate.id}-reason": reason},
    )
    assert response.status_code == 400
    assert error in response.get_data(as_text=True)
    session.refresh(certificate)
    assert certificate.revoked_at is None
    assert session.scalars(sa.select(AuditEvent)).all() == []


def test_another_persons_certificate_is_404_and_a_second_revocation_is_refused(
    client: FlaskClient, session: Session, make_user: Callable[..., User], login_as
) -> None:
    holder, other = make_user(), make_user()
    certificate = issue(session, holder)
    login_as(Role.ADMIN)
    wrong_person = f"/admin/users/{other.id}/certificates/{certificate.id}/revoke"
    assert client.post(wrong_person, data={f"c{certificate.id}-reason": "x"}).status_code == 404
    url = f"/admin/users/{holder.id}/certificates/{certificate.id}/revoke"
    client.post(url, data={f"c{certificate.id}-reason": "Erster Grund"})
    again = client.post(url, data={f"c{certificate.id}-reason": "Zweiter Grund"})
    assert "Dieses Zertifikat wurde schon widerrufen." in page(client, again.headers["Location"])
    session.refresh(certificate)
    assert certificate.revoked_reason == "Erster Grund"
    assert len(session.scalars(sa.select(AuditEvent)).all()) == 1


def test_superseded_certificates_are_listed_with_their_status(
    client: FlaskClient, session: Session, make_user: Callable[..., User], login_as
) -> None:
    holder = make_user()
    old = issue(session, holder)
    new = supersede(session, old)
    login_as(Role.ADMIN)
    text = page(client, f"/admin/users/{holder.id}")
    assert text.index(format_code(new.code)) < text.index(format_code(old.code))
    assert "durch ein neueres Zertifikat ersetzt" in text


def test_revoking_needs_the_csrf_token(
    app: Flask, client: FlaskClient, session: Session, make_user: Callable[..., User], login_as
) -> None:
    holder = make_user()
    certificate = issue(session, holder)
    login_as(Role.ADMIN)
    url = f"/admin/users/{holder.id}/certificates/{certificate.id}/revoke"
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert client.post(url, data={f"c{certificate.id}-reason": "Grund"}).status_code == 400
        token = csrf_token(page(client, f"/admin/users/{holder.id}"))
        data = {f"c{certificate.id}-reason": "Grund", f"c{certificate.id}-csrf_token": token}
        assert client.post(url, data=data).status_code == 302
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    session.refresh(certificate)
    assert certificate.revoked_reason == "Grund"
