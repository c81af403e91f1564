"""Content in a language the page does not speak: marked with its own language and
direction (German on an Arabic page reads left to right), and lessons offer the others."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from qualify.accounts.models import User
from qualify.core.clock import utcnow
from qualify.courses import service as courses

pytestmark = pytest.mark.usefixtures("imported_content")
LESSON = "/courses/testkurs/lessons/erste-lektion"


def test_a_german_course_title_on_an_arabic_page_is_marked_left_to_right(
    client: FlaskClient, session: Session
) -> None:
    course = courses.find_course(session, "testkurs")
    course.title = {"de": "Testkurs", "en": "Test course"}  # as before its Arabic title
    session.commit()
    page = client.get("/", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    assert '<h2 lang="de" dir="ltr"><a href="/courses/testkurs">Testkurs</a></h2>' in page
    english = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<h2><a href="/courses/testkurs">Test course</a></h2>' in english
    session.expire_all()


def test_a_lesson_without_the_readers_language_says_so_and_offers_english(
    client: FlaskClient, session: Session, login_as: Callable[..., User]
) -> None:
    reader = login_as(locale="ar")
    courses.enrol(session, reader.id, courses.find_course(session, "testkurs").id, utcnow())
    page = client.get(LESSON).get_data(as_text=True)
    assert '<article class="lesson" lang="de" dir="ltr">' in page
    assert 'class="notice" lang="ar" dir="rtl"' in page
    assert f'href="{LESSON}?in=en" hreflang="en"' in page
    english = client.get(f"{LESSON}?in=en").get_data(as_text=True)
    assert '<article class="lesson" lang="en" dir="ltr">' in english and "First lesson" in english
    assert client.get(f"{LESSON}?in=xx").get_data(as_text=True).count('lang="de" dir="ltr"') >= 1


def test_the_catalogue_says_which_languages_the_lessons_are_in(client: FlaskClient) -> None:
    page = client.get("/", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Leçons en : Deutsch, English" in page
