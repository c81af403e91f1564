"""The course pages through the test client: a new course, settings in two languages, the
order of lessons, the glossary, conflicts, archiving, and who may author."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from qualify.accounts.models import Role, User
from qualify.audit.actions import AuditAction
from qualify.audit.models import AuditEvent
from qualify.authoring import service
from qualify.authoring.drafts import check_draft, text_hash
from qualify.authoring.models import CourseAuthor
from qualify.core.clock import utcnow
from qualify.courses import service as courses
from qualify.courses.coursefile import CourseSpec
from qualify.courses.models import Course, Enrolment

pytestmark = pytest.mark.usefixtures("imported_content")

SETTINGS = "/trainer/authoring/testkurs/settings"
GLOSSARY = "/trainer/authoring/testkurs/glossary"


def course_row(session: Session) -> Course:
    return session.scalar(sa.select(Course).where(Course.slug == "testkurs"))


def draft_spec(session: Session, slug: str = "testkurs") -> CourseSpec:
    """The draft as `content check` reads it; it must be a whole, valid course."""
    session.expire_all()
    course = session.scalar(sa.select(Course).where(Course.slug == slug))
    check = check_draft(slug, service.working_files(session, course))
    assert check.course is not None, [str(p) for p in check.problems]
    return check.course


def hidden(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" type="hidden" value="([^"]*)"', page)
    if match is None:
        match = re.search(rf'type="hidden"[^>]*name="{name}"[^>]*value="([^"]*)"', page)
    assert match, f"no hidden {name} in the page"
    return html.unescape(match.group(1))


def events(session: Session, action: AuditAction) -> list[AuditEvent]:
    return list(session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)))


def settings_data(page: str, **changes: str) -> dict[str, str]:
    data = {
        "base": hidden(page, "base"),
        "title_de": "Testkurs",
        "title_en": "Test course",
        "summary_de": "Ein kleiner Kurs für die Tests.",
        "summary_en": "A small course for the tests.",
        "objectives_de": "die Tests bestehen",
        "objectives_en": "pass the tests",
        "duration_minutes": "30",
        "lessons-0-lesson": "erste-lektion",
        "lessons-0-position": "1",
        "lessons-1-lesson": "zweite-lektion",
        "lessons-1-position": "2",
    }
    return {**data, **changes}


@pytest.fixture
def author(login_as: Callable[..., User], make_user: Callable[..., User], session: Session) -> User:
    """A trainer an admin made an author of testkurs, signed in."""
    trainer = make_user(Role.TRAINER)
    session.add(CourseAuthor(course_id=course_row(session).id, user_id=trainer.id))
    session.commit()
    return login_as(trainer)


def test_a_trainer_creates_a_course_that_learners_do_not_see_yet(
    client: FlaskClient, login_as: Callable[..., User], session: Session
) -> None:
    trainer = login_as(Role.TRAINER)
    response = client.post(
        "/trainer/authoring/new",
        data={
            "course_id": "datenschutz-im-verein",
            "title": "Datenschutz im Verein",
            "summary": "Was Vereine über Daten wissen müssen.",
            "lesson_id": "grundlagen",
            "lesson_title": "Grundlagen",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        "/trainer/authoring/datenschutz-im-verein/settings"
    )
    course = session.scalar(sa.select(Course).where(Course.slug == "datenschutz-im-verein"))
    assert course.archived
    assert (
        session.scalar(sa.select(CourseAuthor.user_id).filter_by(course_id=course.id)) == trainer.id
    )
    files = service.working_files(session, course)
    assert sorted(files) == ["course.yaml", "lessons/grundlagen.de.md", "quiz.yaml"]
    assert "title: Grundlagen" in files["lessons/grundlagen.de.md"]
    [created] = events(session, AuditAction.COURSE_CREATED)
    assert created.actor_id == trainer.id
    assert "Datenschutz im Verein" not in client.get("/").get_data(as_text=True)
    page = client.get("/trainer/authoring/datenschutz-im-verein/settings").get_data(as_text=True)
    assert 'value="Datenschutz im Verein"' in page
    assert "&#39;duration_minutes&#39; fehlt" in page  # the check says what is missing, in German
    assert client.get("/courses/datenschutz-im-verein").status_code == 404


def test_an_invalid_id_or_a_taken_one_comes_back_with_what_was_typed(
    client: FlaskClient, login_as: Callable[..., User], session: Session
) -> None:
    login_as(Role.TRAINER)
    typed = {
        "course_id": "Mein Kurs",
        "title": "",
        "summary": "Eine Zusammenfassung.",
        "lesson_id": "start",
        "lesson_title": "Start",
    }
    page = client.post("/trainer/authoring/new", data=typed).get_data(as_text=True)
    assert "Verwenden Sie nur Kleinbuchstaben, Ziffern und Bindestriche." in page
    assert 'value="Mein Kurs"' in page
    assert "Eine Zusammenfassung." in page
    page = client.post(
        "/trainer/authoring/new", data={**typed, "course_id": "testkurs", "title": "T"}
    ).get_data(as_text=True)
    assert "Es gibt schon einen Kurs mit dieser Kennung." in page
    assert session.scalar(sa.select(sa.func.count(Course.id))) == 1


def test_settings_in_two_languages_and_a_new_order_of_lessons(
    client: FlaskClient, author: User, session: Session
) -> None:
    page = client.get(SETTINGS).get_data(as_text=True)
    assert "Erste Lektion" in page
    data = settings_data(
        page,
        title_de="Testkurs für alle",
        title_en="Test course for everyone",
        summary_en="A course.",
        objectives_de="erstens\n\nzweitens",
        duration_minutes="45",
        **{"lessons-0-position": "2", "lessons-1-position": "1"},
    )
    assert client.post(SETTINGS, data=data).status_code == 302
    spec = draft_spec(session)
    assert spec.title == {"de": "Testkurs für alle", "en": "Test course for everyone"}
    assert spec.summary == {"de": "Ein kleiner Kurs für die Tests.", "en": "A course."}
    assert spec.objectives == {"de": ("erstens", "zweitens"), "en": ("pass the tests",)}
    assert spec.duration_minutes == 45
    assert [lesson.id for lesson in spec.lessons] == ["zweite-lektion", "erste-lektion"]
    assert course_row(session).title["de"] == "Testkurs"  # learners see it after publishing
    [saved] = events(session, AuditAction.COURSE_DRAFT_SAVED)
    assert saved.actor_id == author.id


def test_a_new_lesson_is_added_at_the_end_with_its_german_file(
    client: FlaskClient, author: User, session: Session
) -> None:
    page = client.get(SETTINGS).get_data(as_text=True)
    data = settings_data(page, new_lesson_id="dritte-lektion", new_lesson_title="Dritte Lektion")
    assert client.post(SETTINGS, data=data).status_code == 302
    files = service.working_files(session, course_row(session))
    assert "title: Dritte Lektion" in files["lessons/dritte-lektion.de.md"]
    page = client.get(SETTINGS).get_data(as_text=True)
    assert 'value="dritte-lektion"' in page
    again = settings_data(page, new_lesson_id="erste-lektion", new_lesson_title="Doppelt")
    page = client.post(SETTINGS, data=again).get_data(as_text=True)
    assert "Dieser Kurs hat schon eine Lektion mit dieser Kennung." in page


def test_a_missing_german_title_comes_back_with_what_was_typed(
    client: FlaskClient, author: User, session: Session
) -> None:
    page = client.get(SETTINGS).get_data(as_text=True)
    data = settings_data(page, title_de="", title_en="Only English")
    page = client.post(SETTINGS, data=data).get_data(as_text=True)
    assert "Der deutsche Text ist nötig." in page
    assert 'value="Only English"' in page
    assert service.find_draft(session, course_row(session).id) is None


def test_two_authors_saving_the_settings_see_a_conflict(
    client: FlaskClient, author: User, session: Session, make_user: Callable[..., User]
) -> None:
    page = client.get(SETTINGS).get_data(as_text=True)
    course = course_row(session)
    theirs = service.working_files(session, course)["course.yaml"].replace(
        "de: Testkurs", "de: Ihr Titel"
    )
    base = text_hash(service.working_files(session, course)["course.yaml"])
    other = make_user(Role.ADMIN)
    saved = service.save_files(
        session, course, other, {"course.yaml": theirs}, {"course.yaml": base}, utcnow()
    )
    assert isinstance(saved, service.Saved)
    page = client.post(SETTINGS, data=settings_data(page, title_de="Mein Titel")).get_data(
        as_text=True
    )
    assert "Jemand anderes hat hier inzwischen gespeichert" in page
    assert "de: Ihr Titel" in page  # theirs
    assert 'value="Mein Titel"' in page  # what was typed
    assert draft_spec(session).title["de"] == "Ihr Titel"
    # Having seen both, saving again puts what was typed over their version.
    assert client.post(SETTINGS, data=settings_data(page, title_de="Mein Titel")).status_code == 302
    assert draft_spec(session).title["de"] == "Mein Titel"


def test_glossary_terms_are_added_changed_and_deleted(
    client: FlaskClient, author: User, session: Session
) -> None:
    page = client.get(GLOSSARY).get_data(as_text=True)
    assert "Neuer Begriff" in page
    term = {
        "terms-0-term_id": "lektion",
        "terms-0-term_de": "Lektion",
        "terms-0-definition_de": "Ein Teil des Kurses.",
        "terms-0-term_en": "lesson",
        "terms-0-definition_en": "A part of the course.",
    }
    assert client.post(GLOSSARY, data={"base": hidden(page, "base"), **term}).status_code == 302
    [entry] = draft_spec(session).glossary
    assert (entry.id, entry.term, entry.definition) == (
        "lektion",
        {"de": "Lektion", "en": "lesson"},
        {"de": "Ein Teil des Kurses.", "en": "A part of the course."},
    )
    page = client.get(GLOSSARY).get_data(as_text=True)
    assert "Ein Teil des Kurses." in page
    changed = {**term, "terms-0-definition_de": "Ein Abschnitt.", "terms-1-term_id": "kurs"}
    changed |= {"terms-1-term_de": "Kurs", "terms-1-definition_de": "Lektionen und ein Test."}
    assert client.post(GLOSSARY, data={"base": hidden(page, "base"), **changed}).status_code == 302
    glossary = draft_spec(session).glossary
    assert [(t.id, t.definition["de"]) for t in glossary] == [
        ("lektion", "Ein Abschnitt."),
        ("kurs", "Lektionen und ein Test."),
    ]
    assert glossary[1].term == {"de": "Kurs"}
    page = client.get(GLOSSARY).get_data(as_text=True)
    deleted = {**changed, "terms-0-delete": "y"}
    assert client.post(GLOSSARY, data={"base": hidden(page, "base"), **deleted}).status_code == 302
    assert [t.id for t in draft_spec(session).glossary] == ["kurs"]


def test_a_glossary_term_without_its_german_explanation_is_refused(
    client: FlaskClient, author: User, session: Session
) -> None:
    page = client.get(GLOSSARY).get_data(as_text=True)
    data = {"base": hidden(page, "base"), "terms-0-term_id": "x", "terms-0-term_de": "Begriff"}
    page = client.post(GLOSSARY, data=data).get_data(as_text=True)
    assert "Der deutsche Text ist nötig." in page
    assert 'value="Begriff"' in page
    assert service.find_draft(session, course_row(session).id) is None


def test_archiving_hides_the_course_and_keeps_enrolments(
    client: FlaskClient, author: User, session: Session, make_user: Callable[..., User]
) -> None:
    learner = make_user()
    course = course_row(session)
    courses.enrol(session, learner.id, course.id, utcnow())
    page = client.get("/trainer/authoring/testkurs/archive").get_data(as_text=True)
    assert "veröffentlichen" in page  # un-archiving: publish again
    assert client.post("/trainer/authoring/testkurs/archive").status_code == 200  # unconfirmed
    assert not course_row(session).archived
    response = client.post("/trainer/authoring/testkurs/archive", data={"confirm": "y"})
    assert response.status_code == 302
    session.expire_all()
    assert course_row(session).archived
    assert session.scalar(sa.select(Enrolment).filter_by(user_id=learner.id)) is not None
    [archived] = events(session, AuditAction.COURSE_ARCHIVED)
    assert archived.actor_id == author.id
    assert "/courses/testkurs" not in client.get("/").get_data(as_text=True)
    assert client.get(SETTINGS).status_code == 200  # its authors still reach it


def test_admins_grant_and_withdraw_authorship(
    client: FlaskClient,
    login_as: Callable[..., User],
    make_user: Callable[..., User],
    session: Session,
) -> None:
    trainer = make_user(Role.TRAINER, name="Tamara Trainer")
    learner = make_user(Role.LEARNER)
    admin = login_as(Role.ADMIN)
    authors = "/trainer/authoring/testkurs/authors"
    page = client.post(authors, data={"email": learner.email}).get_data(as_text=True)
    assert "Kein aktives Konto für Trainer*innen hat diese E-Mail-Adresse." in page
    assert client.post(authors, data={"email": trainer.email.upper()}).status_code == 302
    assert "Tamara Trainer" in client.get(authors).get_data(as_text=True)
    [granted] = events(session, AuditAction.COURSE_AUTHOR_GRANTED)
    assert (granted.actor_id, granted.subject_user_id) == (admin.id, trainer.id)

    login_as(trainer)
    assert client.get(SETTINGS).status_code == 200
    assert client.get(authors).status_code == 403

    login_as(admin)
    assert client.post(f"{authors}/{trainer.id}/withdraw").status_code == 302
    [revoked] = events(session, AuditAction.COURSE_AUTHOR_REVOKED)
    assert revoked.subject_user_id == trainer.id
    assert client.post(f"{authors}/{trainer.id}/withdraw").status_code == 404
    login_as(trainer)
    assert client.get(SETTINGS).status_code == 404
