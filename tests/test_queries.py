"""Pages make the same number of SQL queries whether 1 or 50 learners have progress."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from qualify.accounts.models import Role, User
from qualify.assessment import service as assessment
from qualify.assessment.models import Quiz
from qualify.core.clock import utcnow
from qualify.courses import service as courses
from qualify.courses.models import Course, Lesson
from tests.assessment.keys import page_answers
from tests.conftest import count_queries

pytestmark = pytest.mark.usefixtures("imported_content")


def add_learners(session: Session, make_user: Callable[..., User], count: int) -> None:
    course = session.scalar(sa.select(Course).where(Course.slug == "testkurs"))
    quiz = session.scalar(sa.select(Quiz).where(Quiz.course_id == course.id))
    lesson_ids = session.scalars(sa.select(Lesson.id).where(Lesson.course_id == course.id)).all()
    for _ in range(count):
        user = make_user(Role.LEARNER)
        courses.enrol(session, user.id, course.id, utcnow())
        for lesson_id in lesson_ids:
            courses.complete_lesson(session, user.id, lesson_id, utcnow())
        attempt = assessment.start_attempt(session, user.id, quiz, utcnow())
        assessment.submit_attempt(
            session, attempt, page_answers(attempt.questions, right=True), utcnow()
        )


def queries_for(client: FlaskClient, url: str) -> int:
    """Count the second visit: the first may record "last opened lesson" once."""
    client.get(url)
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


PAGES = [
    "/",
    "/courses/testkurs",
    "/courses/testkurs/lessons/erste-lektion",
    "/dashboard",
    "/trainer/learners/testkurs",
    "/courses/testkurs/quiz",
    "/trainer/quizzes/testkurs/attempts",
]


def test_query_count_does_not_grow_with_learners(
    client: FlaskClient,
    session: Session,
    make_user: Callable[..., User],
    login_as: Callable[..., User],
) -> None:
    trainer = make_user(Role.TRAINER)
    course = session.scalar(sa.select(Course).where(Course.slug == "testkurs"))
    courses.enrol(session, trainer.id, course.id, utcnow())
    login_as(trainer)
    add_learners(session, make_user, 1)
    few = {url: queries_for(client, url) for url in PAGES}
    add_learners(session, make_user, 49)
    many = {url: queries_for(client, url) for url in PAGES}
    assert few == many
    assert all(count < 20 for count in many.values()), many


def add_accounts_and_events(session: Session, count: int, batch: str) -> None:
    """Accounts (without hashing passwords: this measures pages, not logins) and audit
    events naming them as actor and subject."""
    from qualify.audit import service as audit
    from qualify.audit.actions import AuditAction

    users = [
        User(
            email=f"bulk{batch}{n}@example.org",
            name=f"Bulk {batch}{n}",
            password_hash="-",
            confirmed_at=utcnow(),
        )
        for n in range(count)
    ]
    session.add_all(users)
    session.flush()
    for n, user in enumerate(users):
        audit.record(
            session,
            actor_id=users[n - 1].id,
            action=AuditAction.ROLE_CHANGED,
            subject_user_id=user.id,
            details={"from": "learner", "to": "trainer"},
            ip_address="192.0.2.1",
            now=utcnow(),
        )
    session.commit()


ADMIN_PAGES = [
    "/admin/users",
    "/admin/users?q=bulk&role=learner&status=active",
    "/admin/audit",
    "/admin/audit?action=role_changed&actor=bulka1%40example.org&since=2020-01-01",
]


def test_admin_pages_do_not_grow_with_accounts_and_events(
    client: FlaskClient, session: Session, login_as: Callable[..., User]
) -> None:
    login_as(Role.ADMIN)
    add_accounts_and_events(session, 3, "a")
    few = {url: queries_for(client, url) for url in ADMIN_PAGES}
    add_accounts_and_events(session, 120, "b")
    many = {url: queries_for(client, url) for url in ADMIN_PAGES}
    assert few == many
    assert all(count < 10 for count in many.values()), many
