"""Readability figures of lessons: plain text, the formula per language, targets."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualify.core.contentfile import Problem, has_errors
from qualify.courses.coursefile import load_course, plain_text
from qualify.courses.readability import TARGETS, check_readability, measure, sentence_text

EASY_DE = "Der Hund bellt laut. Die Katze schläft gut."  # 8 words, 9 syllables, 2 sentences
EASY_EN = "The cat sat on the mat. The dog ran to the park."  # 12 words, 12 syllables
HARD_DE = (
    "Die Zuwendungsbestätigungsverpflichtung des gemeinnützigen Vereins gegenüber den "
    "Finanzbehörden ergibt sich aus den einschlägigen Vorschriften der Abgabenordnung in "
    "Verbindung mit den entsprechenden Anwendungserlassen."
)
HARD_EN = (
    "The association's documentation obligations regarding administrative authorities "
    "originate from the corresponding regulatory provisions of the national fiscal code."
)


def test_plain_text_keeps_running_text_and_drops_markdown() -> None:
    markdown = """\
## Eine Überschrift

Ein Absatz mit **fett**, *kursiv* und einem [Link](https://example.org/seite).
Er geht weiter <https://example.org> und nennt www.example.org auch.

- Erster Punkt
- Zweiter Punkt:
  1. Unterpunkt

> Ein Zitat

| Spalte | Wert |
| --- | ---: |
| Spenden | 2.800 € |

```
code bleibt draußen
```
"""
    assert plain_text(markdown) == (
        "Ein Absatz mit fett, kursiv und einem Link. Er geht weiter und nennt auch.\n"
        "Erster Punkt.\n"
        "Zweiter Punkt.\n"
        "Unterpunkt.\n"
        "Ein Zitat.\n"
        "Spenden, 2.800 €."
    )


def test_plain_text_with_headings_keeps_headings_and_table_headers() -> None:
    markdown = "## Die Kassenprüfung\n\n| Bereich | Betrag |\n| - | - |\n| Spenden | 5 € |\n"
    assert plain_text(markdown, headings=True) == (
        "Die Kassenprüfung.\nBereich, Betrag.\nSpenden, 5 €."
    )


def test_plain_text_keeps_the_gender_star_as_part_of_the_word() -> None:
    assert plain_text("Die Teilnehmer*innen und Berater*innen kommen.") == (
        "Die Teilnehmer*innen und Berater*innen kommen."
    )


def test_full_stops_of_abbreviations_numbers_and_dates_do_not_end_sentences() -> None:
    text = (
        "Seit dem 1. Januar 2026 gilt § 64 Abs. 3 AO mit 50.000 Euro, z. B. für die "
        "Elbbrücke e.V. in Halle. Das steht in Nr. 8 und gilt ab 01.01.2026 für alle. "
        "Vereine, d.h. alle Vereine, müssen das wissen."
    )
    assert sentence_text(text) == (
        "Seit dem 1 Januar 2026 gilt § 64 Abs 3 AO mit 50000 Euro, z B für die "
        "Elbbrücke eV in Halle. Das steht in Nr 8 und gilt ab 01012026 für alle. "
        "Vereine, dh alle Vereine, müssen das wissen."
    )
    assert measure(text, "de").sentences == 3


def test_german_uses_amstads_formula() -> None:
    figures = measure(EASY_DE, "de")
    assert (figures.words, figures.sentences, figures.words_per_sentence) == (8, 2, 4.0)
    # Amstad: 180 - words per sentence - 58.5 x syllables per word (9 / 8)
    assert figures.ease == pytest.approx(180 - 4.0 - 58.5 * 9 / 8)
    assert figures.ease != pytest.approx(206.835 - 1.015 * 4.0 - 84.6 * 9 / 8)


def test_english_uses_fleschs_formula() -> None:
    figures = measure(EASY_EN, "en")
    assert (figures.words, figures.sentences, figures.words_per_sentence) == (12, 2, 6.0)
    assert figures.ease == pytest.approx(206.835 - 1.015 * 6.0 - 84.6 * 12 / 12)


def test_empty_text_measures_zero() -> None:
    assert measure("## Nur eine Überschrift\n", "de").words == 0


def test_targets_are_plain_language() -> None:
    assert TARGETS["de"].min_ease == 50 and TARGETS["de"].max_words_per_sentence == 15
    assert TARGETS["en"].min_ease == 50 and TARGETS["en"].max_words_per_sentence == 15


def write_course(root: Path, lessons: dict[str, str | None]) -> Path:
    folder = root / "content" / "kurs"
    (folder / "lessons").mkdir(parents=True)
    (folder / "course.yaml").write_text(
        "id: kurs\ntitle: {de: Kurs, en: Course}\nsummary: {de: Kurs., en: Course.}\n"
        "objectives: {de: [lernen], en: [learn]}\nduration_minutes: 30\n"
        f"lessons: [{', '.join(sorted({name.split('.')[0] for name in lessons}))}]\n",
        encoding="utf-8",
    )
    for name, body in lessons.items():
        if body is not None:
            (folder / "lessons" / name).write_text(
                f'---\ntitle: Titel\nminutes: 5\nsources: ["Quelle"]\n---\n{body}\n',
                encoding="utf-8",
            )
    return folder


def readability(root: Path, lessons: dict[str, str | None]) -> list[Problem]:
    spec, problems = load_course(write_course(root, lessons), root / "content")
    assert spec is not None, problems
    return check_readability(spec, root / "content")


def test_easy_lessons_get_one_info_line_per_language(tmp_path: Path) -> None:
    problems = readability(tmp_path, {"leicht.de.md": EASY_DE, "leicht.en.md": EASY_EN})
    assert [(p.path, p.line, p.severity) for p in problems] == [
        ("content/kurs/lessons/leicht.de.md", 1, "info"),
        ("content/kurs/lessons/leicht.en.md", 1, "info"),
    ]
    assert problems[0].message == (
        "readability: Flesch-Amstad 110.2, 4.0 words per sentence (8 words, 2 sentences)"
    )
    assert problems[1].message == (
        "readability: Flesch 116.1, 6.0 words per sentence (12 words, 2 sentences)"
    )
    assert not has_errors(problems)


def test_hard_lessons_get_a_warning_per_missed_target(tmp_path: Path) -> None:
    problems = readability(tmp_path, {"schwer.de.md": HARD_DE, "schwer.en.md": HARD_EN})
    de = [p for p in problems if p.path.endswith(".de.md")]
    assert [p.severity for p in de] == ["info", "warning", "warning"]
    assert de[0].message.startswith("readability: Flesch-Amstad -6.9, 22.0 words per sentence")
    assert de[1].message.startswith(
        "hard to read: Flesch-Amstad reading ease -6.9, the target is at least 50"
    )
    assert de[2].message.startswith(
        "long sentences: 22.0 words per sentence on average, the target is at most 15"
    )
    en = [p for p in problems if p.path.endswith(".en.md")]
    assert [(p.severity, p.message.split(":")[0]) for p in en] == [
        ("info", "readability"),
        ("warning", "hard to read"),
        ("warning", "long sentences"),
    ]
    assert not has_errors(problems)


def test_short_words_in_long_sentences_miss_only_the_sentence_target(tmp_path: Path) -> None:
    long_sentence = " ".join(["Der Hund und die Katze"] * 4) + " sind da."  # 22 words
    problems = readability(tmp_path, {"lang.de.md": long_sentence})
    assert [(p.severity, p.message.split(":")[0]) for p in problems] == [
        ("info", "readability"),
        ("warning", "long sentences"),
    ]


def test_a_missing_english_lesson_is_not_measured(tmp_path: Path) -> None:
    problems = readability(tmp_path, {"nur.de.md": EASY_DE, "nur.en.md": None})
    assert [p.path for p in problems] == ["content/kurs/lessons/nur.de.md"]


def test_a_lesson_without_running_text_is_noted_not_warned(tmp_path: Path) -> None:
    problems = readability(
        tmp_path, {"leer.de.md": "## Nur eine Überschrift", "leer.en.md": EASY_EN}
    )
    assert (problems[0].severity, problems[0].message) == (
        "info",
        "readability: no running text to measure",
    )
