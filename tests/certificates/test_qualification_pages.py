"""What a visitor learns about a qualification: its public page with every requirement,
links from the catalogue and the courses that count, and a quiz result that passes the
quiz but not the qualification's minimum."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from qualify.accounts.models import Role, User
from qualify.certificates import service
from qualify.certificates.models import Certificate
from qualify.certificates.qualificationfile import load_qualification
from tests.test_learner_journey import take_quiz

pytestmark = pytest.mark.usefixtures("imported_content")

TEXTS = "{de: %s, en: %s, fr: x, ru: x, ar: x, es: x, pl: x, vi: x}"
RULES = f"""\
id: praxis
title: {TEXTS % ("Praxis-Berater*in", "Practice counsellor")}
description: {TEXTS % ("Berät in der Praxis.", "Counsels in practice.")}
audience: {TEXTS % ("Ehrenamtliche in Vereinen.", "Volunteers in associations.")}
courses:
  - course: testkurs
    min_percent: 75
electives:
  - choose: 1
    courses:
      - course: noch-nicht-geschrieben
      - course: auch-nicht-geschrieben
        lessons: 50
workshops:
  hours: 8
  description: {TEXTS % ("Ein Übungstag.", "A day of practice.")}
sign_off: true
validity:
  months: 36
  renewal:
    window_months: 6
    workshop_hours: 4
"""


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def praxis(imported_content: None, session: Session, tmp_path: Path) -> None:
    path = tmp_path / "praxis.yaml"
    path.write_text(RULES, encoding="utf-8")
    spec, problems = load_qualification(path)
    assert spec is not None, problems
    service.import_qualifications(session, [spec])
    session.commit()


@pytest.mark.usefixtures("praxis")
def test_the_public_page_names_every_requirement(client: FlaskClient) -> None:
    page = text_of(client.get("/qualifications/praxis").get_data(as_text=True))
    for expected in (
        "Praxis-Berater*in",
        "Berät in der Praxis.",
        "Für wen sie ist Ehrenamtliche in Vereinen.",
        "Testkurs : Abschlusstest mit mindestens 75 % · alle Lektionen erledigt",
        "Wählen Sie 1 von diesen 2 Kursen:",
        "auch-nicht-geschrieben : Abschlusstest bestanden · mindestens 50 % der Lektionen erledigt",
        "Präsenz-Workshops: 8 Stunden Ein Übungstag.",
        "Zum Schluss bestätigt Ihre Trainerin oder Ihr Trainer, dass Sie bereit sind (Freigabe).",
        "Das Zertifikat gilt 36 Monate.",
        "Ab 6 Monaten vor dem Ablauf können Sie es erneuern.",
        "Präsenz-Workshops: 4 Stunden",
    ):
        assert expected in page, expected
    english = client.get("/qualifications/praxis", headers={"Accept-Language": "en"})
    assert "Volunteers in associations." in english.get_data(as_text=True)
    assert "final quiz with at least 75 %" in text_of(english.get_data(as_text=True))


def test_the_pass_mark_stands_in_for_a_missing_minimum(client: FlaskClient) -> None:
    page = text_of(client.get("/qualifications/testzertifikat").get_data(as_text=True))
    assert "Testkurs : Abschlusstest bestanden (Bestehensgrenze 60 %)" in page
    assert "Das Zertifikat wird automatisch ausgestellt" in page
    assert "Das Zertifikat gilt ohne zeitliche Grenze." in page


def test_unknown_and_archived_qualifications_are_not_found(
    client: FlaskClient, praxis: None
) -> None:
    assert client.get("/qualifications/gibt-es-nicht").status_code == 404
    assert client.get("/qualifications/testzertifikat").status_code == 404  # archived now
    assert client.get("/qualifications/").status_code == 200


@pytest.mark.usefixtures("praxis")
def test_catalogue_and_course_page_link_to_the_qualifications(client: FlaskClient) -> None:
    catalogue = client.get("/").get_data(as_text=True)
    assert catalogue.count('href="/qualifications/praxis"') == 2  # the list, and the course
    assert "Zählt für:" in catalogue
    course = text_of(client.get("/courses/testkurs").get_data(as_text=True))
    assert "Dieser Kurs zählt für: Praxis-Berater*in – Pflicht · mit mindestens 75 %" in course


@pytest.mark.usefixtures("praxis")
def test_a_pass_below_the_qualifications_minimum_is_not_just_well_done(
    client: FlaskClient, login_as: Callable[..., User], session: Session
) -> None:
    login_as(Role.LEARNER)
    client.post("/courses/testkurs/enrol")
    overview = client.get("/courses/testkurs/quiz").get_data(as_text=True)
    assert "Die Qualifizierung „Praxis-Berater*in“ verlangt mindestens 75 %." in overview
    result = text_of(take_quiz(client, ["Blau", "Zwei", "Vier", "Falsch"]))  # 2 of 3: 66.7 %
    assert "Bestanden." in result and "Gut gemacht" not in result
    assert "Das reicht noch nicht für die Qualifizierung „Praxis-Berater*in“" in result
    assert "mindestens 75 %" in result
    dashboard = text_of(client.get("/dashboard").get_data(as_text=True))
    assert "verlangt mindestens 75 % im Abschlusstest (Sie haben 66,7 %)" in dashboard
    assert session.scalars(sa.select(Certificate)).all() == []


def test_a_pass_without_a_higher_minimum_is_well_done(
    client: FlaskClient, login_as: Callable[..., User]
) -> None:
    login_as(Role.LEARNER)
    client.post("/courses/testkurs/enrol")
    result = text_of(take_quiz(client, ["Blau", "Zwei", "Vier", "Falsch"]))
    assert "Gut gemacht!" in result and "reicht noch nicht" not in result
