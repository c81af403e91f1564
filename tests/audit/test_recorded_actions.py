"""Every admin and trainer action leaves an audit entry: who, on whom, from which address;
actions on the command line say so."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy.orm import Session

from qualify.accounts.models import Role, User
from qualify.assessment import service as quizzes
from qualify.audit.models import AuditEvent
from qualify.certificates.models import Certificate
from qualify.cli import main
from qualify.core.clock import utcnow
from qualify.courses import service as courses
from tests.assessment.test_quiz_rules import ESSAY_QUIZ, install_quiz
from tests.certificates.test_awarding import pass_course

pytestmark = pytest.mark.usefixtures("imported_content")


def only_event(session: Session) -> AuditEvent:
    """The one entry the test's action wrote, besides the site's own entry for a certificate
    it issued because the action completed a qualification (tests/certificates)."""
    [event] = session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action != "certificate_issued")
    )
    return event


def test_marking_essays_is_audited(
    client: FlaskClient, session: Session, make_user: Callable[..., User], login_as, make_cohort
) -> None:
    learner = make_user()
    course = courses.find_course(session, "testkurs")
    courses.enrol(session, learner.id, course.id, utcnow())
    quiz = install_quiz(session, ESSAY_QUIZ)
    attempt = quizzes.start_attempt(session, learner.id, quiz, utcnow())
    values = {1: {"": ["true"]}, 2: {"": ["Einfache Sprache in allen Formularen."]}}
    quizzes.submit_attempt(session, attempt, values, utcnow())
    trainer = login_as(Role.TRAINER)
    make_cohort(trainer, learner)
    client.post(f"/trainer/quizzes/attempts/{attempt.id}", data={"q2-points": "2", "save": "1"})
    event = only_event(session)
    assert (event.action, event.actor_id, event.subject_user_id) == (
        "essay_graded",
        trainer.id,
        learner.id,
    )
    assert event.subject == f"attempt {attempt.id}" and event.ip_address == "127.0.0.1"
    assert event.details == {"points": {"2": 2.0}, "status": "graded"}


def test_granting_an_extra_attempt_is_audited(
    client: FlaskClient, session: Session, make_user: Callable[..., User], login_as, make_cohort
) -> None:
    learner = make_user()
    trainer = login_as(Role.TRAINER)
    make_cohort(trainer, learner)
    client.post(
        f"/trainer/quizzes/testkurs/learners/{learner.id}/extra-attempt",
        data={"reason": "Krank am Prüfungstag"},
    )
    event = only_event(session)
    assert (event.action, event.actor_id, event.subject_user_id, event.ip_address) == (
        "extra_attempt_granted",
        trainer.id,
        learner.id,
        "127.0.0.1",
    )
    assert event.subject == "quiz testkurs" and event.details == {"reason": "Krank am Prüfungstag"}


def test_workshop_credits_on_the_command_line_are_audited(
    runner: FlaskCliRunner, session: Session, make_user: Callable[..., User]
) -> None:
    learner = make_user(email="lernende@example.org")
    trainer = make_user(Role.TRAINER, email="trainerin@example.org")
    args = ["certificates", "credit-workshop", "--qualification", "mit-workshop", "--hours", "4"]
    args += ["--date", "2026-11-20", "--title", "Praxistag", "--email", learner.email]
    result = runner.invoke(main, [*args, "--by", trainer.email])
    assert result.exit_code == 0, result.output
    event = only_event(session)
    assert (event.action, event.actor_id, event.subject_user_id, event.ip_address) == (
        "workshop_hours_credited",
        None,
        learner.id,
        None,
    )
    assert event.subject == "qualification mit-workshop"
    assert event.details == {
        "via": "command line",
        "hours": 4.0,
        "held_on": "2026-11-20",
        "title": "Praxistag",
        "recorded_by": trainer.id,
    }


def test_revoking_on_the_command_line_is_audited(
    client: FlaskClient, runner: FlaskCliRunner, session: Session, login_as
) -> None:
    learner = login_as(Role.LEARNER)
    pass_course(client)
    certificate = session.scalars(sa.select(Certificate)).one()
    result = runner.invoke(main, ["certificates", "revoke", certificate.code, "--reason", "Irrtum"])
    assert result.exit_code == 0, result.output
    event = only_event(session)
    assert (event.action, event.actor_id, event.subject_user_id) == (
        "certificate_revoked",
        None,
        learner.id,
    )
    assert event.details == {"via": "command line", "reason": "Irrtum"}
    assert event.subject == f"certificate {certificate.code}"
    # revoking again changes nothing and records nothing
    runner.invoke(main, ["certificates", "revoke", certificate.code, "--reason", "Irrtum"])
    assert only_event(session).id == event.id


def test_users_made_and_passwords_set_on_the_command_line_are_audited(
    runner: FlaskCliRunner, session: Session
) -> None:
    email = "neu@example.org"
    assert (
        runner.invoke(main, ["users", "create", "--email", email, "--role", "trainer"]).exit_code
        == 0
    )
    assert runner.invoke(main, ["users", "set-password", "--email", email]).exit_code == 0
    user = session.scalars(sa.select(User).where(User.email == email)).one()
    events = session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(e.action, e.actor_id, e.subject_user_id, e.details) for e in events] == [
        ("user_created", None, user.id, {"via": "command line", "role": "trainer"}),
        ("password_set", None, user.id, {"via": "command line"}),
    ]


def test_registering_is_not_an_admin_action(client: FlaskClient, session: Session) -> None:
    client.post(
        "/register",
        data={
            "name": "Neue Person",
            "email": "neu@example.org",
            "password": "Lindenallee-am-Fluss-7",
            "password_repeat": "Lindenallee-am-Fluss-7",
            "locale": "de",
        },
    )
    assert session.scalar(sa.select(sa.func.count(User.id))) == 1
    assert session.scalar(sa.select(sa.func.count(AuditEvent.id))) == 0
