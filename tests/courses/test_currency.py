"""A lesson's `reviewed:` and the checks of how current its facts are: the review date
(missing, due, in the future) and sources that use a ministry's or law's old name."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from flask import Flask
from hypothesis import given
from hypothesis import strategies as st

from qualify.cli import main
from qualify.courses.coursefile import Review, lesson_file_text, load_course, read_lesson_text
from qualify.courses.currency import (
    RENAMES_FILE,
    Rename,
    ReviewRule,
    check_currency,
    load_renames,
    read_renames,
    renamed_in,
    review_due,
    source_dates,
)
from tests.courses.test_checks import LESSON_DE, LESSON_EN, found, line_with, write_course

REVIEWED = "reviewed:\n  on: 2026-12-06\n  by: qualify-Redaktion\n"
DAY = dt.date(2026, 12, 6)


def german(header_extra: str = REVIEWED, sources: str = '  - "§ 21 BGB"\n') -> str:
    return (
        f"---\n{header_extra}title: Der Verein\nminutes: 10\nsources:\n{sources}---\n"
        "Ein Verein hat eine Satzung. Die Mitglieder wählen den Vorstand.\n"
    )


def course_with(tmp_path: Path, de: str = LESSON_DE, en: str = LESSON_EN):
    folder = write_course(tmp_path, lessons={"verein.de.md": de, "verein.en.md": en})
    return folder, *load_course(folder, folder.parent)


# `reviewed:` in the lesson file


def test_a_review_is_read_from_the_german_file(tmp_path: Path) -> None:
    _folder, spec, problems = course_with(tmp_path, de=german())
    assert problems == []
    assert spec.lessons[0].reviewed == Review(DAY, "qualify-Redaktion")
    assert spec.lessons[0].lines["de"].reviewed == 2


def test_a_quoted_iso_date_is_a_date_too() -> None:
    text, problems = read_lesson_text(german('reviewed: {on: "2026-12-06", by: Ada}\n'), "x")
    assert problems == [] and text.reviewed == Review(DAY, "Ada")


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (
            "reviewed:\n  on: 6.12.2026\n  by: Ada\n",
            "'on' must be a date written YYYY-MM-DD, not '6.12.2026'",
        ),
        (
            "reviewed:\n  on: 2026-12-06 10:00\n  by: Ada\n",
            "'on' must be a date written YYYY-MM-DD, not '2026-12-06 10:00'",
        ),
        ("reviewed:\n  on: 2026-12-06\n  by: ''\n", "missing 'by'"),
        ("reviewed:\n  on: 2026-12-06\n  von: Ada\n", "unknown key 'von'"),
        (
            "reviewed: 2026-12-06\n",
            "'reviewed' needs 'on' (the date, YYYY-MM-DD) and 'by' (who checked) below it",
        ),
    ],
)
def test_a_broken_review_is_an_error_at_its_line(tmp_path: Path, header: str, message: str) -> None:
    folder, spec, problems = course_with(tmp_path, de=german(header))
    assert spec is None
    path = folder / "lessons" / "verein.de.md"
    wrong = next(line for line in header.splitlines() if message.split("'")[1] in line)
    assert (line_with(path, wrong), "error", message) in found(problems, "verein.de.md")


def test_a_missing_date_is_named_at_the_review(tmp_path: Path) -> None:
    _folder, spec, problems = course_with(tmp_path, de=german("reviewed:\n  by: Ada\n"))
    assert spec is None and found(problems, "verein.de.md") == [(3, "error", "missing 'on'")]


def test_a_day_that_does_not_exist_is_named_at_its_line(tmp_path: Path) -> None:
    """YAML itself refuses 2026-02-30, without saying where: the check finds the line."""
    _folder, spec, problems = course_with(tmp_path, de=german(REVIEWED.replace("12-06", "02-30")))
    [(line, severity, message)] = found(problems, "verein.de.md")
    assert (spec, line, severity) == (None, 3, "error")
    assert message.startswith("invalid YAML: day is out of range")


def test_the_english_file_has_no_review_of_its_own(tmp_path: Path) -> None:
    """The facts are checked in the German lesson; the translation follows it (its status
    is the translation mark's business), so two dates can never disagree."""
    english = LESSON_EN.replace("---\ntitle", f"---\n{REVIEWED}title", 1)
    _folder, spec, problems = course_with(tmp_path, de=german(), en=english)
    assert spec is None
    assert found(problems, "verein.en.md") == [
        (
            2,
            "error",
            "'reviewed' belongs in the German file only: the translation follows the German lesson",
        )
    ]


def test_the_writer_puts_the_review_first_and_reads_back_as_written() -> None:
    review = Review(DAY, "qualify-Redaktion")
    text = lesson_file_text("Der Verein", 10, ["§ 21 BGB"], "Text.", review)
    assert text.startswith("---\nreviewed:\n  on: 2026-12-06\n  by: qualify-Redaktion\ntitle:")
    parsed, problems = read_lesson_text(text, "x")
    assert problems == [] and parsed.reviewed == review
    assert "reviewed" not in lesson_file_text("The association", 10, ["BGB"], "Text.")


# When a review is due


def test_a_review_is_due_the_given_number_of_months_later() -> None:
    assert review_due(DAY, 12) == dt.date(2027, 12, 6)
    assert review_due(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
    assert review_due(dt.date(2027, 8, 31), 6) == dt.date(2028, 2, 29)
    assert review_due(dt.date(2026, 1, 15), 1) == dt.date(2026, 2, 15)


@given(st.dates(dt.date(2000, 1, 1), dt.date(2090, 12, 31)), st.integers(1, 120))
def test_a_review_period_is_about_its_months_long(on: dt.date, months: int) -> None:
    days = (review_due(on, months) - on).days
    assert 28 * months - 3 <= days <= 31 * months


def warnings(tmp_path: Path, de: str, rule: ReviewRule) -> list[tuple[int, str, str]]:
    folder, spec, problems = course_with(tmp_path, de=de)
    assert problems == [], problems
    return found(check_currency(spec, rule, folder.parent), "verein.de.md")


def test_a_lesson_without_a_review_is_warned_about(tmp_path: Path) -> None:
    assert warnings(tmp_path, LESSON_DE, ReviewRule(DAY)) == [
        (
            1,
            "warning",
            "no 'reviewed': add when the lesson's facts were last checked and by whom "
            "(reviewed: on: YYYY-MM-DD, by: ...)",
        )
    ]


@pytest.mark.parametrize(
    ("today", "months", "due"),
    [
        (dt.date(2027, 12, 6), 12, None),  # twelve months old is not older than twelve
        (dt.date(2027, 12, 7), 12, "2027-12-06"),
        (dt.date(2027, 6, 6), 6, None),
        (dt.date(2027, 6, 7), 6, "2027-06-06"),
        (dt.date(2026, 12, 6), 12, None),
    ],
)
def test_a_review_older_than_the_period_is_due(
    tmp_path: Path, today: dt.date, months: int, due: str | None
) -> None:
    found_ = warnings(tmp_path, german(), ReviewRule(today, months))
    if due is None:
        assert found_ == []
    else:
        assert found_ == [
            (
                2,
                "warning",
                "the facts were last checked on 2026-12-06 (qualify-Redaktion) and are due for "
                f"review since {due}: check figures, laws and sources again, then update "
                "'reviewed'",
            )
        ]


def test_a_review_dated_after_today_is_warned_about(tmp_path: Path) -> None:
    assert warnings(tmp_path, german(), ReviewRule(dt.date(2026, 12, 5))) == [
        (2, "warning", "'reviewed' is dated 2026-12-06, after today (2026-12-05)")
    ]


def test_the_command_judges_reviews_on_the_day_given_and_the_sites_period(
    app: Flask, tmp_path: Path
) -> None:
    write_course(tmp_path, lessons={"verein.de.md": german()})
    (tmp_path / "certificates").mkdir()

    def check(*extra: str) -> str:
        args = ["content", "check", str(tmp_path / "content"), "--certificates"]
        result = app.test_cli_runner().invoke(
            main, [*args, str(tmp_path / "certificates"), *extra], catch_exceptions=False
        )
        assert result.exit_code == 0, result.output
        return result.output

    assert "due for review" not in check("--as-of", "2027-12-06")
    assert "verein.de.md:2: warning: the facts were last checked" in check("--as-of", "2027-12-07")
    app.config["REVIEW_MONTHS"] = 6
    assert "due for review since 2027-06-06" in check("--as-of", "2027-12-06")


# Sources that use an old name

TMG = Rename(
    ("Telemediengesetz", "TMG"), ("Digitale-Dienste-Gesetz", "DDG"), dt.date(2024, 5, 14), ""
)
BMFSFJ = Rename(
    ("Bundesministerium für Familie, Senioren, Frauen und Jugend", "BMFSFJ", "Federal Ministry"),
    ("Bundesministerium für Bildung, Familie, Senioren, Frauen und Jugend", "BMBFSFJ", "FM new"),
    dt.date(2025, 5, 6),
    "",
)
BMBF = Rename(("BMBF",), ("BMFTR", "BMBFSFJ"), dt.date(2025, 5, 6), "")


@pytest.mark.parametrize(
    ("line", "warned"),
    [
        ("§ 5 TMG, https://www.gesetze-im-internet.de/tmg/", True),  # cited as if current
        ("Telemediengesetz (TMG) vom 26.2.2007", False),  # the law of its time
        ("IHK Nürnberg: Impressumspflicht – Das TMG wird zum DDG, https://ihk.de", False),
        ("BMFSFJ: Achter Familienbericht, 2012", False),  # a publication of its time
        ("BMFSFJ: Demokratie leben! – Förderperiode 2025 bis 2032", True),  # 2025: after May?
        ("BMFSFJ: Bericht, April 2025", False),  # the whole month lies before the change
        ("BMFSFJ: Bericht, Mai 2025", True),  # may be after 6 May
        ("BMFSFJ: Bericht, 5. Mai 2025", False),
        ("BMFSFJ: Bericht, 2025-05-06", True),  # the day of the change: the new name
        ("BMFSFJ: Bericht, May 5, 2025", False),
        ("BMFSFJ, https://www.bmfsfj.de/2019/bericht.pdf", True),  # no date outside the address
        ("BMBFSFJ: Kinder- und Jugendplan, 2026", False),  # BMBF is no word in BMBFSFJ
        ("BMBF-Programm Integration durch Bildung, 2026", True),  # a hyphen ends a word
        ("Minor – Projektkontor für Bildung und Forschung, 2024", False),
    ],
)
def test_a_source_line_with_an_old_name(line: str, warned: bool) -> None:
    assert bool(renamed_in(line, [TMG, BMFSFJ, BMBF])) is warned


def test_a_warned_source_is_named_at_its_line_with_the_new_name_at_the_same_place(
    tmp_path: Path,
) -> None:
    sources = '  - "§ 21 BGB"\n  - "Federal Ministry: Demokratie leben!, https://x.de"\n'
    folder, spec, problems = course_with(tmp_path, de=german(sources=sources))
    warned = check_currency(spec, ReviewRule(DAY), folder.parent, renames=[BMFSFJ])
    assert found(warned, "verein.de.md") == [
        (
            9,
            "warning",
            "'Federal Ministry' has been called 'FM new' since 2025-05-06: use the new name, or "
            "date this source before the change if it cites a work of that time",
        )
    ]


def test_source_dates_are_periods() -> None:
    assert source_dates("KVG LSA vom 17.6.2014, zuletzt geändert 2024, GVBl. S. 288") == [
        (dt.date(2014, 6, 17), dt.date(2014, 6, 17)),
        (dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
    ]
    assert source_dates("Satzung vom 31. Mai 2023; Stand: Dezember 2024") == [
        (dt.date(2023, 5, 31), dt.date(2023, 5, 31)),
        (dt.date(2024, 12, 1), dt.date(2024, 12, 31)),
    ]
    assert source_dates("Verordnung (EU) 2022/2065, https://eur-lex.europa.eu/2016/679") == [
        (dt.date(2022, 1, 1), dt.date(2022, 12, 31))
    ]
    assert source_dates("§ 21 BGB; 31.2.2025 is no day") == []


def test_the_shipped_list_of_renamed_names_reads_and_is_sourced() -> None:
    renames = load_renames()
    by_old = {rename.old[0]: rename for rename in renames}
    assert by_old["Telemediengesetz"].since == dt.date(2024, 5, 14)
    assert by_old["Telemediengesetz"].new[0] == "Digitale-Dienste-Gesetz"
    ministry = by_old["Bundesministerium für Familie, Senioren, Frauen und Jugend"]
    assert ministry.since == dt.date(2025, 5, 6) and "BMBFSFJ" in ministry.new
    for rename in renames:
        assert "https://" in rename.source, rename.old[0]
        assert not set(rename.old) & set(rename.new), rename.old[0]
    _renames, problems = read_renames(RENAMES_FILE.read_text(encoding="utf-8"), "x")
    assert problems == []


def test_a_broken_list_of_renamed_names_names_its_line() -> None:
    text = "renamed:\n  - old: [TMG]\n    new: [DDG]\n    since: bald\n    source: x\n"
    renames, problems = read_renames(text, "renamed_names.yaml")
    assert renames == ()
    assert [str(p) for p in problems] == [
        "renamed_names.yaml:4: error: renamed[0]: 'since' must be a date"
    ]
