"""Quiz settings against the database: attempt limits, waiting time, time limit, pools,
double submission from two threads, essays graded by a trainer, snapshots after re-import."""

from __future__ import annotations

import datetime as dt
import random
import threading
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from qualify.accounts.models import Role, User
from qualify.assessment import review, service
from qualify.assessment.models import AttemptStatus, ExtraAttempt, Quiz, QuizAttempt
from qualify.assessment.quizfile import parse_quiz
from qualify.certificates.models import Certificate
from qualify.cli import main
from qualify.content import import_content, load_content
from qualify.core.contentfile import Fields, Report, has_errors, load_yaml_text
from qualify.courses import service as courses
from qualify.courses.models import Course
from qualify.extensions import db
from tests.assessment.keys import page_answers
from tests.conftest import FIXTURES, PASSWORD

T0 = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)
ESSAY_QUIZ = """
pass_mark: 50
questions:
  - id: farbe
    type: true_false
    answer: true
    prompt: {de: Der Himmel ist blau., en: The sky is blue.}
    feedback: {de: Ja., en: Yes.}
  - id: reflexion
    type: essay
    points: 3
    prompt: {de: Was nehmen Sie mit?, en: What do you take away?}
    feedback: {de: Danke., en: Thank you.}
    grader_info: {de: Ein Bezug zur eigenen Arbeit., en: A link to the learner's work.}
"""


def install_quiz(session: Session, text: str, slug: str = "testkurs") -> Quiz:
    """Replace a course's quiz with one written here (settings and questions)."""
    report = Report("quiz.yaml")
    spec = parse_quiz(slug, Fields(load_yaml_text(text, report), report))
    assert not has_errors(report.problems), report.problems
    service.import_quizzes(session, [spec])
    session.commit()
    course = session.scalar(sa.select(Course).where(Course.slug == slug))
    return session.scalar(sa.select(Quiz).where(Quiz.course_id == course.id))


def set_settings(session: Session, **settings: object) -> Quiz:
    quiz = session.scalar(sa.select(Quiz))
    quiz.settings_data = {**quiz.settings_data, **settings}
    session.commit()
    return quiz


@pytest.fixture
def trainer_of(login_as, make_cohort) -> Callable[[User], User]:  # noqa: ANN001
    """Log in a trainer of a cohort with this learner (trainers see their cohorts only)."""

    def login(learner: User) -> User:
        trainer = login_as(Role.TRAINER)
        make_cohort(trainer, learner)
        return trainer

    return login


@pytest.fixture
def learner(imported_content: None, session: Session, make_user: Callable[..., User]) -> User:
    user = make_user()
    course = session.scalar(sa.select(Course).where(Course.slug == "testkurs"))
    courses.enrol(session, user.id, course.id, T0)
    return user


def test_attempt_limit_and_extra_attempt(session: Session, learner: User, make_user) -> None:
    quiz = set_settings(session, max_attempts=1)
    first = service.start_attempt(session, learner.id, quiz, T0)
    service.submit_attempt(session, first, {}, T0)
    with pytest.raises(service.AttemptRefused) as refused:
        service.start_attempt(session, learner.id, quiz, T0)
    assert refused.value.decision.refusal == "no_attempts_left"
    trainer = make_user(Role.TRAINER)
    review.grant_extra_attempt(session, quiz, learner.id, trainer.id, T0, "Krank am Prüfungstag")
    second = service.start_attempt(session, learner.id, quiz, T0)
    assert second.number == 2
    assert session.scalar(sa.select(ExtraAttempt.reason)) == "Krank am Prüfungstag"


def test_waiting_time_between_attempts(session: Session, learner: User) -> None:
    quiz = set_settings(session, wait_minutes=30)
    service.submit_attempt(session, service.start_attempt(session, learner.id, quiz, T0), {}, T0)
    with pytest.raises(service.AttemptRefused) as refused:
        service.start_attempt(session, learner.id, quiz, T0 + dt.timedelta(minutes=29))
    assert refused.value.decision.available_at == T0 + dt.timedelta(minutes=30)
    assert service.start_attempt(session, learner.id, quiz, T0 + dt.timedelta(minutes=30))


