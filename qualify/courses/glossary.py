"""Finding a glossary term in lesson text, allowing for German inflection.

Pure: no Flask, no database. A term is "used" when any of its forms occurs as whole words,
ignoring case, with an inflection suffix allowed on each word (der Verein, des Vereins,
die Vereine; personenbezogene Daten, personenbezogener Daten).
"""

from __future__ import annotations

import re
from functools import lru_cache

# Endings German adds to nouns and adjectives (plural, genitive, dative), and English 's.
INFLECTION = r"(?:e|n|s|en|er|es|em|ns|'s|’s)?"
# A German adjective written in a term with an ending ("unbewusstes Vorurteil") is matched
# by its stem, so that every other ending ("unbewusste Vorurteile") counts as well. A word
# is taken as an adjective when it is lowercase or stands before the last word.
_ADJECTIVE_ENDING = re.compile(r"(?:e|en|er|es|em)$")
_BRACKETS = re.compile(r"\(([^()]*)\)")


def term_forms(term: str) -> tuple[str, ...]:
    """The ways a term may be written in a lesson.

    "registered association (eingetragener Verein, e.V.)" gives the whole term, the part
    outside the brackets, and each comma-separated part inside them.
    """
    forms = [term, _BRACKETS.sub(" ", term)]
    for inside in _BRACKETS.findall(term):
        forms += inside.split(",")
    forms += [alternative for form in forms[1:] for alternative in _alternatives(form)]
    unique: list[str] = []
    for form in forms:
        form = " ".join(form.split())
        if form and form.lower() not in (f.lower() for f in unique):
            unique.append(form)
    return tuple(unique)


def _alternatives(form: str) -> list[str]:
    """ "migration or integration advisory board": each of the two boards on its own.

    "Migrations- oder Integrationsbeirat" gives only "Integrationsbeirat": where the first
    compound ends cannot be told from the text.
    """
    for conjunction in (" oder ", " or "):
        left, found, right = form.partition(conjunction)
        if found and left and right:
            if left.endswith("-"):
                return [right]
            shared = right.split(maxsplit=1)[1:]  # "advisory board" in "integration advisory board"
            return [" ".join([left, *shared]), right]
    return []


def _form_pattern(form: str, locale: str) -> str:
    words = form.split()
    return r"\s+".join(
        _word_pattern(
            word,
            locale,
            adjective=locale == "de" and (i < len(words) - 1 or word[:1].islower()),
        )
        for i, word in enumerate(words)
    )


def _word_pattern(word: str, locale: str, *, adjective: bool) -> str:
    stem, star, _ = word.partition("*")
    if adjective and not star and len(stem) > 5:
        stem = _ADJECTIVE_ENDING.sub("", stem)
    if locale == "en" and len(stem) > 3 and stem.endswith("y"):  # authority, authorities
        return re.escape(stem[:-1]) + r"(?:y|ies|y's|y’s)"
    pattern = re.escape(stem)
    if star:  # Datenschutzbeauftragte*r, Teilnehmer*innen: any gender ending, or none
        pattern += r"(?:\*\w+)?"
    if stem[-1:].isalpha():
        pattern += INFLECTION
    return pattern


@lru_cache(maxsize=1024)
def term_pattern(term: str, locale: str) -> re.Pattern[str]:
    """A regular expression that finds any form of `term` (a text in `locale`)."""
    alternatives = [_form_pattern(form, locale) for form in term_forms(term)]
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def term_is_used(term: str, locale: str, text: str) -> bool:
    return term_pattern(term, locale).search(text) is not None
