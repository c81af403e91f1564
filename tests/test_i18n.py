"""Language choice, text direction, translated error pages, complete catalogs."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from flask.testing import FlaskClient

import qualify
from qualify.accounts.models import Role, User
from qualify.core.locales import SUPPORTED_LOCALES

TRANSLATIONS = Path(qualify.__file__).parent / "translations"
REPO = Path(__file__).parent.parent


def test_german_is_the_default(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="de" dir="ltr">' in page and "Kurse" in page


def test_accept_language_picks_english(client: FlaskClient) -> None:
    page = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en"' in page and ">Courses<" in page


def test_a_browser_language_the_site_does_not_speak_gets_english(client: FlaskClient) -> None:
    page = client.get("/", headers={"Accept-Language": "uk-UA,uk;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en"' in page and ">Courses<" in page
    german_too = client.get("/", headers={"Accept-Language": "uk,de;q=0.5"}).get_data(as_text=True)
    assert '<html lang="de"' in german_too


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_every_language_is_served_in_its_own_words_and_direction(
    client: FlaskClient, locale: str
) -> None:
    page = client.get("/", headers={"Accept-Language": locale}).get_data(as_text=True)
    direction = "rtl" if locale == "ar" else "ltr"
    assert f'<html lang="{locale}" dir="{direction}">' in page
    mo = _read(read_mo, TRANSLATIONS / locale / "LC_MESSAGES" / "messages.mo")
    assert f">{mo.get('Courses').string}<" in page


def test_switcher_beats_accept_language(client: FlaskClient) -> None:
    client.post("/language", data={"locale": "en", "next": "/"})
    page = client.get("/", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert '<html lang="en"' in page


def test_user_preference_beats_everything(
    client: FlaskClient, login_as: Callable[..., User]
) -> None:
    login_as(Role.LEARNER, locale="en")
    page = client.get("/", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert '<html lang="en"' in page
    client.post("/language", data={"locale": "de"})
    assert '<html lang="de"' in client.get("/").get_data(as_text=True)


def test_the_login_prompt_speaks_the_visitors_language(client: FlaskClient) -> None:
    client.get("/dashboard")
    german = client.get("/login").get_data(as_text=True)
    assert "Bitte melden Sie sich an, um diese Seite zu sehen." in german
    client.get("/dashboard", headers={"Accept-Language": "en"})
    english = client.get("/login", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Please log in to see this page." in english


def test_error_pages_speak_the_visitors_language(
    client: FlaskClient, login_as: Callable[..., User]
) -> None:
    german = client.get("/nowhere")
    assert german.status_code == 404 and "Seite nicht gefunden" in german.get_data(as_text=True)
    english = client.get("/nowhere", headers={"Accept-Language": "en"})
    assert "Page not found" in english.get_data(as_text=True)
    login_as(Role.LEARNER)
    forbidden = client.get("/admin/users")
    assert forbidden.status_code == 403 and "Zugriff verweigert" in forbidden.get_data(as_text=True)


def _read(reader, path: Path):  # noqa: ANN001, ANN202
    with path.open("rb") as file:
        return reader(file)


def _text(string: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Singular and plural messages alike (the .mo reader gives plurals as a list)."""
    return (string,) if isinstance(string, str) else tuple(string)


def test_every_language_of_the_site_has_a_catalog_and_no_other_does() -> None:
    catalogs = {path.name for path in TRANSLATIONS.iterdir() if path.is_dir()}
    assert catalogs == set(SUPPORTED_LOCALES)


def test_catalogs_are_complete_and_compiled() -> None:
    template = _read(read_po, TRANSLATIONS / "messages.pot")
    for locale in SUPPORTED_LOCALES:
        po = _read(read_po, TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po")
        mo = _read(read_mo, TRANSLATIONS / locale / "LC_MESSAGES" / "messages.mo")
        missing = [m.id for m in template if m.id and not (po.get(m.id) and po.get(m.id).string)]
        assert missing == [], f"{locale}: untranslated {missing}"
        stale = [
            m.id
            for m in po
            if m.id and (mo.get(m.id) is None or _text(mo.get(m.id).string) != _text(m.string))
        ]
        assert stale == [], f"{locale}: run `make translations` ({stale})"


PLACEHOLDER = re.compile(r"%\((\w+)\)[sdifg]")


def test_no_fuzzy_entries_and_translations_keep_their_placeholders() -> None:
    """A translation that loses %(name)s hides a fact; one that invents a placeholder
    crashes the page. Plural forms may drop the number in the singular ("One more ...")."""
    for locale in SUPPORTED_LOCALES:
        po = _read(read_po, TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po")
        fuzzy = [m.id for m in po if m.id and m.fuzzy]
        assert fuzzy == [], f"{locale}: fuzzy {fuzzy}"
        for message in po:
            if not message.id or not message.string:
                continue
            source = [set(PLACEHOLDER.findall(text)) for text in _text(message.id)]
            target = [set(PLACEHOLDER.findall(text)) for text in _text(message.string)]
            if len(source) == 1:
                assert target == source, f"{locale}: {message.id!r}"
            else:
                allowed = set().union(*source)
                assert all(t <= allowed for t in target), f"{locale}: {message.id!r}"
                assert target[-1] == source[-1], f"{locale}: {message.id!r}"


def test_every_string_of_the_code_is_in_the_catalogs() -> None:
    """A string added to a template or module without `make translations` fails here."""
    with (REPO / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    keywords = {**DEFAULT_KEYWORDS, "_l": None, "Message": None, "N_plural": (1, 2)}
    in_code = {
        message if isinstance(message, str) else message[0]
        for _file, _line, message, _comments, _context in extract_from_dir(
            Path(qualify.__file__).parent, method_map, options_map, keywords=keywords
        )
    }
    template = {
        m.id if isinstance(m.id, str) else m.id[0]
        for m in _read(read_po, TRANSLATIONS / "messages.pot")
    }
    assert sorted(in_code - template) == [], "run `make translations` and translate them"


def test_security_headers(client: FlaskClient) -> None:
    headers = client.get("/").headers
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"


def test_personal_pages_are_not_cached(client: FlaskClient, login_as: Callable[..., User]) -> None:
    """L7: shared office computers must not keep a learner's pages."""
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
    login_as(Role.LEARNER)
    for url in ("/dashboard", "/profile", "/"):
        assert client.get(url).headers["Cache-Control"] == "no-store", url
    static = client.get("/static/qualify.css")
    static.close()
    assert "no-store" not in static.headers.get("Cache-Control", "")
