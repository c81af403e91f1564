"""Drafts and publishing: learners see only what was published; ids, progress and attempts
survive; two authors never overwrite each other silently."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from qualify.accounts.models import Role, User
from qualify.assessment import service as quizzes
from qualify.assessment.models import Question, Quiz, QuizAttempt
from qualify.audit.models import AuditEvent
from qualify.authoring import lessons as lesson_service
from qualify.authoring import service
from qualify.authoring.drafts import lesson_path, text_hash
from qualify.authoring.lessons import Translation
from qualify.authoring.models import CourseDraft, CourseVersion
from qualify.certificates.models import Qualification
from qualify.courses import service as courses
from qualify.courses.coursefile import LessonText
from qualify.courses.models import Course, Lesson
from tests.assessment.keys import page_answers

pytestmark = pytest.mark.usefixtures("imported_content")

NOW = dt.datetime(2026, 12, 5, 12, tzinfo=dt.UTC)
PATH = lesson_path("erste-lektion", "de")


@pytest.fixture
def course(session: Session) -> Course:
    return session.scalar(sa.select(Course).where(Course.slug == "testkurs"))


@pytest.fixture
def author(make_user: Callable[..., User]) -> User:
    return make_user(Role.ADMIN)


def edit(session: Session, course: Course, author: User, markdown: str, base: str | None = None):
    files = service.working_files(session, course)
    text = LessonText("Erste Lektion", 10, ("Testquelle, 2026",), markdown)
    return lesson_service.save_lesson(
        session,
        course,
        "erste-lektion",
        "de",
        text,
        base=base if base is not None else text_hash(files[PATH]),
        german_base=None,
        user=author,
        now=NOW,
    )


def lesson_html(session: Session) -> str:
    session.expire_all()
    lesson = session.scalar(sa.select(Lesson).where(Lesson.slug == "erste-lektion"))
    return lesson.html["de"]


def test_a_draft_is_invisible_until_published(
    session: Session, course: Course, author: User
) -> None:
    before = lesson_html(session)
    assert isinstance(edit(session, course, author, "## Neu\n\nEin neuer Text."), service.Saved)
    assert lesson_html(session) == before
    result = service.publish(session, course, author, "Neuer Einstieg", NOW)
    assert result == service.Published(2)  # version 1 is the imported files
    assert "Ein neuer Text." in lesson_html(session)
    assert session.scalar(sa.select(CourseDraft)) is None


def test_publishing_keeps_ids_progress_and_attempt_snapshots(
    session: Session, course: Course, author: User, make_user: Callable[..., User]
) -> None:
    learner = make_user()
    lesson = session.scalar(sa.select(Lesson).where(Lesson.slug == "erste-lektion"))
    lesson_id, question_ids = lesson.id, set(session.scalars(sa.select(Question.id)))
    courses.enrol(session, learner.id, course.id, NOW)
    courses.complete_lesson(session, learner.id, lesson_id, NOW)
    edit(session, course, author, "## Neu\n\nEin anderer Text für alle.")
    assert isinstance(service.publish(session, course, author, "", NOW), service.Published)
    session.expire_all()
    assert session.scalar(sa.select(Lesson.id).where(Lesson.slug == "erste-lektion")) == lesson_id
    assert set(session.scalars(sa.select(Question.id))) == question_ids
    assert courses.completed_lesson_ids(session, learner.id, course.id) == {lesson_id}


def test_a_save_from_a_stale_text_is_a_conflict_and_changes_nothing(
    session: Session, course: Course, author: User
) -> None:
    opened = text_hash(service.working_files(session, course)[PATH])
    first = edit(session, course, author, "## A\n\nErste Fassung.", opened)
    assert isinstance(first, service.Saved)
    result = edit(session, course, author, "## B\n\nZweite Fassung.", opened)
    assert isinstance(result, service.Conflict)
    assert "Erste Fassung." in result.theirs[PATH]
    assert "Erste Fassung." in service.working_files(session, course)[PATH]


def test_a_draft_with_errors_is_not_published(
    session: Session, course: Course, author: User
) -> None:
    edit(session, course, author, "# Zu große Überschrift\n\nText.")
    result = service.publish(session, course, author, "", NOW)
    assert isinstance(result, service.PublishRefused)
    assert any("headings inside a lesson start at" in p.message for p in result.problems)
    assert "Zu große" not in lesson_html(session)


def test_a_draft_that_breaks_a_practice_assignment_is_not_published(
    session: Session, course: Course, author: User
) -> None:
    """The files must keep the qualification's assignment question an essay no attempt
    draws; the fixture quiz has no such question, so nothing in the course publishes."""
    qualification = session.scalar(sa.select(Qualification).filter_by(slug="testzertifikat"))
    qualification.rules = {
        **qualification.rules,
        "assignment": {"course": "testkurs", "question": "praxis"},
    }
    session.commit()
    edit(session, course, author, "## Neu\n\nZweite Fassung.")
    result = service.publish(session, course, author, "", NOW)
    assert isinstance(result, service.PublishRefused)
    [problem] = result.problems
    assert problem.path == "testkurs/quiz.yaml" and "'praxis' is not in the quiz" in problem.message
    assert "Zweite Fassung." not in lesson_html(session)


def test_history_diff_and_restore(session: Session, course: Course, author: User) -> None:
    original = service.working_files(session, course)[PATH]
    edit(session, course, author, "## Neu\n\nZweite Fassung.")
    service.publish(session, course, author, "zweite", NOW)
    history = lesson_service.file_history(session, course, PATH)
    assert [entry.version.number for entry in history] == [2, 1]
    assert history[0].before == original and "Zweite Fassung." in history[0].after
    restored = lesson_service.restore_file(session, course, PATH, 1, author, NOW)
    assert isinstance(restored, service.Saved)
    assert service.working_files(session, course)[PATH] == original
    assert lesson_html(session).count("Zweite Fassung.") == 1  # the draft is not published


def test_translation_turns_outdated_when_the_german_text_changes(
    session: Session, course: Course, author: User
) -> None:
    edit(session, course, author, "## Neu\n\nDer deutsche Text ist jetzt anders.")
    status = lesson_service.translation_status(
        session, course, service.working_files(session, course)
    )
    assert status["erste-lektion"]["en"] is Translation.OUTDATED
    assert status["zweite-lektion"]["en"] is Translation.CURRENT


def test_every_save_and_publish_is_audited(session: Session, course: Course, author: User) -> None:
    edit(session, course, author, "## Neu\n\nText.")
    service.publish(session, course, author, "", NOW)
    actions = list(session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)))
    assert actions == ["course_draft_saved", "course_published"]
    assert session.scalar(sa.select(sa.func.count(CourseVersion.id))) == 2


def test_a_graded_attempt_keeps_the_questions_as_they_were_asked(
    session: Session, course: Course, author: User, make_user: Callable[..., User]
) -> None:
    learner = make_user()
    courses.enrol(session, learner.id, course.id, NOW)
    quiz = session.scalar(sa.select(Quiz).where(Quiz.course_id == course.id))
    attempt = quizzes.start_attempt(session, learner.id, quiz, NOW)
    graded = quizzes.submit_attempt(
        session, attempt, page_answers(attempt.questions, right=True), NOW
    )
    before = {q.id: (q.spec, q.points) for q in graded.questions}
    files = service.working_files(session, course)
    changed = files["quiz.yaml"].replace("Welche", "Was für eine")
    assert changed != files["quiz.yaml"]
    saved = service.save_files(
        session,
        course,
        author,
        {"quiz.yaml": changed},
        {"quiz.yaml": text_hash(files["quiz.yaml"])},
        NOW,
    )
    assert isinstance(saved, service.Saved)
    assert isinstance(service.publish(session, course, author, "Fragen", NOW), service.Published)
    session.expire_all()
    again = session.get(QuizAttempt, graded.id)
    assert {q.id: (q.spec, q.points) for q in again.questions} == before
    assert again.percent == graded.percent
    prompts = session.scalars(sa.select(Question.spec).where(Question.quiz_id == quiz.id))
    assert any("Was für eine" in str(spec) for spec in prompts)  # the quiz itself changed
