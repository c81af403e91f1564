"""The lesson editor through the browser's eyes: save, preview, conflicts, publish, history."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from qualify.accounts.models import Role, User
from qualify.authoring.drafts import lesson_path, text_hash
from qualify.authoring.models import CourseAuthor
from qualify.authoring.service import save_files, working_files
from qualify.core.clock import utcnow
from qualify.courses import service as courses
from qualify.courses.models import Course

pytestmark = pytest.mark.usefixtures("imported_content")

EDITOR = "/trainer/authoring/testkurs/lessons/erste-lektion/de"
LESSON = "/courses/testkurs/lessons/erste-lektion"
HOSTILE = (
    "## Test\n\n<script>alert(1)</script> <img src=x onerror=alert(2)>\n\n"
    "[Klick](javascript:alert(3)) und [gut](https://example.org)."
)


@pytest.fixture
def course(session: Session) -> Course:
    return session.scalar(sa.select(Course).where(Course.slug == "testkurs"))


@pytest.fixture
def author(
    session: Session, course: Course, login_as: Callable[..., User], make_user: Callable[..., User]
) -> User:
    trainer = make_user(Role.TRAINER, name="Tamara Autorin")
    session.add(CourseAuthor(course_id=course.id, user_id=trainer.id))
    session.commit()
    return login_as(trainer)


def base_of(session: Session, course: Course, locale: str = "de") -> str:
    session.expire_all()
    return text_hash(working_files(session, course).get(lesson_path("erste-lektion", locale)))


def lesson_form(markdown: str, base: str, **extra: str) -> dict[str, str]:
    return {
        "title": "Erste Lektion",
        "minutes": "10",
        "sources": "Testquelle, 2026",
        "markdown": markdown,
        "base": base,
        "save": "1",
        **extra,
    }


def test_the_editor_shows_the_lesson_and_the_english_version_beside(
    client: FlaskClient, author: User
) -> None:
    page = client.get(EDITOR).get_data(as_text=True)
    assert 'name="markdown"' in page and "## Einstieg" in page
    assert "English" in page or "Englisch" in page
    assert 'data-preview="/trainer/authoring/testkurs/preview"' in page


def test_the_editor_page_has_no_id_twice(client: FlaskClient, author: User) -> None:
    """authoring.js finds the preview box by its id: a button with the same id hid it."""
    ids = re.findall(r'\sid="([^"]+)"', client.get(EDITOR).get_data(as_text=True))
    assert "lesson-preview" in ids and len(ids) == len(set(ids))


def test_a_saved_draft_stays_invisible_until_published(
    client: FlaskClient, session: Session, course: Course, author: User, make_user
) -> None:
    response = client.post(
        EDITOR, data=lesson_form("## Neu\n\nGanz neuer Text.", base_of(session, course))
    )
    assert response.status_code == 302
    learner = make_user()
    courses.enrol(session, learner.id, course.id, utcnow())
    client.post("/logout")
    client.post("/login", data={"email": learner.email, "password": "correct horse battery staple"})
    assert "Ganz neuer Text." not in client.get(LESSON).get_data(as_text=True)
    client.post("/logout")
    client.post("/login", data={"email": author.email, "password": "correct horse battery staple"})
    assert (
        client.post("/trainer/authoring/testkurs/publish", data={"note": "neu"}).status_code == 302
    )
    client.post("/logout")
    client.post("/login", data={"email": learner.email, "password": "correct horse battery staple"})
    assert "Ganz neuer Text." in client.get(LESSON).get_data(as_text=True)


def test_raw_html_scripts_and_event_handlers_are_inert_in_preview_and_page(
    client: FlaskClient, session: Session, course: Course, author: User
) -> None:
    preview = client.post(
        EDITOR, data={**lesson_form(HOSTILE, base_of(session, course)), "preview": "1", "save": ""}
    )
    live = client.post("/trainer/authoring/testkurs/preview", data={"markdown": HOSTILE})
    client.post(EDITOR, data=lesson_form(HOSTILE, base_of(session, course)))
    client.post("/trainer/authoring/testkurs/publish", data={"note": "feindlich"})
    courses.enrol(session, author.id, course.id, utcnow())
    page = client.get(LESSON).get_data(as_text=True)
    for html in (preview.get_data(as_text=True), live.get_data(as_text=True), page):
        tags = Tags()
        tags.feed(html)
        assert "&lt;script&gt;alert(1)" in html  # shown as text
        assert not [src for src in tags.scripts if not src.startswith("/static/")]
        assert tags.handlers == [] and "x" not in tags.images
        assert not [href for href in tags.links if href.lower().startswith("javascript")]
        assert "https://example.org" in tags.links


class Tags(HTMLParser):
    """What a browser would act on: scripts, images, links and event handler attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self.images: list[str] = []
        self.links: list[str] = []
        self.handlers: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.handlers += [name for name, _ in attrs if name.startswith("on")]
        if tag == "script":
            self.scripts.append(values.get("src") or "inline")
        elif tag == "img":
            self.images.append(values.get("src") or "")
        elif tag == "a":
            self.links.append(values.get("href") or "")


