"""Awarding, downloading and verifying certificates."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from qualify.accounts.models import Role, User
from qualify.certificates import service
from qualify.certificates.codes import new_code
from qualify.certificates.models import Certificate
from qualify.core.clock import utcnow
from tests.test_learner_journey import ALL_RIGHT, take_quiz

pytestmark = pytest.mark.usefixtures("imported_content")


def pass_course(client: FlaskClient, labels: list[str] = ALL_RIGHT) -> str:
    client.post("/courses/testkurs/enrol")
    return take_quiz(client, labels)


def test_certificate_awarded_only_for_passed_courses(
    client: FlaskClient, login_as: Callable[..., User], session: Session
) -> None:
    user = login_as(Role.LEARNER)
    pass_course(client, ["Grün", "Drei", "Falsch"])
    assert session.scalars(sa.select(Certificate)).all() == []
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert "noch zu bestehen" in dashboard
    pass_course(client)
    certificates = session.scalars(sa.select(Certificate)).all()
    assert [(c.user_id, c.qualification.slug) for c in certificates] == [
        (user.id, "testzertifikat")
    ]
    assert certificates[0].courses[0]["course"] == "testkurs"


def test_unattainable_qualification_is_explained_not_awarded(
    client: FlaskClient, login_as: Callable[..., User]
) -> None:
    login_as(Role.LEARNER)
    pass_course(client)
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert "Diese Qualifizierung kann noch nicht erworben werden" in dashboard
    assert "<bdi>noch-nicht-geschrieben</bdi> – Kurs noch nicht verfügbar" in dashboard


def test_awarding_twice_issues_one_certificate(
    client: FlaskClient, login_as: Callable[..., User], session: Session
) -> None:
    user = login_as(Role.LEARNER)
    pass_course(client)
    assert service.award_due_qualifications(session, user.id, utcnow()) == []
    assert len(session.scalars(sa.select(Certificate)).all()) == 1


def test_another_learner_cannot_download_the_certificate(
    client: FlaskClient, login_as: Callable[..., User]
) -> None:
    login_as(Role.LEARNER)
    pass_course(client)
    link = re.search(
        r'href="(/certificates/\d+\.pdf)"', client.get("/dashboard").get_data(as_text=True)
    ).group(1)
    assert client.get(link).status_code == 200
    login_as(Role.LEARNER)
    assert client.get(link).status_code == 404
    login_as(Role.ADMIN)
    assert client.get(link).status_code == 404


def test_unknown_or_malformed_code_is_404(client: FlaskClient) -> None:
    response = client.get(f"/verify/{new_code()}")
    assert response.status_code == 404
    assert "Kein Zertifikat hat diesen Prüfcode." in response.get_data(as_text=True)
    assert client.get("/verify/not-a-code").status_code == 404
    assert client.get("/verify", query_string={"code": "nonsense"}).status_code == 404


def test_revoked_certificate_says_so(
    client: FlaskClient, login_as: Callable[..., User], session: Session
) -> None:
    login_as(Role.LEARNER)
    pass_course(client)
    certificate = session.scalars(sa.select(Certificate)).one()
    service.revoke(session, certificate.code, "Irrtümlich ausgestellt", utcnow())
    page = client.get(f"/verify/{certificate.code}").get_data(as_text=True)
    assert "widerrufen" in page and "Irrtümlich ausgestellt" in page
    # L5: no clean PDF of a revoked certificate, and the dashboard says it was revoked.
    download = client.get(f"/certificates/{certificate.id}.pdf")
    assert download.status_code == 410 and "widerrufen" in download.get_data(as_text=True)
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert "Widerrufen am" in dashboard and f"/certificates/{certificate.id}.pdf" not in dashboard
