"""Locale choice: the user's preference, then the language switcher, then Accept-Language."""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

from flask import current_app, has_request_context, request, session
from flask_login import current_user

from qualify.core.clock import utcnow
from qualify.core.locales import (
    DEFAULT_LOCALE,
    LOCALE_NAMES,
    SUPPORTED_LOCALES,
    command_line_locale,
)

FALLBACK_LOCALE = "en"


def site_zone() -> ZoneInfo:
    """The site's time zone (QUALIFY_TIME_ZONE), in which pages show times and count days."""
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def site_today() -> dt.date:
    """Today where the site's people are, not in UTC: from midnight to one or two in the
    morning in Halle, UTC still says yesterday, and yesterday's workshop would show as
    coming."""
    return utcnow().astimezone(site_zone()).date()


def locale_choices() -> list[tuple[str, str]]:
    return [(code, LOCALE_NAMES[code]) for code in SUPPORTED_LOCALES]


def select_locale() -> str:
    if not has_request_context():  # the `qualify` command, a worker: the shell's language
        return command_line_locale(os.environ)
    if current_user.is_authenticated and current_user.locale in SUPPORTED_LOCALES:
        return current_user.locale
    chosen = session.get("locale")
    if chosen in SUPPORTED_LOCALES:
        return chosen
    if not request.accept_languages:
        return DEFAULT_LOCALE
    # A browser that asks for a language the site does not speak (yet) gets English, read
    # more widely than German by the site's newcomers; German stays one click away.
    return request.accept_languages.best_match(SUPPORTED_LOCALES) or FALLBACK_LOCALE
