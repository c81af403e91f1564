"""Readability of lessons: Flesch reading ease and words per sentence, per language.

Pure: no Flask, no database. The figures come from textstat on the lesson's running text
(`content.plain_text`: no headings, no Markdown, no link addresses, no sources). German uses
Amstad's formula (180 - words per sentence - 58.5 x syllables per word), English Flesch's
(206.835 - 1.015 x words per sentence - 84.6 x syllables per word). The targets are those of
plain language at about CEFR B1; docs/content-format.md ("Checks and readability") says why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from textstat.textstat import textstatistics

from qualify.core.contentfile import Problem, Report, display_path
from qualify.core.messages import Message
from qualify.courses.coursefile import LESSONS_DIR, CourseSpec, plain_text


@dataclass(frozen=True)
class Target:
    formula: str  # name shown to authors
    min_ease: float  # Flesch reading ease at least
    max_words_per_sentence: float  # on average


TARGETS: dict[str, Target] = {
    "de": Target("Flesch-Amstad", min_ease=50, max_words_per_sentence=15),
    "en": Target("Flesch", min_ease=50, max_words_per_sentence=15),
}


@dataclass(frozen=True)
class Readability:
    words: int
    sentences: int
    words_per_sentence: float
    ease: float


def _statistics(locale: str) -> textstatistics:
    """One textstat object per language: `set_lang` picks the formula's coefficients and the
    hyphenation dictionary (pyphen) that counts syllables, so the module-level `textstat`
    object, shared by everyone, is left alone."""
    statistics = textstatistics()
    statistics.set_lang(locale)
    return statistics


_STATISTICS = {locale: _statistics(locale) for locale in TARGETS}

# Full stops that do not end a sentence: textstat counts every ".", "!" and "?" as an end.
_MONTHS = "Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"
_ABBREVIATIONS = (
    "Abs|Nr|Art|Ziff|Buchst|ff|Dr|Prof|St|Mio|Mrd|bzw|vgl|ca|ggf|inkl|evtl|sog|zzgl|bspw|"
    "Hrsg|Aufl|Tel|approx|para|paras|No|Nos|Sec|vs|resp"
)
_NOT_AN_END = [
    (re.compile(r"(?<=\d)\.(?=\d)"), ""),  # 50.000 Euro, 01.01.2026
    (re.compile(rf"\b(\d{{1,2}})\.(?=[ \t]+(?:\d|{_MONTHS}))"), r"\1"),  # am 1. Januar 2026
    (re.compile(r"(?<![^\W\d_])([^\W\d_])\.(?=[ \t]*\S)"), r"\1"),  # z. B., e.V., e.g., i.e.
    (re.compile(rf"\b({_ABBREVIATIONS})\.(?=[ \t]*\S)"), r"\1"),  # § 64 Abs. 3 AO, Nr. 8
]


def sentence_text(markdown: str) -> str:
    """The running text, without the full stops of abbreviations, numbers and dates."""
    text = plain_text(markdown)
    for pattern, replacement in _NOT_AN_END:
        text = pattern.sub(replacement, text)
    return text


def measure(markdown: str, locale: str) -> Readability:
    """Readability of one lesson body written in `locale` ("de" or "en")."""
    statistics = _STATISTICS[locale]
    text = sentence_text(markdown)
    words = statistics.lexicon_count(text)
    if not words:
        return Readability(0, 0, 0.0, 0.0)
    return Readability(
        words=words,
        sentences=statistics.sentence_count(text),
        words_per_sentence=statistics.words_per_sentence(text),
        ease=statistics.flesch_reading_ease(text),
    )


def check_readability(course: CourseSpec, root: Path | None = None) -> list[Problem]:
    """One info line with the figures of every lesson and language, and a warning for each
    target a lesson misses."""
    problems: list[Problem] = []
    for lesson in course.lessons:
        for locale, target in TARGETS.items():
            if locale not in lesson.markdown:
                continue
            path = course.folder / LESSONS_DIR / f"{lesson.id}.{locale}.md"
            report = Report(display_path(path, root))
            figures = measure(lesson.markdown[locale], locale)
            if not figures.words:
                report.info(1, Message("readability: no running text to measure"))
                problems += report.problems
                continue
            report.info(
                1,
                Message(
                    "readability: %(formula)s %(ease).1f, %(words_per_sentence).1f words per "
                    "sentence (%(words)d words, %(sentences)d sentences)",
                    formula=target.formula,
                    ease=figures.ease,
                    words_per_sentence=figures.words_per_sentence,
                    words=figures.words,
                    sentences=figures.sentences,
                ),
            )
            if figures.ease < target.min_ease:
                report.warn(
                    1,
                    Message(
                        "hard to read: %(formula)s reading ease %(ease).1f, the target is at "
                        "least %(target).0f (plain language, about CEFR B1): use shorter words "
                        "and sentences",
                        formula=target.formula,
                        ease=figures.ease,
                        target=target.min_ease,
                    ),
                )
            if figures.words_per_sentence > target.max_words_per_sentence:
                report.warn(
                    1,
                    Message(
                        "long sentences: %(words_per_sentence).1f words per sentence on "
                        "average, the target is at most %(target).0f: split long sentences, "
                        "one idea per sentence",
                        words_per_sentence=figures.words_per_sentence,
                        target=target.max_words_per_sentence,
                    ),
                )
            problems += report.problems
    return problems
