"""WTForms' own messages and the expired-form page, in every language of the site."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import flask_wtf
import pytest
import wtforms
from babel.messages.extract import extract_from_file
from babel.support import Translations
from flask import Flask
from flask.testing import FlaskClient

import qualify
from qualify.accounts.models import Role, User
from qualify.cohorts.models import Cohort
from qualify.core.locales import SUPPORTED_LOCALES
from qualify.web.forms import LIBRARY_MESSAGES, Form, SubForm

TRANSLATIONS = Path(qualify.__file__).parent / "translations"
WTFORMS = Path(wtforms.__file__).parent
# Never shown to a person, so not in the catalogs (the reasons are in qualify/web/forms.py).
NOT_SHOWN = {
    "Invalid field name '%s'.",
    "Choices cannot be None.",
    "Invalid CSRF Token.",
    "CSRF token missing.",
    "CSRF failed.",
    "CSRF token expired.",
}


def library_messages() -> set[str]:
    """Every message the installed WTForms and Flask-WTF (its file fields) pass to gettext."""
    sources = [*WTFORMS.rglob("*.py"), Path(flask_wtf.__file__).parent / "file.py"]
    found = set()
    for source in sources:
        for _line, message, _comments, _context in extract_from_file("python", source):
            found.add(message if isinstance(message, str) else message[0])
    return found


def marked(entry: str | tuple[str, str]) -> str:
    return entry if isinstance(entry, str) else entry[0]


def test_the_marked_list_is_what_the_installed_wtforms_can_show() -> None:
    """A WTForms upgrade with a new or reworded message fails here, not on a learner's page."""
    assert {marked(entry) for entry in LIBRARY_MESSAGES} == library_messages() - NOT_SHOWN


def every_subclass(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *every_subclass(sub)}
    return found


def test_every_form_of_the_site_speaks_through_its_catalogs(app: Flask) -> None:
    """A form derived from FlaskForm or wtforms.Form directly would show WTForms' bundled
    wording, and English on a Vietnamese page."""
    ours = {
        cls
        for cls in every_subclass(wtforms.Form)
        if cls.__module__.startswith("qualify.") and cls.__module__ != "qualify.web.forms"
    }
    assert len(ours) > 40  # the app imported every form module
    assert sorted(c.__qualname__ for c in ours if not issubclass(c, (Form, SubForm))) == []


def translation(locale: str, message: str, plural: str | None = None, count: int = 1) -> str:
    """The compiled catalog's text; for a plural, the form for `count` by the language's rule."""
    catalog = Translations.load(TRANSLATIONS, [locale])
    if plural is None:
        return catalog.gettext(message)
    return catalog.ngettext(message, plural, count) % {"max": count}


@pytest.mark.usefixtures("imported_content")
@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_a_form_error_of_wtforms_is_in_the_readers_language(
    client: FlaskClient,
    login_as: Callable[..., User],
    make_cohort: Callable[..., Cohort],
    locale: str,
) -> None:
    trainer = login_as(Role.TRAINER, locale=locale)
    cohort = make_cohort(trainer)
    response = client.post(
        f"/trainer/cohorts/{cohort.id}/workshops",
        data={"title": "", "place": "x" * 201, "starts_at": "09:00", "ends_at": "13:00"},
    )
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    required = translation(locale, "This field is required.")
    too_long = translation(
        locale,
        "Field cannot be longer than %(max)d character.",
        "Field cannot be longer than %(max)d characters.",
        200,
    )
    assert required in page and too_long in page, locale
    assert "This field is required." not in page  # WTForms' own wording, in no language


def test_vietnamese_readers_get_vietnamese_not_english(
    client: FlaskClient, login_as: Callable[..., User], make_cohort: Callable[..., Cohort]
) -> None:
    """WTForms bundles no Vietnamese: before the site's catalogs, this page said "This field
    is required." in English."""
    cohort = make_cohort(login_as(Role.TRAINER, locale="vi"))
    page = client.post(f"/trainer/cohorts/{cohort.id}/workshops", data={"title": ""})
    text = html.unescape(page.get_data(as_text=True))
    assert "Vui lòng điền vào ô này." in text and "This field is required." not in text


@pytest.mark.parametrize(
    ("locale", "title"),
    [
        ("de", "Dieses Formular ist abgelaufen"),
        ("en", "This form has expired"),
        ("ar", "انتهت صلاحية هذا النموذج"),
    ],
)
def test_a_form_sent_with_a_stale_token_says_why_and_how_to_keep_the_text(
    app: Flask, client: FlaskClient, locale: str, title: str
) -> None:
    """A tab restored after the browser was closed sends a token of a session that ended:
    the page says so and how to go on, not just "Bad request"."""
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        client.get("/login", headers={"Accept-Language": locale})
        response = client.post(
            "/login",
            data={"email": "a@example.org", "password": "x", "csrf_token": "stale"},
            headers={"Accept-Language": locale},
        )
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert f"<h1>{title}</h1>" in page
    assert translation(locale, "This form has expired") == title  # the catalog's own words
