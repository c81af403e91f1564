"""`qualify demo setup` also makes a demo graduate with one issued certificate, so a
newcomer can try verification at once."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from qualify.accounts.passwords import verify_password
from qualify.assessment.service import course_results
from qualify.certificates.demo import GRADUATE_EMAIL
from qualify.certificates.models import Certificate, CertificateStatus, WorkshopCredit
from qualify.cli import main
from qualify.core.clock import utcnow
from qualify.courses import service as courses
from tests.conftest import PASSWORD

pytestmark = pytest.mark.usefixtures("imported_content")


def test_setup_creates_the_graduate_once_with_a_verifiable_certificate(
    app, runner, client: FlaskClient, session: Session
) -> None:
    first = runner.invoke(main, ["demo", "setup"], catch_exceptions=False)
    assert first.exit_code == 0, first.output
    login = re.search(rf"Demo graduate: {GRADUATE_EMAIL}  password: (\S+)  \(shown", first.output)
    assert login, first.output
    url = re.search(r"Their certificate can be checked at (\S+)", first.output).group(1)
    [certificate] = session.scalars(sa.select(Certificate)).all()
    assert url == f"{app.config['BASE_URL']}/verify/{certificate.code}"
    assert verify_password(certificate.user.password_hash, login.group(1))
    assert certificate.status_at(utcnow()) == CertificateStatus.VALID
    assert certificate.qualification.slug == "mit-workshop"  # the fixtures' first complete one
    again = runner.invoke(main, ["demo", "setup"], catch_exceptions=False)
    assert f"Demo graduate: {GRADUATE_EMAIL} (exists)" in again.output and url in again.output
    assert len(session.scalars(sa.select(Certificate)).all()) == 1
    page = client.get(url.removeprefix(app.config["BASE_URL"]))
    assert page.status_code == 200 and "Demo Absolvent*in" in page.get_data(as_text=True)


def test_the_graduate_did_the_work_the_certificate_names(runner, session: Session) -> None:
    runner.invoke(main, ["demo", "setup"], catch_exceptions=False)
    certificate = session.scalars(sa.select(Certificate)).one()
    user_id = certificate.user_id
    [line] = certificate.courses
    course = courses.catalogue(session)[0]
    assert line["course"] == course.slug == "testkurs"
    progress = courses.progress_by_course(session, user_id, [course.id])[course.id]
    assert progress.lessons_done == progress.lessons_total > 0
    result = course_results(session, [user_id])[(user_id, course.id)]
    assert result.passed and result.counted_percent == line["percent"] == 92.0
    hours = session.scalars(sa.select(WorkshopCredit.hours)).all()
    assert hours == [8.0] and certificate.workshop_hours == 8.0
    assert result.passed_at.isoformat() == line["passed_at"]
    assert dt.datetime.fromisoformat(line["passed_at"]) < certificate.issued_at


def test_the_graduate_logs_in_and_sees_the_certificate(
    runner, client: FlaskClient, session: Session
) -> None:
    output = runner.invoke(main, ["demo", "setup"], catch_exceptions=False).output
    password = re.search(r"Demo graduate: \S+  password: (\S+)", output).group(1)
    assert password != PASSWORD
    response = client.post("/login", data={"email": GRADUATE_EMAIL, "password": password})
    assert response.status_code == 302
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Meine Zertifikate" in page and "Mit Workshop" in page and "Gültig" in page
    assert "bestanden mit 92" in page