def test_late_answers_are_not_stored_and_the_attempt_is_graded_at_the_deadline(
    session: Session, learner: User
) -> None:
    quiz = set_settings(session, time_limit_minutes=20)
    attempt = service.start_attempt(session, learner.id, quiz, T0)
    deadline = T0 + dt.timedelta(minutes=20)
    assert attempt.deadline_at == deadline
    first = attempt.questions[0]
    saved = page_answers([first], right=True)
    assert service.save_answers(session, attempt, saved, T0 + dt.timedelta(minutes=5))
    late = page_answers(attempt.questions, right=True)
    assert not service.save_answers(session, attempt, late, deadline + dt.timedelta(minutes=2))
    graded = service.submit_attempt(session, attempt, late, deadline + dt.timedelta(hours=1))
    assert graded.submitted_at == deadline
    assert graded.points == first.spec["points"]  # only what was saved in time counts


def test_an_expired_attempt_is_closed_with_its_saved_answers(
    session: Session, learner: User, client: FlaskClient, login_as
) -> None:
    quiz = set_settings(session, time_limit_minutes=1)
    attempt = service.start_attempt(session, learner.id, quiz, T0)
    service.save_answers(session, attempt, page_answers(attempt.questions, right=True), T0)
    login_as(learner)
    page = client.get(f"/attempts/{attempt.id}").get_data(as_text=True)
    assert "3 von 3 Punkten" in page
    session.refresh(attempt)
    assert attempt.status == AttemptStatus.GRADED
    assert attempt.submitted_at == T0 + dt.timedelta(minutes=1)


def test_questions_are_drawn_per_topic(session: Session, learner: User) -> None:
    quiz = install_quiz(
        session,
        """
draw: {farben: 1, zahlen: 2}
questions:
"""
        + "".join(
            f"""
  - id: q{i}
    type: true_false
    answer: true
    tags: [{"farben" if i < 3 else "zahlen"}]
    prompt: {{de: Frage {i}}}
    feedback: {{de: Ja.}}
"""
            for i in range(6)
        ),
    )
    for seed in range(5):
        attempt = service.start_attempt(session, learner.id, quiz, T0, random.Random(seed))
        drawn = [q.spec["tags"][0] for q in attempt.questions]
        assert sorted(drawn) == ["farben", "zahlen", "zahlen"]
        service.submit_attempt(session, attempt, {}, T0)


def test_essay_waits_for_the_trainer_then_counts(
    session: Session, learner: User, client: FlaskClient, login_as, trainer_of
) -> None:
    quiz = install_quiz(session, ESSAY_QUIZ)
    attempt = service.start_attempt(session, learner.id, quiz, T0)
    values = {1: {"": ["true"]}, 2: {"": ["Ich prüfe unsere Formulare auf einfache Sprache."]}}
    graded = service.submit_attempt(session, attempt, values, T0)
    assert graded.status == AttemptStatus.PENDING_REVIEW and graded.passed is None
    assert service.course_results(session, [learner.id]) == {}

    trainer = trainer_of(learner)
    listing = client.get("/trainer/quizzes/testkurs/attempts?pending=1").get_data(as_text=True)
    assert learner.name in listing and "wartet auf Bewertung" in listing
    page = client.get(f"/trainer/quizzes/attempts/{attempt.id}").get_data(as_text=True)
    assert "Ich prüfe unsere Formulare" in page and "Ein Bezug zur eigenen Arbeit." in page
    bad = client.post(
        f"/trainer/quizzes/attempts/{attempt.id}", data={"q2-points": "7", "save": "1"}
    )
    assert bad.status_code == 200 and 'value="7"' in bad.get_data(as_text=True)
    client.post(
        f"/trainer/quizzes/attempts/{attempt.id}",
        data={"q2-points": "2", "q2-comment": "Gut begründet.", "save": "1"},
    )
    session.refresh(graded)
    assert graded.status == AttemptStatus.GRADED and graded.points == 3 and graded.passed
    assert graded.questions[1].reviewed_by_id == trainer.id

    login_as(learner)
    result = client.get(f"/attempts/{attempt.id}").get_data(as_text=True)
    assert "Gut begründet." in result and "3 von 4 Punkten" in result


def test_a_learner_cannot_see_the_trainer_pages(
    session: Session, learner: User, client: FlaskClient, login_as
) -> None:
    quiz = session.scalar(sa.select(Quiz))
    attempt = service.start_attempt(session, learner.id, quiz, T0)
    login_as(learner)
    assert client.get(f"/trainer/quizzes/attempts/{attempt.id}").status_code == 403


