"""Locale choice: the user's preference, then the language switcher, then Accept-Language."""

from __future__ import annotations

from flask import request, session
from flask_login import current_user

from qualify.core.locales import DEFAULT_LOCALE, LOCALE_NAMES, SUPPORTED_LOCALES


def locale_choices() -> list[tuple[str, str]]:
    return [(code, LOCALE_NAMES[code]) for code in SUPPORTED_LOCALES]


def select_locale() -> str:
    if current_user.is_authenticated and current_user.locale in SUPPORTED_LOCALES:
        return current_user.locale
    chosen = session.get("locale")
    if chosen in SUPPORTED_LOCALES:
        return chosen
    return request.accept_languages.best_match(SUPPORTED_LOCALES) or DEFAULT_LOCALE
