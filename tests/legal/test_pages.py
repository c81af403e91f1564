"""Imprint, privacy notice and accessibility statement as a visitor sees them: footer links
on every page, operator facts or marked gaps, German first and English on request."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from qualify.accounts.models import Role, User
from qualify.core.locales import SUPPORTED_LOCALES
from qualify.legal.operator import load_operator_facts
from qualify.legal.views import OPERATOR

EXAMPLE = Path(__file__).parent.parent.parent / "docs" / "operator.example.toml"
GAP = "[Angaben fehlen: Anschrift – bitte in operator.toml eintragen]"


@pytest.fixture
def operator_file(app: Flask) -> Iterator[None]:
    """The site as run with the example operator file."""
    app.extensions[OPERATOR] = load_operator_facts(EXAMPLE)
    yield
    del app.extensions[OPERATOR]


def text(client: FlaskClient, url: str, **headers: str) -> str:
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/", "/login", "/verify", "/imprint", "/nowhere"])
def test_every_page_links_the_legal_pages_in_its_footer(client: FlaskClient, url: str) -> None:
    page = client.get(url).get_data(as_text=True)
    footer = page[page.index('<footer class="site-footer">') :]
    assert '<a href="/imprint">Impressum</a>' in footer
    assert '<a href="/privacy">Datenschutzerklärung</a>' in footer
    assert '<a href="/accessibility">Barrierefreiheit</a>' in footer
    assert "/accessibility/report?page=" in footer and "Barriere melden" in footer


def test_signed_in_pages_have_the_footer_too(
    client: FlaskClient, login_as: Callable[..., User]
) -> None:
    login_as(Role.ADMIN)
    for url in ("/dashboard", "/profile", "/admin/users"):
        assert '<a href="/privacy">Datenschutzerklärung</a>' in text(client, url)


def test_without_operator_file_the_pages_show_what_is_missing(client: FlaskClient) -> None:
    imprint = text(client, "/imprint")
    assert "Angaben nach § 5 Digitale-Dienste-Gesetz (DDG)" in imprint
    assert GAP in imprint
    assert "[Angaben fehlen: Vertretungsberechtigte Person" in imprint
    privacy = text(client, "/privacy")
    assert "[Angaben fehlen: Name der*des Datenschutzbeauftragten" in privacy
    # The supervisory authority has its Saxony-Anhalt default.
    assert "Landesbeauftragter für den Datenschutz Sachsen-Anhalt" in privacy
    statement = text(client, "/accessibility")
    assert "[Angaben fehlen: Durchsetzungs- und Schlichtungsstelle" in statement


def test_with_operator_file_the_facts_appear_and_no_gap(
    client: FlaskClient, operator_file: None
) -> None:
    imprint = text(client, "/imprint")
    assert "Beispielnetzwerk der Migrant*innenorganisationen Sachsen-Anhalt" in imprint
    assert '<span class="pre-line">Beispielstraße 1\n39104 Magdeburg</span>' in imprint
    assert '<a href="mailto:info@example.org">info@example.org</a>' in imprint
    assert "Vereinsregister Amtsgericht Stendal" in imprint
    assert "Umsatzsteuer" not in imprint  # optional and empty: no heading at all
    for url in ("/imprint", "/privacy", "/accessibility"):
        assert "Angaben fehlen" not in text(client, url)
    privacy = text(client, "/privacy")
    assert "Chris Beispiel" in privacy and "Beispiel-Hosting GmbH" in privacy
    assert "Server-Protokolle: 14 Tage." in privacy
    statement = text(client, "/accessibility")
    assert "05.12.2026" in statement and "barrierefreiheit@example.org" in statement


def test_the_privacy_notice_names_what_the_law_asks_for(client: FlaskClient) -> None:
    privacy = text(client, "/privacy")
    for words in (
        "Art. 6 Abs. 1 Buchst. b DSGVO",
        "Art. 6 Abs. 1 Buchst. f DSGVO",
        "Quiz-Versuche und Antworten",
        "Workshop-Stunden",
        "Server-Protokolle",
        "Protokoll der Verwaltung",
        "Art. 77 DSGVO",
        "§ 25 Abs. 2 Nr. 2",
        "kein Cookie-Banner",
    ):
        assert words in privacy, words
    assert '<a href="/profile/data">alle Ihre Daten hier herunterladen</a>' in privacy
    assert '<a href="/profile/delete">Ihr Konto selbst löschen</a>' in privacy


def test_retention_periods_come_from_the_configuration(app: Flask, client: FlaskClient) -> None:
    privacy = text(client, "/privacy")
    assert "wir löschen sie nach 30 Tagen" in privacy
    assert "Protokoll der Verwaltung: 730 Tage." in privacy
    app.config.update(UNCONFIRMED_ACCOUNT_DAYS=14, AUDIT_RETENTION_DAYS=365)
    try:
        privacy = text(client, "/privacy")
    finally:
        app.config.update(UNCONFIRMED_ACCOUNT_DAYS=30, AUDIT_RETENTION_DAYS=730)
    assert "wir löschen sie nach 14 Tagen" in privacy
    assert "Protokoll der Verwaltung: 365 Tage." in privacy
    assert "nach 90 Tagen" in privacy  # ended sessions and sent mails


def test_english_visitors_get_the_english_texts(client: FlaskClient) -> None:
    privacy = text(client, "/privacy", **{"Accept-Language": "en"})
    assert "<h1>Privacy notice</h1>" in privacy
    assert "The German privacy notice is the legally binding version." in privacy
    assert "[Missing: Address – please add it to operator.toml]" in privacy
    assert "Art. 6 (1) (b) GDPR" in privacy and "DSGVO" not in privacy
    imprint = text(client, "/imprint", **{"Accept-Language": "en"})
    assert "German Digital Services Act (DDG)" in imprint
    statement = text(client, "/accessibility", **{"Accept-Language": "en"})
    assert "partially accessible" in statement
    assert '<a href="/imprint">Imprint</a>' in statement


def test_the_statement_explains_enforcement_and_links_the_form(client: FlaskClient) -> None:
    statement = text(client, "/accessibility")
    assert "<h1>Erklärung zur Barrierefreiheit</h1>" in statement
    assert "WCAG" in statement and "BITV 2.0" in statement and "BGG LSA" in statement
    assert "Schlichtung und Durchsetzung" in statement
    assert '<a class="button" href="/accessibility/report">Barriere melden</a>' in statement


LEGAL = Path(__file__).parent.parent.parent / "qualify" / "legal" / "templates" / "legal"


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
@pytest.mark.parametrize("page", ["imprint", "privacy", "accessibility"])
def test_every_language_has_its_own_legal_texts(
    client: FlaskClient, operator_file: None, locale: str, page: str
) -> None:
    """Each language's text is used (its first notice appears), with the operator's facts
    and the configured periods filled in."""
    source = (LEGAL / locale / f"{page}.html").read_text(encoding="utf-8")
    own = re.search(r'<p class="notice">(.*?)</p>', source, re.S)
    shown = text(client, f"/{page}", **{"Accept-Language": locale})
    assert f'<html lang="{locale}"' in shown
    if own and "{" not in own.group(1):
        assert own.group(1).strip() in shown
    assert "{{" not in shown and "{%" not in shown
    if page == "privacy":
        assert "730" in shown and "Chris Beispiel" in shown
