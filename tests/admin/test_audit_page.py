"""The audit log page: newest first, who, what, on whom, when, from where, filters, pages."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from qualify.accounts.models import Role, User
from qualify.audit import service as audit
from qualify.audit.actions import AuditAction

T0 = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def log(session: Session, make_user: Callable[..., User]) -> dict[str, User]:
    trainer = make_user(Role.TRAINER, name="Kemal Yilmaz", email="kemal@verein.de")
    learner = make_user(Role.LEARNER, name="Lan Nguyen", email="lan@example.org")
    gone = make_user(Role.LEARNER, name="Gone Person")
    gone.deleted_at = T0
    audit.record(
        session,
        actor_id=trainer.id,
        action=AuditAction.EXTRA_ATTEMPT_GRANTED,
        subject_user_id=learner.id,
        subject="quiz testkurs",
        details={"reason": "Krank"},
        ip_address="192.0.2.44",
        now=T0,
    )
    audit.record(
        session,
        actor_id=None,
        action=AuditAction.CERTIFICATE_REVOKED,
        subject_user_id=gone.id,
        details=audit.COMMAND_LINE,
        now=T0 + dt.timedelta(days=2),
    )
    audit.record(
        session,
        actor_id=999_999,
        action=AuditAction.ROLE_CHANGED,
        subject_user_id=learner.id,
        details={"from": "learner", "to": "trainer"},
        now=T0 + dt.timedelta(days=5),
    )
    session.commit()
    return {"trainer": trainer, "learner": learner, "gone": gone}


def text(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_an_admin_sees_who_did_what_to_whom(
    client: FlaskClient, log: dict[str, User], login_as
) -> None:
    login_as(Role.ADMIN)
    page = text(client, "/admin/audit")
    assert "3 Einträge gefunden." in page
    rows = page.split("<tbody>")[1]  # newest first
    assert rows.index("Rolle geändert") < rows.index("Zertifikat zurückgezogen")
    assert rows.index("Zertifikat zurückgezogen") < rows.index("Zusätzlichen Quiz-Versuch erlaubt")
    assert "Kemal Yilmaz" in page and "kemal@verein.de" in page and "lan@example.org" in page
    assert "Kommandozeile" in page and "Gemacht über: Kommandozeile" in page
    assert f"entferntes Konto Nr. {log['gone'].id}" in page  # deleted: no name shown
    assert "Gone Person" not in page
    assert "entferntes Konto Nr. 999999" in page  # no such row any more
    assert "192.0.2.44" in page and "Quiz des Kurses testkurs" in page and "Grund: Krank" in page
    assert "Vorher: Lernende*r" in page and "Nachher: Trainer*in" in page
    assert "01.03.2026, 10:30:00" in page  # in the viewer's language and the site's time (CET)


def test_the_english_page(client: FlaskClient, log: dict[str, User], login_as) -> None:
    login_as(Role.ADMIN, locale="en")
    client.post("/language", data={"locale": "en"})
    page = text(client, "/admin/audit")
    assert "Extra quiz attempt granted" in page and "command line" in page
    assert "Mar 1, 2026, 10:30:00" in page


def test_filters(client: FlaskClient, log: dict[str, User], login_as) -> None:
    login_as(Role.ADMIN)
    trainer, learner = log["trainer"], log["learner"]
    by_action = text(client, "/admin/audit?action=certificate_revoked")
    assert "1 Eintrag gefunden." in by_action
    by_email = text(client, "/admin/audit?actor=KEMAL@verein.de")
    assert "1 Eintrag gefunden." in by_email and "192.0.2.44" in by_email
    assert "1 Eintrag gefunden." in text(client, f"/admin/audit?actor={trainer.id}")
    assert "2 Einträge gefunden." in text(client, f"/admin/audit?subject={learner.id}")
    assert "0 Einträge gefunden." in text(client, "/admin/audit?actor=nobody@example.org")
    dated = text(client, "/admin/audit?since=2026-03-02&until=2026-03-04")
    assert "1 Eintrag gefunden." in dated and "Zertifikat zurückgezogen" in dated


def test_odd_filters_are_explained_not_failed(
    client: FlaskClient, log: dict[str, User], login_as
) -> None:
    login_as(Role.ADMIN)
    page = text(client, "/admin/audit?actor=not+a+person&since=yesterday&action=coffee")
    assert "Geben Sie eine Konto-Nummer oder eine E-Mail-Adresse ein." in page
    assert "3 Einträge gefunden." in page  # the invalid filters are left out
    assert "0 Einträge" in text(client, "/admin/audit?actor=9999999999")  # beyond any id
    assert "3 Einträge" in text(client, "/admin/audit?until=9999-12-31&since=0001-01-01")


def test_paging(client: FlaskClient, session: Session, login_as) -> None:
    for n in range(60):
        audit.record(
            session,
            actor_id=None,
            action=AuditAction.USER_CREATED,
            now=T0 + dt.timedelta(minutes=n),
        )
    session.commit()
    login_as(Role.ADMIN)
    first = text(client, "/admin/audit?action=user_created")
    [link] = re.findall(r'href="(/admin/audit\?[^"]+)" rel="next"', first)
    assert "Seite 1 von 2" in first and "action=user_created" in link and "page=2" in link
    assert "11:29:00" in first and "10:39:00" not in first
    second = text(client, "/admin/audit?action=user_created&page=2")
    assert "10:39:00" in second and "10:30:00" in second and "11:29:00" not in second


def test_learners_and_trainers_may_not_read_it(client: FlaskClient, login_as) -> None:
    for role in (Role.LEARNER, Role.TRAINER):
        login_as(role)
        assert client.get("/admin/audit").status_code == 403
        assert client.get("/admin/users").status_code == 403


@pytest.mark.parametrize(
    "value",
    ["", "-1", "0", "9223372036854775808", "١٢", "１", "' OR 1=1 --", "x" * 5000, "@", "a@b@c",
     "2026-02-30", "9999-12-31", "0000-01-01", "NaN", "‮evil"],
)  # fmt: skip
def test_hostile_filters_show_a_page(client: FlaskClient, login_as, value: str) -> None:
    login_as(Role.ADMIN)
    for name in ("action", "actor", "subject", "since", "until", "page"):
        assert client.get("/admin/audit", query_string={name: value}).status_code == 200
    for name in ("q", "role", "status", "page"):
        assert client.get("/admin/users", query_string={name: value}).status_code == 200