def test_a_second_save_from_the_same_text_is_a_conflict_showing_both(
    client: FlaskClient, session: Session, course: Course, author: User
) -> None:
    opened = base_of(session, course)
    client.post(EDITOR, data=lesson_form("## A\n\nFassung von Anna.", opened))
    page = client.post(EDITOR, data=lesson_form("## B\n\nFassung von Ben.", opened))
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Fassung von Anna." in html and "Fassung von Ben." in html
    assert "Fassung von Anna." in working_files(session, course)[lesson_path("erste-lektion", "de")]
    # Saving again from the conflict page means: mine replaces theirs.
    again = client.post(
        EDITOR, data=lesson_form("## B\n\nFassung von Ben.", base_of(session, course))
    )
    assert again.status_code == 302


def test_the_editor_shows_the_problems_of_its_own_file(
    client: FlaskClient, session: Session, course: Course, author: User
) -> None:
    client.post(EDITOR, data=lesson_form("# Zu groß\n\nText.", base_of(session, course)))
    html = client.get(EDITOR).get_data(as_text=True)
    assert "testkurs/lessons/erste-lektion.de.md" in html
    assert "Überschriften in einer Lektion beginnen mit" in html


def test_invalid_input_keeps_what_was_typed(
    client: FlaskClient, session: Session, course: Course, author: User
) -> None:
    data = {**lesson_form("## Text\n\nMein langer Entwurf.", base_of(session, course)), "title": ""}
    page = client.post(EDITOR, data=data)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Mein langer Entwurf." in html and 'aria-invalid="true"' in html


def test_history_shows_the_change_and_restores_it_into_the_draft(
    client: FlaskClient, session: Session, course: Course, author: User
) -> None:
    client.post(EDITOR, data=lesson_form("## Neu\n\nZweite Fassung.", base_of(session, course)))
    client.post("/trainer/authoring/testkurs/publish", data={"note": "zweite"})
    html = client.get(EDITOR + "/history").get_data(as_text=True)
    assert 'class="diff-added"' in html and "Zweite Fassung." in html
    assert 'class="diff-removed"' in html
    assert client.post(EDITOR + "/restore/1").status_code == 302
    restored = working_files(session, course)[lesson_path("erste-lektion", "de")]
    assert "Zweite Fassung." not in restored and "## Einstieg" in restored


