"""The site's languages and how content texts are chosen among them. Pure."""

from __future__ import annotations

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


def text_direction(locale: str) -> str:
    return "rtl" if locale in RTL_LOCALES else "ltr"


def pick_text(texts: dict[str, str], locale: str) -> str:
    """Choose a content text for the locale, falling back to German (content's first language)."""
    return texts.get(picked_locale(texts, locale), "")


def picked_locale(texts: dict[str, str], locale: str) -> str:
    """The language pick_text takes its text from."""
    for candidate in (locale, DEFAULT_LOCALE, *texts):
        if texts.get(candidate):
            return candidate
    return locale
