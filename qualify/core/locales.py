"""The site's languages and how content texts are chosen among them. Pure."""

from __future__ import annotations

from collections.abc import Mapping

SUPPORTED_LOCALES = ("de", "en", "fr", "ru", "ar", "es", "pl", "vi")
DEFAULT_LOCALE = "de"

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
COMMAND_LINE_FALLBACK = "en"
# Where a terminal says its language, most specific first (gettext's own order); the
# site's own variable comes first so an operator can choose without changing the shell.
LANGUAGE_VARIABLES = ("QUALIFY_LANGUAGE", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def text_direction(locale: str) -> str:
    return "rtl" if locale in RTL_LOCALES else "ltr"


def isolated(text: str) -> str:
    """The text between Unicode's first-strong isolate and its end (U+2068, U+2069), for a
    name or address inside a translated sentence where no <bdi> can go (a flash message):
    a Latin name's "(A)" keeps its order in an Arabic sentence, and the sentence's
    full stop stays at its end."""
    return f"\u2068{text}\u2069"


def pick_text(texts: dict[str, str], locale: str) -> str:
    """Choose a content text for the locale, falling back to German (content's first language)."""
    return texts.get(picked_locale(texts, locale), "")


def picked_locale(texts: dict[str, str], locale: str) -> str:
    """The language pick_text takes its text from."""
    for candidate in (locale, DEFAULT_LOCALE, *texts):
        if texts.get(candidate):
            return candidate
    return locale


def command_line_locale(environ: Mapping[str, str]) -> str:
    """The language of the `qualify` command, from the shell's locale variables.

    `de_DE.UTF-8` and `de` both give German; "C", "POSIX" or a language the site does not
    speak give English, the language of the command's `--help`.
    """
    for variable in LANGUAGE_VARIABLES:
        value = environ.get(variable, "")
        # LANGUAGE may list several, "de:en"; the first the site speaks wins.
        for candidate in value.split(":"):
            language = candidate.split(".")[0].split("@")[0].split("_")[0].lower()
            if language in SUPPORTED_LOCALES:
                return language
        if value:
            return COMMAND_LINE_FALLBACK
    return COMMAND_LINE_FALLBACK
