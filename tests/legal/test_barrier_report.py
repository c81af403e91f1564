"""Reporting a barrier: the form keeps what was typed, is limited per address, and on
success writes one German mail per admin and for the accessibility contact to the outbox."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from qualify.accounts.models import Role, User
from qualify.core.clock import utcnow
from qualify.jobs.mail import MAIL
from qualify.jobs.models import Job
from qualify.legal.operator import OperatorFacts
from qualify.legal.views import OPERATOR

REPORT = {
    "page_url": "/courses/testkurs/lessons/erste-lektion",
    "description": "Der Screenreader liest die Tabelle <b>nicht</b> vor.",
    "name": "Nguyễn Thị Lan",
    "email": "lan@example.org",
}


@pytest.fixture
def accessibility_contact(app: Flask) -> Iterator[str]:
    app.extensions[OPERATOR] = OperatorFacts({"accessibility.email": "A11y@Example.org"})
    yield "A11y@Example.org"
    del app.extensions[OPERATOR]


def mails(session: Session) -> list[dict]:
    jobs = session.scalars(sa.select(Job).where(Job.kind == MAIL).order_by(Job.id))
    return [job.payload for job in jobs]


def test_the_form_prefills_the_page_it_was_opened_from(client: FlaskClient) -> None:
    page = client.get("/accessibility/report?page=/courses/testkurs").get_data(as_text=True)
    assert "<h1>Barriere melden</h1>" in page
    assert 'name="page_url" type="text" value="/courses/testkurs"' in page
    offsite = client.get("/accessibility/report?page=https://evil.example").get_data(as_text=True)
    assert 'name="page_url" type="text" value=""' in offsite


def test_a_report_mails_every_active_admin_and_the_contact(
    client: FlaskClient,
    session: Session,
    make_user: Callable[..., User],
    accessibility_contact: str,
) -> None:
    first = make_user(Role.ADMIN, email="admin-eins@example.org")
    second = make_user(Role.ADMIN, email="admin-zwei@example.org", locale="en")
    gone = make_user(Role.ADMIN, email="admin-weg@example.org")
    gone.deactivated_at = utcnow()
    make_user(Role.TRAINER)
    session.commit()

    response = client.post("/accessibility/report", data=REPORT, follow_redirects=True)

    assert response.request.path == "/accessibility"
    assert "Danke! Wir haben Ihre Meldung bekommen" in response.get_data(as_text=True)
    sent = mails(session)
    assert [mail["to"] for mail in sent] == [first.email, second.email, accessibility_contact]
    assert sent[1]["subject"] == "Barrier reported on qualify"  # each admin's own language
    assert sent[2]["subject"] == "Barriere auf qualify gemeldet"  # the contact: German
    mail = sent[0]
    assert "Jemand hat eine Barriere auf qualify gemeldet." in mail["text"]
    assert "Seite: /courses/testkurs/lessons/erste-lektion" in mail["text"]
    assert "Name: Nguyễn Thị Lan" in mail["text"]
    assert "E-Mail-Adresse für eine Antwort: lan@example.org" in mail["text"]
    assert REPORT["description"] in mail["text"]
    assert "https://qualify.test/accessibility" in mail["text"]
    assert "&lt;b&gt;nicht&lt;/b&gt;" in mail["html"] and "<b>nicht" not in mail["html"]
    assert '<html lang="de"' in mail["html"]


def test_the_contact_is_not_mailed_twice_when_an_admin(
    client: FlaskClient,
    session: Session,
    make_user: Callable[..., User],
    accessibility_contact: str,
) -> None:
    make_user(Role.ADMIN, email="a11y@example.org")
    session.commit()
    client.post("/accessibility/report", data=REPORT)
    assert [mail["to"] for mail in mails(session)] == ["a11y@example.org"]


def test_a_report_without_anyone_to_tell_is_logged(
    client: FlaskClient, session: Session, caplog: pytest.LogCaptureFixture
) -> None:
    response = client.post("/accessibility/report", data=REPORT)
    assert response.status_code == 302
    assert mails(session) == []
    assert "Der Screenreader liest die Tabelle" in caplog.text


def test_a_wrong_form_comes_back_as_typed_with_messages(
    client: FlaskClient, session: Session, make_user: Callable[..., User]
) -> None:
    make_user(Role.ADMIN)
    session.commit()
    typed = {**REPORT, "description": "", "email": "keine-adresse"}
    response = client.post("/accessibility/report", data=typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Bitte beschreiben Sie die Barriere." in page
    assert "Nguyễn Thị Lan" in page and 'value="keine-adresse"' in page
    too_long = client.post("/accessibility/report", data={**REPORT, "description": "x" * 5001})
    assert "Bitte schreiben Sie höchstens 5000 Zeichen." in too_long.get_data(as_text=True)
    assert mails(session) == []


def test_reports_are_limited_per_address_and_the_text_is_kept(
    client: FlaskClient, session: Session, make_user: Callable[..., User]
) -> None:
    make_user(Role.ADMIN)
    session.commit()
    for _ in range(10):
        assert client.post("/accessibility/report", data=REPORT).status_code == 302
    refused = client.post("/accessibility/report", data={**REPORT, "description": "Elfte Meldung"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 429
    assert "Zu viele Meldungen aus Ihrem Netzwerk" in page and "Elfte Meldung" in page
    assert len(mails(session)) == 10
