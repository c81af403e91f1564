"""The whole way through the browser's forms: a trainer given the course adds a lesson,
writes it in German and English, adds a question of every type, publishes; a learner then
reads the lesson and the quiz holds the questions, while the learner's progress stays."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from qualify.accounts.models import Role, User
from qualify.assessment.models import Question, Quiz
from qualify.assessment.questiontypes import QUESTION_TYPES
from qualify.authoring.drafts import ABSENT, lesson_path, text_hash
from qualify.authoring.models import CourseAuthor
from qualify.authoring.service import working_files
from qualify.core.clock import utcnow
from qualify.courses import service as courses
from qualify.courses.models import Course, Lesson
from tests.authoring.test_course_editor import settings_data
from tests.authoring.test_quiz_editor import example
from tests.conftest import PASSWORD

BASE = "/trainer/authoring/testkurs"
LESSON_TEXT = {
    "de": "## Worum es geht\n\nDiese Lektion entstand im Browser. Sie ist kurz und klar.",
    "en": "## What it is about\n\nThis lesson was written in the browser. It is short and clear.",
}


def sign_in(client: FlaskClient, user: User) -> None:
    client.post("/logout")
    assert (
        client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
    )


def write_lesson(client: FlaskClient, session: Session, course: Course, locale: str) -> None:
    session.expire_all()
    files = working_files(session, course)
    path = lesson_path("im-browser", locale)
    german = files.get(lesson_path("im-browser", "de"))
    form = {
        "title": {"de": "Im Browser geschrieben", "en": "Written in the browser"}[locale],
        "minutes": "10",
        "sources": "Eigene Darstellung, 2026",
        "markdown": LESSON_TEXT[locale],
        "base": text_hash(files.get(path)) if path in files else ABSENT,
        "german_base": text_hash(german),
        "save": "1",
    }
    response = client.post(f"{BASE}/lessons/im-browser/{locale}", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)


def test_a_trainer_writes_a_lesson_and_questions_and_a_learner_sees_them(
    client: FlaskClient,
    session: Session,
    imported_content: None,
    make_user: Callable[..., User],
) -> None:
    course = session.scalar(sa.select(Course).where(Course.slug == "testkurs"))
    trainer, learner = make_user(Role.TRAINER), make_user(Role.LEARNER)
    session.add(CourseAuthor(course_id=course.id, user_id=trainer.id))
    courses.enrol(session, learner.id, course.id, utcnow())
    first = session.scalar(sa.select(Lesson).where(Lesson.slug == "erste-lektion"))
    courses.complete_lesson(session, learner.id, first.id, utcnow())
    session.commit()

    sign_in(client, trainer)
    page = client.get(f"{BASE}/settings").get_data(as_text=True)
    added = client.post(
        f"{BASE}/settings",
        data=settings_data(page, new_lesson_id="im-browser", new_lesson_title="Im Browser"),
    )
    assert added.status_code == 302, added.get_data(as_text=True)
    for locale in ("de", "en"):
        write_lesson(client, session, course, locale)
    for type_name, question_type in QUESTION_TYPES.items():
        values = question_type.editor_values(example(type_name))
        assert client.post(f"{BASE}/quiz/new/{type_name}", data=values).status_code == 302
    overview = client.get(f"{BASE}/").get_data(as_text=True)
    assert "Im Browser geschrieben" in overview and "0 Fehler," in overview
    published = client.post(f"{BASE}/publish", data={"note": "Neue Lektion und Fragen"})
    assert published.status_code == 302, published.get_data(as_text=True)

    sign_in(client, learner)
    lesson = client.get("/courses/testkurs/lessons/im-browser").get_data(as_text=True)
    assert "Diese Lektion entstand im Browser." in lesson
    assert "Im Browser geschrieben" in client.get("/courses/testkurs").get_data(as_text=True)
    quiz = session.scalar(sa.select(Quiz).where(Quiz.course_id == course.id))
    session.expire_all()
    published_ids = set(
        session.scalars(
            sa.select(Question.slug).where(
                Question.quiz_id == quiz.id, Question.archived.is_(False)
            )
        )
    )
    assert {example(name)["id"] for name in QUESTION_TYPES} <= published_ids
    assert courses.completed_lesson_ids(session, learner.id, course.id) == {first.id}
