"""Taking the quiz: no answers leak, answers are saved, a double submit grades once."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from qualify.accounts.models import Role, User
from qualify.assessment.models import Quiz, QuizAttempt
from tests.test_learner_journey import option_values, submit_answers

pytestmark = pytest.mark.usefixtures("imported_content")


def start(client: FlaskClient) -> str:
    client.post("/courses/testkurs/enrol")
    return client.post("/courses/testkurs/quiz/start").headers["Location"]


def test_quiz_page_contains_no_correct_answers(
    client: FlaskClient, login_as: Callable[..., User]
) -> None:
    login_as(Role.LEARNER)
    page = client.get(start(client)).get_data(as_text=True)
    assert "Welche Farbe hat der Himmel?" in page
    for leak in (
        "correct",
        "richtig",
        "Der Himmel ist blau",
        "Zwei und vier",
        'blau"',
        'value="blau"',
        'value="zwei"',
        "feedback",
    ):
        assert leak not in page
    values = [v for _name, v in option_values(page).values()]
    assert not {"blau", "gruen", "zwei", "drei", "vier", "0", "1", "2"} & set(values)


def test_saved_answers_survive_and_prefill(
    client: FlaskClient, login_as: Callable[..., User]
) -> None:
    login_as(Role.LEARNER)
    url = start(client)
    submit_answers(client, url, ["Grün", "Vier"], action="save")
    page = client.get(url).get_data(as_text=True)
    checked = re.findall(
        r'<input id="[^"]+" name="q\d" type="\w+" value="[^"]+" checked>'
        r'\s*<label for="[^"]+">([^<]+)<',
        page,
    )
    assert sorted(checked) == ["Grün", "Vier"]
    assert client.post("/courses/testkurs/quiz/start").headers["Location"] == url


def test_failed_attempt_of_a_self_study_quiz_shows_feedback_and_allows_another(
    client: FlaskClient, login_as: Callable[..., User], session: Session
) -> None:
    session.scalar(sa.select(Quiz)).leads_to_certificate = False  # no qualification needs it
    session.commit()
    login_as(Role.LEARNER)
    url = start(client)
    submit_answers(client, url, ["Grün", "Zwei", "Drei", "Falsch"])
    page = client.get(url).get_data(as_text=True)
    assert "Noch nicht bestanden." in page
    assert "0 von 3 Punkten (0 %)" in page
    assert "Nein, grün ist das Gras." in page
    assert "Der Himmel ist blau." in page
    assert client.post("/courses/testkurs/quiz/start").headers["Location"] != url


def test_double_submit_grades_once_and_keeps_first_answers(
    client: FlaskClient, login_as: Callable[..., User], session: Session
) -> None:
    login_as(Role.LEARNER)
    url = start(client)
    submit_answers(client, url, ["Blau", "Zwei", "Vier", "Wahr"])
    page = client.get(url).get_data(as_text=True)
    assert "3 von 3 Punkten" in page
    resubmit = client.post(url, data={"q1": ["anything"], "submit": ["1"]})
    assert resubmit.status_code == 200
    attempts = session.scalars(sa.select(QuizAttempt)).all()
    assert len(attempts) == 1 and attempts[0].points == 3


def test_another_learners_attempt_is_not_found(
    client: FlaskClient, login_as: Callable[..., User]
) -> None:
    login_as(Role.LEARNER)
    url = start(client)
    login_as(Role.LEARNER)
    assert client.get(url).status_code == 404
    assert client.post(url, data={"submit": ["1"]}).status_code == 404


def test_quiz_needs_enrolment(client: FlaskClient, login_as: Callable[..., User]) -> None:
    login_as(Role.LEARNER)
    assert client.post("/courses/testkurs/quiz/start").status_code == 403


def test_editing_the_quiz_does_not_change_a_graded_attempt(
    client: FlaskClient, login_as: Callable[..., User], session: Session
) -> None:
    from qualify.assessment.models import Question

    login_as(Role.LEARNER)
    url = start(client)
    submit_answers(client, url, ["Blau", "Zwei", "Vier", "Wahr"])
    question = session.scalar(sa.select(Question).where(Question.slug == "farbe"))
    spec = dict(question.spec, prompt={"de": "Geänderte Frage", "en": "Changed"})
    question.spec = spec
    session.commit()
    page = client.get(url).get_data(as_text=True)
    assert "Welche Farbe hat der Himmel?" in page and "Geänderte Frage" not in page


def test_the_navigator_says_in_words_which_questions_are_answered_and_goes_there(
    client: FlaskClient, session: Session, login_as: Callable[..., User]
) -> None:
    quiz = session.scalar(sa.select(Quiz))
    quiz.settings_data = {**quiz.settings_data, "questions_per_page": 1}  # a page each
    session.commit()
    login_as(Role.LEARNER)
    url = start(client)
    assert "Frage 1: nicht beantwortet" in client.get(url).get_data(as_text=True)
    submit_answers(client, url, ["Grün"], action="save")
    page = client.get(url).get_data(as_text=True)
    assert "Frage 1: beantwortet" in page and "Frage 2: nicht beantwortet" in page
    assert page.count('name="goto"') == len(
        session.get(QuizAttempt, int(url.rsplit("/", 1)[1])).questions
    )
    jumped = client.post(url, data={"goto": "3"})
    assert jumped.status_code == 302 and jumped.headers["Location"].endswith("page=3")


def test_a_timed_attempt_announces_the_time_at_thresholds_not_every_second(
    client: FlaskClient, session: Session, login_as: Callable[..., User]
) -> None:
    quiz = session.scalar(sa.select(Quiz))
    quiz.settings_data = {**quiz.settings_data, "time_limit_minutes": 20}
    session.commit()
    login_as(Role.LEARNER)
    page = client.get(start(client)).get_data(as_text=True)
    assert 'class="countdown" aria-live="off"' in page
    assert 'data-at-10="Nur noch 10 Minuten."' in page and 'data-at-1="Nur noch 1 Minute."' in page
