"""Template globals and filters shared by every page.

Domain globals (permissions) are added by create_app: web imports no domain.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from babel.dates import format_skeleton
from flask import Flask
from flask_babel import format_date, format_datetime, format_decimal, get_locale, gettext
from markupsafe import Markup

from qualify.core.locales import (
    LOCALE_NAMES,
    isolated,
    pick_text,
    picked_locale,
    text_direction,
)
from qualify.core.messages import translate
from qualify.web.i18n import locale_choices


def init_app(app: Flask) -> None:
    @app.context_processor
    def page_context() -> dict[str, Any]:
        locale = str(get_locale() or "de")
        return {
            "current_locale": locale,
            "text_direction": text_direction(locale),
            "locale_choices": locale_choices(),
            "locale_names": LOCALE_NAMES,
        }

    @app.template_filter("localised")
    def localised(texts: dict[str, str] | None) -> str:
        return pick_text(texts or {}, str(get_locale() or "de"))

    app.add_template_filter(text_direction, "text_dir")
    # A name inside a sentence of a plain-text mail, where <bdi> cannot go.
    app.add_template_filter(isolated, "isolated")

    @app.template_filter("translated")
    def translated(message: Any) -> str:
        """A message of pure code (core/messages.Message), or a content problem's whole
        line (core/contentfile.Problem), in the page's language."""
        localized = getattr(message, "localized", None)
        return localized(gettext) if callable(localized) else translate(message, gettext)

    @app.template_filter("lang_attrs")
    def lang_attrs(texts: dict[str, str] | None) -> Markup:
        """` lang=".." dir=".."` for an element whose content text is not in the page's
        language (a German fallback on an Arabic page reads left to right)."""
        locale = str(get_locale() or "de")
        shown = picked_locale(texts or {}, locale)
        if shown == locale:
            return Markup("")
        return Markup(' lang="%s" dir="%s"') % (shown, text_direction(shown))

    @app.template_filter("bdi")
    def bdi(text: object) -> Markup:
        """The text, escaped, in <bdi>: a name inside a translated sentence
        (`_("... %(name)s", name=person.name|bdi)`) keeps its own direction, so a Latin
        name's "(A)" does not turn round on an Arabic page, nor an Arabic name on a German one."""
        return Markup("<bdi>{}</bdi>").format(text)

    @app.template_filter("date")
    def date_filter(value: dt.datetime | dt.date | str | None) -> str:
        if value is None:
            return ""
        if isinstance(value, str):
            value = dt.date.fromisoformat(value)
        return format_date(value, "medium")

    @app.template_filter("day_month")
    def day_month_filter(value: dt.date) -> str:
        """Day and month only, as the locale writes them (5.12. / 12/5): axis labels."""
        return format_skeleton("dM", value, locale=str(get_locale() or "de"))

    @app.template_filter("datetime")
    def datetime_filter(value: dt.datetime | None) -> str:
        return format_datetime(value, "medium") if value else ""

    @app.template_filter("number")
    def number_filter(value: float | None) -> str:
        """At most one decimal, written as the reader's language writes it (7,5 / 7.5)."""
        if value is None:
            return ""
        return format_decimal(value, format="#,##0.#")
