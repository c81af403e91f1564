"""What a person's name may contain: one line of visible text. Pure.

Names are printed on certificates that employers trust, so a name must not carry line
breaks (a second line in the name's type), control characters, or the bidi overrides and
isolates that reorder what is shown (U+202A-U+202E, U+2066-U+2069). Joiners and marks that
Arabic, Persian and Indic names need (U+200C, U+200D, U+200E, U+200F) stay allowed.
"""

from __future__ import annotations

import unicodedata

BIDI_CONTROLS = frozenset(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))
BREAKING = frozenset({"Cc", "Zl", "Zp"})  # controls (incl. tab, CR, LF), line, paragraph


def name_is_printable(name: str) -> bool:
    """One line of visible text, without bidi overrides or isolates."""
    return bool(name.strip()) and not any(
        ch in BIDI_CONTROLS or unicodedata.category(ch) in BREAKING for ch in name
    )


def tidy_name(name: str) -> str:
    """The name as stored: surrounding spaces dropped, inner runs of spaces made one."""
    return " ".join(name.split())


def one_line(text: str) -> str:
    """Text made safe to print on one line (for names stored before this check existed)."""
    return " ".join(
        "".join(
            " " if ch in BIDI_CONTROLS or unicodedata.category(ch) in BREAKING else ch
            for ch in text
        ).split()
    )


LATIN_PUNCTUATION = frozenset(" -'.’")


def is_latin(name: str) -> bool:
    """One printable line in Latin letters (accents included), spaces, hyphens, apostrophes
    and dots: a transliteration that any reader of the Latin alphabet can read aloud."""
    return name_is_printable(name) and all(
        ch in LATIN_PUNCTUATION
        or unicodedata.category(ch).startswith("M")  # combining accents
        or (ch.isalpha() and unicodedata.name(ch, "").startswith("LATIN "))
        for ch in name
    )
