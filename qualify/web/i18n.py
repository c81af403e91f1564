"""Locale choice: the user's preference, then the language switcher, then Accept-Language."""

from __future__ import annotations

from flask import request, session
from flask_login import current_user

from qualify.config import DEFAULT_LOCALE, SUPPORTED_LOCALES

# Names in their own language, so every learner finds theirs.
LOCALE_NAMES = {
    "de": "Deutsch",
    "en": "English",
    "fr": "Français",
    "ru": "Русский",
    "ar": "العربية",
    "es": "Español",
    "pl": "Polski",
    "vi": "Tiếng Việt",
}
RTL_LOCALES = frozenset({"ar"})


def locale_choices() -> list[tuple[str, str]]:
    return [(code, LOCALE_NAMES[code]) for code in SUPPORTED_LOCALES]


def select_locale() -> str:
    if current_user.is_authenticated and current_user.locale in SUPPORTED_LOCALES:
        return current_user.locale
    chosen = session.get("locale")
    if chosen in SUPPORTED_LOCALES:
        return chosen
    return request.accept_languages.best_match(SUPPORTED_LOCALES) or DEFAULT_LOCALE


def text_direction(locale: str) -> str:
    return "rtl" if locale in RTL_LOCALES else "ltr"


def pick_text(texts: dict[str, str], locale: str) -> str:
    """Choose a content text for the locale, falling back to German (content's first language)."""
    return texts.get(locale) or texts.get(DEFAULT_LOCALE) or next(iter(texts.values()), "")
