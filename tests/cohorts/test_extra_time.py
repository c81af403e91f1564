"""Extra time in timed quizzes, an accommodation a trainer of the group sets for a
participant: every attempt started afterwards gets the longer limit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from qualify.accounts.models import Role, User
from qualify.assessment import policy
from qualify.assessment import service as quizzes
from qualify.assessment.models import Quiz
from qualify.assessment.quizfile import QuizSettings
from qualify.audit.models import AuditEvent
from qualify.cohorts.models import Cohort
from qualify.core.clock import utcnow
from qualify.courses import service as courses

pytestmark = pytest.mark.usefixtures("imported_content")


def test_the_limit_grows_by_the_percentage_in_whole_minutes() -> None:
    settings = QuizSettings(time_limit_minutes=25)
    assert policy.time_limit(settings) == 25
    assert policy.time_limit(settings, 50) == 38  # 37.5, rounded up
    assert policy.time_limit(QuizSettings(), 50) is None
    start = dt.datetime(2026, 12, 6, 9, tzinfo=dt.UTC)
    assert policy.deadline(start, settings, 100) == start + dt.timedelta(minutes=50)


def test_a_trainer_gives_a_participant_extra_time_for_the_next_attempts(
    client: FlaskClient,
    session: Session,
    login_as: Callable[..., User],
    make_user: Callable[..., User],
    make_cohort: Callable[..., Cohort],
) -> None:
    learner, trainer = make_user(), make_user(Role.TRAINER)
    cohort = make_cohort(trainer, learner)
    quiz = session.scalar(sa.select(Quiz))
    quiz.settings_data = {**quiz.settings_data, "time_limit_minutes": 20}
    courses.enrol(session, learner.id, quiz.course_id, utcnow())
    session.commit()
    login_as(trainer)
    url = f"/trainer/cohorts/{cohort.id}/participants/{learner.id}/extra-time"
    response = client.post(url, data={f"u{learner.id}-extra_time_percent": "50"})
    assert response.status_code == 302
    session.expire_all()
    assert session.get(User, learner.id).extra_time_percent == 50
    [event] = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "extra_time_set"))
    assert event.subject_user_id == learner.id and event.details["extra_time_percent"] == 50
    page = client.get(f"/trainer/cohorts/{cohort.id}").get_data(as_text=True)
    assert '<option selected value="50">+50 %</option>' in page
    attempt = quizzes.start_attempt(session, learner.id, quiz, utcnow())
    assert attempt.deadline_at - attempt.started_at == dt.timedelta(minutes=30)
    login_as(learner)
    overview = client.get("/courses/testkurs/quiz").get_data(as_text=True)
    assert "Zeitlimit: 30 Minuten" in overview
    assert "Darin ist Ihre zusätzliche Zeit von 50 % enthalten." in overview


def test_only_the_groups_trainers_set_it_and_only_for_its_participants(
    client: FlaskClient,
    session: Session,
    login_as: Callable[..., User],
    make_user: Callable[..., User],
    make_cohort: Callable[..., Cohort],
) -> None:
    learner, outsider = make_user(), make_user()
    trainer, other_trainer = make_user(Role.TRAINER), make_user(Role.TRAINER)
    cohort = make_cohort(trainer, learner)
    login_as(other_trainer)
    url = f"/trainer/cohorts/{cohort.id}/participants/{learner.id}/extra-time"
    assert client.post(url, data={f"u{learner.id}-extra_time_percent": "100"}).status_code == 404
    login_as(trainer)
    stranger = f"/trainer/cohorts/{cohort.id}/participants/{outsider.id}/extra-time"
    client.post(stranger, data={f"u{outsider.id}-extra_time_percent": "100"})
    bad = client.post(url, data={f"u{learner.id}-extra_time_percent": "300"})
    assert bad.status_code == 302
    session.expire_all()
    assert session.get(User, learner.id).extra_time_percent == 0
    assert session.get(User, outsider.id).extra_time_percent == 0
