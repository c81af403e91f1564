"""A classroom at once: many learners saving through the site on real, committed transactions
(each request on its own connection, as under a multi-threaded server). Bounded in count and
time; no timing is asserted, only that nothing fails and nothing acknowledged is lost."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import Session, sessionmaker

from qualify.accounts.models import User
from qualify.accounts.service import create_user, open_login_session
from qualify.assessment import policy, service
from qualify.assessment.grading import grade_question
from qualify.assessment.models import AttemptQuestion, Quiz, QuizAttempt
from qualify.content import import_content, load_content
from qualify.core.clock import utcnow
from qualify.courses import service as courses
from qualify.extensions import db
from tests.assessment.keys import page_answers
from tests.conftest import FIXTURES, PASSWORD

LEARNERS = 20
SAVES = 10
T = utcnow()

pytestmark = pytest.mark.committed


@dataclass
class Saver:
    user: User
    attempt_id: int
    page: int
    input_name: str
    statuses: list[int] = field(default_factory=list)
    acknowledged: bool | None = None  # the last value the site said it stored


def committed_session() -> Session:
    return sessionmaker(bind=db.engine, expire_on_commit=False)()


def true_false_question(attempt: QuizAttempt) -> tuple[int, AttemptQuestion]:
    """The page and question of the attempt's true/false question."""
    pages = policy.paginate(attempt.questions, attempt.quiz.settings.questions_per_page)
    return next(
        (number, question)
        for number, questions in enumerate(pages, start=1)
        for question in questions
        if question.spec["type"] == "true_false"
    )


def make_savers(count: int) -> list[Saver]:
    savers = []
    with committed_session() as session:
        import_content(session, load_content(FIXTURES / "content", FIXTURES / "certificates"))
        course = courses.find_course(session, "testkurs")
        quiz = session.scalar(sa.select(Quiz).where(Quiz.course_id == course.id))
        for n in range(count):
            user = create_user(
                session, email=f"saver{n}@example.org", name=f"Saver {n}", password=PASSWORD
            )
            courses.enrol(session, user.id, course.id, utcnow())
            open_login_session(session, user)
            attempt = service.start_attempt(session, user.id, quiz, utcnow())
            page, question = true_false_question(attempt)
            savers.append(Saver(user, attempt.id, page, question.input_name))
    return savers


def autosave_repeatedly(app: Flask, saver: Saver, start: threading.Barrier) -> None:
    client = app.test_client()
    with client.session_transaction() as browser:
        browser["_user_id"], browser["_fresh"] = saver.user.get_id(), True
    start.wait(timeout=30)
    for n in range(SAVES):
        value = n % 2 == 0
        response = client.post(
            f"/attempts/{saver.attempt_id}?page={saver.page}",
            data={saver.input_name: "true" if value else "false", "save": "1"},
            headers={"X-Requested-With": "fetch"},
        )
        saver.statuses.append(response.status_code)
        if response.status_code == 204:
            saver.acknowledged = value


def run_in_threads(work: Callable[[], None], count: int) -> None:
    threads = [threading.Thread(target=work) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a request hung"


def test_twenty_learners_autosaving_at_once_lose_nothing(app: Flask) -> None:
    savers = make_savers(LEARNERS)
    start = threading.Barrier(LEARNERS)
    queue = iter(savers)
    lock = threading.Lock()

    def work() -> None:
        with lock:
            saver = next(queue)
        autosave_repeatedly(app, saver, start)

    run_in_threads(work, LEARNERS)
    failed = [s for saver in savers for s in saver.statuses if s != 204]
    assert failed == [], f"{len(failed)} of {LEARNERS * SAVES} saves failed: {set(failed)}"
    with committed_session() as session:
        for saver in savers:
            stored = session.scalar(
                sa.select(AttemptQuestion.response).where(
                    AttemptQuestion.attempt_id == saver.attempt_id,
                    AttemptQuestion.position == int(saver.input_name[1:]),
                )
            )
            assert stored is saver.acknowledged, saver.user.email


ROUNDS = 12


def test_a_save_racing_a_submit_never_changes_graded_answers() -> None:
    """Each round: right answers saved, then a save of wrong answers races the submit. The
    stored answers must be the ones that were graded, whichever request wins."""
    savers = make_savers(ROUNDS)
    for saver in savers:
        with committed_session() as session:
            attempt = service.get_attempt_for(session, saver.user.id, saver.attempt_id)
            service.save_answers(session, attempt, page_answers(attempt.questions, right=True), T)
        race_save_and_submit(saver)
    with committed_session() as session:
        for saver in savers:
            attempt = session.get_one(QuizAttempt, saver.attempt_id)
            assert attempt.status == "graded"
            for question in attempt.questions:
                regraded = grade_question(question.spec, question.response)
                assert regraded.points == question.points, (saver.user.email, question.position)


def race_save_and_submit(saver: Saver) -> None:
    start = threading.Barrier(2)

    def save() -> None:
        with committed_session() as session:
            attempt = service.get_attempt_for(session, saver.user.id, saver.attempt_id)
            wrong = page_answers(attempt.questions, right=False)
            session.commit()  # a request has loaded the page; the save comes later
            start.wait(timeout=30)
            service.save_answers(session, attempt, wrong, T)

    def submit() -> None:
        with committed_session() as session:
            attempt = service.get_attempt_for(session, saver.user.id, saver.attempt_id)
            session.commit()
            start.wait(timeout=30)
            service.submit_attempt(session, attempt, {}, T)

    threads = [threading.Thread(target=save), threading.Thread(target=submit)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a request hung"