def test_the_course_page_lists_errors_and_refuses_to_publish_them(
    client: FlaskClient, session: Session, course: Course, author: User
) -> None:
    client.post(
        EDITOR, data=lesson_form("# Falsche Überschrift\n\nText.", base_of(session, course))
    )
    page = client.post("/trainer/authoring/testkurs/publish", data={"note": "kaputt"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Überschriften in einer Lektion beginnen mit" in html and 'role="alert"' in html


def test_the_lesson_inputs_keep_the_lessons_writing_direction(
    client: FlaskClient, author: User
) -> None:
    """German typed on an Arabic page must stay left to right (CSS reads data-text-dir)."""
    client.post("/language", data={"locale": "ar"})
    page = client.get(EDITOR).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page and 'data-text-dir="ltr"' in page


class FormValues(HTMLParser):
    """The values a browser would send from the editor's form, as the page fills them."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        name = values.get("name")
        if tag == "input" and name and values.get("type") not in ("submit", "button"):
            self.values[name] = values.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea, self.values[name] = name, ""

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None


def form_on(client: FlaskClient, url: str) -> dict[str, str]:
    parser = FormValues()
    parser.feed(client.get(url).get_data(as_text=True))
    return parser.values


def german_file(session: Session, course: Course, locale: str = "de") -> str:
    session.expire_all()
    return working_files(session, course)[lesson_path("erste-lektion", locale)]


REVIEW_HEADER = "---\nreviewed:\n  on: 2026-12-06\n  by: Tamara Autorin\ntitle: Erste Lektion\n"


def test_the_review_set_in_the_editor_is_kept_by_every_later_save(
    client: FlaskClient, session: Session, course: Course, author: User
) -> None:
    review = {"reviewed_on": "2026-12-06", "reviewed_by": "Tamara Autorin"}
    saved = client.post(
        EDITOR, data=lesson_form("## Neu\n\nText.", base_of(session, course), **review)
    )
    assert saved.status_code == 302
    assert german_file(session, course).startswith(REVIEW_HEADER)
    shown = form_on(client, EDITOR)
    assert (shown["reviewed_on"], shown["reviewed_by"]) == ("2026-12-06", "Tamara Autorin")
    # The next author changes only the text and saves what the page shows.
    again = client.post(EDITOR, data={**shown, "markdown": "## Neu\n\nAnderer Text.", "save": "1"})
    assert again.status_code == 302
    assert german_file(session, course).startswith(REVIEW_HEADER)
    assert "Anderer Text." in german_file(session, course)


def test_the_english_editor_has_no_review_and_leaves_the_german_one_alone(
    client: FlaskClient, session: Session, course: Course, author: User
) -> None:
    review = {"reviewed_on": "2026-12-06", "reviewed_by": "Tamara Autorin"}
    client.post(EDITOR, data=lesson_form("## Neu\n\nText.", base_of(session, course), **review))
    english = EDITOR.removesuffix("/de") + "/en"
    shown = form_on(client, english)
    assert "reviewed_on" not in shown and "reviewed_by" not in shown
    saved = client.post(english, data={**shown, "markdown": "## New\n\nText.", "save": "1"})
    assert saved.status_code == 302
    assert "reviewed" not in german_file(session, course, "en")
    assert german_file(session, course).startswith(REVIEW_HEADER)


def test_a_review_needs_its_date_and_who_checked(
    client: FlaskClient, session: Session, course: Course, author: User
) -> None:
    before = german_file(session, course)
    page = client.post(
        EDITOR,
        data=lesson_form("## Neu\n\nText.", base_of(session, course), reviewed_on="2026-12-06"),
    )
    assert page.status_code == 200
    assert 'id="reviewed_by-error"' in page.get_data(as_text=True)
    assert german_file(session, course) == before


def test_a_file_with_errors_keeps_its_review_in_the_editor(
    client: FlaskClient, session: Session, course: Course, author: User
) -> None:
    """A header the check refuses (no minutes) still shows its review, so saving the
    corrected lesson does not lose it."""
    broken = "---\nreviewed:\n  on: 2026-12-06\n  by: Tamara Autorin\ntitle: Erste\n---\n\nText.\n"
    path = lesson_path("erste-lektion", "de")
    save_files(session, course, author, {path: broken}, {path: base_of(session, course)}, utcnow())
    shown = form_on(client, EDITOR)
    assert (shown["reviewed_on"], shown["reviewed_by"]) == ("2026-12-06", "Tamara Autorin")
    fixed = client.post(EDITOR, data={**shown, "minutes": "10", "save": "1"})
    assert fixed.status_code == 302
    assert german_file(session, course).startswith("---\nreviewed:\n  on: 2026-12-06\n")


def test_the_editors_check_asks_for_a_review_until_one_is_given(
    client: FlaskClient, session: Session, course: Course, author: User
) -> None:
    missing = "&#39;reviewed&#39; fehlt: Geben Sie an, wann und von wem"
    assert missing in client.get(EDITOR).get_data(as_text=True)
    today = {"reviewed_on": utcnow().date().isoformat(), "reviewed_by": "Tamara Autorin"}
    client.post(EDITOR, data=lesson_form("## Neu\n\nText.", base_of(session, course), **today))
    page = client.get(EDITOR).get_data(as_text=True)
    assert missing not in page and "Fakten zuletzt geprüft am" in page