@pytest.mark.parametrize("points", ["sNaN", "NaN", "Infinity", "１", "٤", "1e0", "-1", "2,5"])
def test_odd_points_are_refused_with_a_message(
    session: Session, learner: User, client: FlaskClient, trainer_of, points: str
) -> None:
    quiz = install_quiz(session, ESSAY_QUIZ)
    attempt = service.start_attempt(session, learner.id, quiz, T0)
    values = {1: {"": ["true"]}, 2: {"": ["Ein Text."]}}
    service.submit_attempt(session, attempt, values, T0)
    trainer_of(learner)
    url = f"/trainer/quizzes/attempts/{attempt.id}"
    response = client.post(url, data={"q2-points": points, "save": "1"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Bitte korrigieren Sie die Bewertung unten." in page
    session.refresh(attempt)
    assert attempt.status == AttemptStatus.PENDING_REVIEW


@pytest.mark.parametrize("closed_by", ["trainer's list", "close-expired command"])
def test_an_expired_passed_attempt_is_awarded_wherever_it_is_closed(
    session: Session, learner: User, client: FlaskClient, trainer_of, runner, closed_by: str
) -> None:
    """M4: the trainer's list (and the periodic command) award as a submit does."""
    quiz = set_settings(session, time_limit_minutes=5)
    attempt = service.start_attempt(session, learner.id, quiz, T0)  # T0 is days ago
    service.save_answers(session, attempt, page_answers(attempt.questions, right=True), T0)
    if closed_by == "trainer's list":
        trainer_of(learner)
        assert client.get("/trainer/quizzes/testkurs/attempts").status_code == 200
    else:
        result = runner.invoke(main, ["quiz", "close-expired"])
        assert result.exit_code == 0 and "1 expired attempts graded" in result.output
    session.refresh(attempt)
    assert attempt.status == AttemptStatus.GRADED and attempt.passed
    awarded = session.scalars(sa.select(Certificate).where(Certificate.user_id == learner.id))
    assert [c.qualification.slug for c in awarded] == ["testzertifikat"]


KEY_LATER = "Die richtigen Antworten und die Erklärungen sehen Sie, wenn Sie bestanden"


def test_a_certifying_quiz_hides_the_key_until_passed_or_out_of_attempts(
    session: Session, learner: User, client: FlaskClient, login_as
) -> None:
    """H1 and issue 16: testkurs leads to 'testzertifikat', so until the learner has passed
    or has no attempt left its quiz shows which answers were right and wrong, but neither
    the right answers nor a feedback text (they name the key), although its file says
    review: feedback."""
    quiz = session.scalar(sa.select(Quiz))
    assert quiz.leads_to_certificate and quiz.settings.review == "feedback"
    login_as(learner)
    failed = service.start_attempt(session, learner.id, quiz, T0)
    service.submit_attempt(session, failed, page_answers(failed.questions, right=False), T0)
    page = client.get(f"/attempts/{failed.id}").get_data(as_text=True)
    assert "noch nicht bestanden" in page.lower() and KEY_LATER in page
    assert page.count('class="review wrong"') == len(failed.questions)  # right or wrong
    assert "nicht richtig" in page and "Ihre Antworten" in page
    assert "Grün" in page  # the learner's own answer
    for key in ("Der Himmel ist blau.", "Blau", "Nein, grün ist das Gras.", "Ja."):
        assert key not in page, key
    passed = service.start_attempt(session, learner.id, quiz, T0)
    service.submit_attempt(session, passed, page_answers(passed.questions, right=True), T0)
    page = client.get(f"/attempts/{failed.id}").get_data(as_text=True)
    assert "Der Himmel ist blau." in page and "Nein, grün ist das Gras." in page
    assert KEY_LATER not in page


def test_a_quiz_whose_file_shows_the_score_only_keeps_to_it(
    session: Session, learner: User, client: FlaskClient, login_as
) -> None:
    quiz = set_settings(session, review="score")
    login_as(learner)
    failed = service.start_attempt(session, learner.id, quiz, T0)
    service.submit_attempt(session, failed, page_answers(failed.questions, right=False), T0)
    page = client.get(f"/attempts/{failed.id}").get_data(as_text=True)
    assert "Ihre Antworten" not in page and "nicht richtig" not in page
    assert KEY_LATER not in page  # nothing more is shown later either


def test_a_certifying_quiz_shows_the_key_after_the_last_attempt(
    session: Session, learner: User, client: FlaskClient, login_as
) -> None:
    quiz = set_settings(session, max_attempts=1)
    login_as(learner)
    failed = service.start_attempt(session, learner.id, quiz, T0)
    service.submit_attempt(session, failed, page_answers(failed.questions, right=False), T0)
    assert "Der Himmel ist blau." in client.get(f"/attempts/{failed.id}").get_data(as_text=True)


def test_the_grade_and_the_award_are_stored_together(session: Session, learner: User) -> None:
    """L9: if awarding fails, the passing grade is not stored without it: the attempt stays
    open with its saved answers and the learner submits again."""
    quiz = session.scalar(sa.select(Quiz))
    attempt = service.start_attempt(session, learner.id, quiz, T0)
    service.save_answers(session, attempt, page_answers(attempt.questions, right=True), T0)

    def crash(*_args: object) -> None:
        raise RuntimeError("the award failed half-way")

    with pytest.raises(RuntimeError):
        service.submit_attempt(session, attempt, {}, T0, after_pass=crash)
    session.rollback()
    session.refresh(attempt)
    assert attempt.status == AttemptStatus.OPEN and attempt.passed is None
    done = service.submit_attempt(session, attempt, {}, T0, after_pass=lambda *_: None)
    assert done.passed


def test_nobody_reviews_grades_or_grants_on_their_own_attempt(
    imported_content: None, session: Session, client: FlaskClient, login_as
) -> None:
    """M3: separation of duties, on the pages and in the services. An admin sees every
    attempt, their own included, so the pages must refuse it as their own."""
    quiz = install_quiz(session, ESSAY_QUIZ)
    trainer = login_as(Role.ADMIN)
    attempt = service.start_attempt(session, trainer.id, quiz, T0)
    values = {1: {"": ["true"]}, 2: {"": ["Ich weiß nichts darüber."]}}
    service.submit_attempt(session, attempt, values, T0)
    url = f"/trainer/quizzes/attempts/{attempt.id}"
    assert client.get(url).status_code == 403
    assert client.post(url, data={"q2-points": "3", "save": "1"}).status_code == 403
    grant = client.post(f"/trainer/quizzes/testkurs/learners/{trainer.id}/extra-attempt")
    assert grant.status_code == 403
    with pytest.raises(review.ReviewError, match="own"):
        review.grade_by_hand(session, attempt, {2: review.Mark(3.0)}, trainer.id, T0)
    with pytest.raises(review.ReviewError, match="own"):
        review.grant_extra_attempt(session, quiz, trainer.id, trainer.id, T0)
    session.refresh(attempt)
    assert attempt.status == AttemptStatus.PENDING_REVIEW
    assert session.scalars(sa.select(ExtraAttempt)).all() == []


def test_reimport_keeps_open_and_graded_attempts_as_they_were(
    session: Session, learner: User
) -> None:
    quiz = session.scalar(sa.select(Quiz))
    graded = service.start_attempt(session, learner.id, quiz, T0)
    service.submit_attempt(session, graded, page_answers(graded.questions, right=True), T0)
    reopened = service.start_attempt(session, learner.id, quiz, T0)
    before = [(q.spec, q.layout) for q in reopened.questions]
    install_quiz(session, ESSAY_QUIZ)  # drops two questions, changes one
    session.expire_all()
    assert [(q.spec, q.layout) for q in reopened.questions] == before
    assert session.get(QuizAttempt, graded.id).points == 3
    result = service.submit_attempt(
        session, reopened, page_answers(reopened.questions, right=True), T0
    )
    assert result.percent == 100


# Double submission from two threads, each with its own connection and transaction: the
# data must be committed for both to see it, so this test cleans up after itself.


@pytest.fixture
def committed(app) -> sessionmaker_type:  # noqa: F821
    from sqlalchemy.orm import sessionmaker

    return sessionmaker(bind=db.engine, expire_on_commit=False)


@pytest.mark.committed
def test_two_threads_submitting_one_attempt_grade_it_once(committed) -> None:
    from qualify.accounts.service import create_user

    with committed() as session:
        import_content(session, load_content(FIXTURES / "content", None))
        user = create_user(session, email="zwei@example.org", name="Zwei Tabs", password=PASSWORD)
        quiz = session.scalar(sa.select(Quiz))
        attempt = service.start_attempt(session, user.id, quiz, T0)
        answers = page_answers(attempt.questions, right=True)
    passes: list[int] = []
    results: list[tuple[str, float]] = []
    barrier = threading.Barrier(2)

    def submit() -> None:
        with committed() as session:
            mine = service.get_attempt_for(session, user.id, attempt.id)
            session.commit()  # as a request does between loading a page and its submit
            barrier.wait()
            done = service.submit_attempt(
                session, mine, answers, T0, after_pass=lambda *_: passes.append(1)
            )
            results.append((done.status, done.points))

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert results == [("graded", 3.0), ("graded", 3.0)]
    assert passes == [1]
    with committed() as session:
        stored = session.scalars(sa.select(QuizAttempt)).all()
        assert [(a.status, a.points) for a in stored] == [("graded", 3.0)]
