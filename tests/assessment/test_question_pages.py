"""Every question type through the browser's eyes: what the page shows (never the key),
what it sends back, how saved answers come back, and the review after submission."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from qualify.accounts.models import User
from qualify.assessment.models import AttemptStatus, QuizAttempt
from qualify.core.clock import utcnow
from qualify.courses import service as courses
from qualify.courses.models import Course
from tests.assessment.keys import page_answers
from tests.assessment.test_quiz_rules import install_quiz

ALL_TYPES = """
questions_per_page: 20
questions:
  - id: einzeln
    type: single_choice
    prompt: {de: Welche Farbe hat der Himmel?}
    feedback: {de: Blau.}
    options:
      - {id: blau-geheim, text: {de: Blau}, correct: true}
      - {id: gruen-geheim, text: {de: Grün}}
  - id: mehrere
    type: multiple_choice
    prompt: {de: Welche Zahlen sind gerade?}
    feedback: {de: Zwei und vier.}
    options:
      - {id: zwei-geheim, text: {de: Zwei}, correct: true}
      - {id: drei-geheim, text: {de: Drei}}
      - {id: vier-geheim, text: {de: Vier}, correct: true}
  - id: wahr
    type: true_false
    answer: false
    prompt: {de: Die Erde ist eine Scheibe.}
    feedback: {de: Nein.}
  - id: zahl
    type: numeric
    answer: 987.65
    tolerance: 0.005
    unit: "€"
    prompt: {de: Wie hoch ist der Überschuss?}
    feedback: {de: "987,65 Euro."}
  - id: wort
    type: short_text
    answers: [Kassenbuch, cash book]
    prompt: {de: Worin stehen alle Bareinnahmen?}
    feedback: {de: Im Kassenbuch.}
  - id: paare
    type: matching
    prompt: {de: Ordnen Sie zu.}
    feedback: {de: So gehört es zusammen.}
    pairs:
      - {id: paar-ideell, prompt: {de: Mitgliedsbeitrag}, answer: {de: ideeller Bereich}}
      - {id: paar-zweck, prompt: {de: Kursgebühr}, answer: {de: Zweckbetrieb}}
      - id: paar-wirt
        prompt: {de: Getränkeverkauf}
        answer: {de: wirtschaftlicher Geschäftsbetrieb}
    distractors:
      - {de: Privatvermögen}
  - id: reihe
    type: ordering
    prompt: {de: Bringen Sie die Schritte in die richtige Reihenfolge.}
    feedback: {de: "Erst prüfen, dann handeln."}
    items:
      - {id: schritt-analyse, text: {de: Analyse}}
      - {id: schritt-ziele, text: {de: Ziele}}
      - {id: schritt-massnahmen, text: {de: Maßnahmen}}
  - id: luecken
    type: cloze
    feedback: {de: "72 Stunden, an die Aufsichtsbehörde."}
    text: {de: "Eine Datenpanne melden Sie binnen {1} Stunden an die {2}."}
    gaps:
      - answers: ["72", zweiundsiebzig]
      - options:
          - {text: {de: Aufsichtsbehörde}, correct: true}
          - {text: {de: Polizei}}
  - id: text
    type: essay
    points: 2
    prompt: {de: Was nehmen Sie mit?}
    feedback: {de: Danke.}
"""
SECRETS = [
    "geheim",
    "paar-",
    "schritt-",
    "987.65",
    "987,65",
    "Kassenbuch",
    "cash book",
    "zweiundsiebzig",
    '"72"',
    "correct",
    "Blau.",
    "Im Kassenbuch",
    "feedback",
]


@pytest.fixture
def attempt_url(
    imported_content: None, session: Session, client: FlaskClient, login_as: Callable[..., User]
) -> str:
    install_quiz(session, ALL_TYPES)
    learner = login_as()
    course = session.scalar(sa.select(Course).where(Course.slug == "testkurs"))
    courses.enrol(session, learner.id, course.id, utcnow())
    return client.post("/courses/testkurs/quiz/start").headers["Location"]


def form_data(session: Session, right: bool) -> dict[str, list[str]]:
    attempt = session.scalar(sa.select(QuizAttempt))
    auto = [q for q in attempt.questions if q.spec["type"] != "essay"]
    data: dict[str, list[str]] = {}
    for position, parts in page_answers(auto, right=right).items():
        for part, values in parts.items():
            data[f"q{position}" + (f"-{part}" if part else "")] = values
    essay = next(q for q in attempt.questions if q.spec["type"] == "essay")
    data[f"q{essay.position}"] = ["Ich achte auf einfache Sprache in Briefen."]
    return data


def test_the_page_shows_every_type_but_no_key(client: FlaskClient, attempt_url: str) -> None:
    page = client.get(attempt_url).get_data(as_text=True)
    for text in (
        "Mitgliedsbeitrag",
        "Zweckbetrieb",
        "Privatvermögen",
        "Maßnahmen",
        "Eine Datenpanne melden Sie binnen",
        "Aufsichtsbehörde",
        "<textarea",
    ):
        assert text in page
    for secret in SECRETS:
        assert secret not in page, secret
    assert len(re.findall(r"<select id=\"q", page)) == 3 + 3 + 1  # pairs, items, one drop-down gap


def test_saved_answers_of_every_type_come_back(
    client: FlaskClient, attempt_url: str, session: Session
) -> None:
    data = form_data(session, right=True)
    assert client.post(attempt_url, data={**data, "save": "1"}).status_code == 302
    page = client.get(attempt_url).get_data(as_text=True)
    assert 'value="987,65"' in page and "Ich achte auf einfache Sprache" in page
    assert page.count(" selected>") >= 3 + 3 + 1
    assert page.count(" checked>") == 1 + 2 + 1


def test_right_answers_of_every_type_score_fully_and_wait_for_the_essay(
    client: FlaskClient, attempt_url: str, session: Session
) -> None:
    client.post(attempt_url, data={**form_data(session, right=True), "submit": "1"})
    attempt = session.scalar(sa.select(QuizAttempt))
    session.refresh(attempt)
    assert attempt.status == AttemptStatus.PENDING_REVIEW
    assert (attempt.points, attempt.max_points) == (8, 10)
    result = client.get(attempt_url).get_data(as_text=True)
    assert "Wartet auf Ihre Trainer*in" in result and "Im Kassenbuch." in result


def test_wrong_answers_of_every_type_score_nothing(
    client: FlaskClient, attempt_url: str, session: Session
) -> None:
    client.post(attempt_url, data={**form_data(session, right=False), "submit": "1"})
    attempt = session.scalar(sa.select(QuizAttempt))
    session.refresh(attempt)
    assert [q.points for q in attempt.questions if q.spec["type"] != "essay"] == [0.0] * 8


def test_the_background_save_says_when_it_did_not_store(
    client: FlaskClient, session: Session, attempt_url: str
) -> None:
    page = client.get(attempt_url).get_data(as_text=True)
    assert 'class="notice save-status" role="alert" hidden' in page
    assert "konnten nicht gespeichert werden" in page
    background = {"X-Requested-With": "fetch"}
    assert client.post(attempt_url, data={"save": "1"}, headers=background).status_code == 204
    client.post(attempt_url, data={"submit": "1"})
    late = client.post(attempt_url, data={"save": "1"}, headers=background)
    assert late.status_code != 204  # the attempt is closed: nothing was stored
