"""Whether a lesson's facts are current: when they were last reviewed, and whether a source
names a ministry or law by a name that has since changed. Pure: no Flask, no database.

The review check depends on the day it runs, so it takes `today` (ReviewRule) instead of
reading a clock: `qualify content check` passes the current date, tests a fixed one.
docs/content-format.md ("Review dates" and "Sources that use an old name") gives the rules.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from qualify.core.contentfile import Fields, Problem, Report, display_path, load_yaml_text
from qualify.core.messages import Message
from qualify.courses.coursefile import LESSONS_DIR, REVIEW_LOCALE, CourseSpec, LessonSpec

RENAMES_FILE = Path(__file__).with_name("renamed_names.yaml")
DEFAULT_REVIEW_MONTHS = 12


@dataclass(frozen=True)
class ReviewRule:
    """A lesson's review is due `months` after its date; `today` decides whether it is."""

    today: dt.date
    months: int = DEFAULT_REVIEW_MONTHS


@dataclass(frozen=True)
class Rename:
    """A name that changed on `since`. `old` and `new` list full names, abbreviations and
    English names in the same order, so the new name at an old name's place replaces it."""

    old: tuple[str, ...]
    new: tuple[str, ...]
    since: dt.date
    source: str

    def names_in(self, line: str) -> tuple[str, str]:
        """The old name as `line` writes it, and the new name to use instead."""
        index, old = next((i, n) for i, n in enumerate(self.old) if _whole_word(n).search(line))
        return old, self.new[index] if index < len(self.new) else self.new[0]


def check_currency(
    course: CourseSpec,
    rule: ReviewRule,
    root: Path | None = None,
    renames: Sequence[Rename] | None = None,
) -> list[Problem]:
    """Warnings for every lesson of `course` whose review is missing, due or in the future,
    and for every source line that uses a name changed since (see `renamed_in`)."""
    renames = load_renames() if renames is None else renames
    problems: list[Problem] = []
    for lesson in course.lessons:
        problems += _review_problems(course, lesson, rule, root)
        for locale, lines in lesson.sources.items():
            report = Report(_lesson_path(course, lesson, locale, root))
            numbers = lesson.lines[locale].sources if locale in lesson.lines else ()
            for index, line in enumerate(lines):
                number = numbers[index] if index < len(numbers) else 1
                for rename in renamed_in(line, renames):
                    old, new = rename.names_in(line)
                    report.warn(
                        number,
                        Message(
                            "%(old)r has been called %(new)r since %(since)s: use the new "
                            "name, or date this source before the change if it cites a work "
                            "of that time",
                            old=old,
                            new=new,
                            since=rename.since.isoformat(),
                        ),
                    )
            problems += report.problems
    return problems


def _review_problems(
    course: CourseSpec, lesson: LessonSpec, rule: ReviewRule, root: Path | None
) -> list[Problem]:
    report = Report(_lesson_path(course, lesson, REVIEW_LOCALE, root))
    review = lesson.reviewed
    line = lesson.lines[REVIEW_LOCALE].reviewed if REVIEW_LOCALE in lesson.lines else 1
    if review is None:
        report.warn(
            line,
            Message(
                "no 'reviewed': add when the lesson's facts were last checked and by whom "
                "(reviewed: on: YYYY-MM-DD, by: ...)"
            ),
        )
    elif review.on > rule.today:
        report.warn(
            line,
            Message(
                "'reviewed' is dated %(date)s, after today (%(today)s)",
                date=review.on.isoformat(),
                today=rule.today.isoformat(),
            ),
        )
    elif rule.today > (due := review_due(review.on, rule.months)):
        report.warn(
            line,
            Message(
                "the facts were last checked on %(date)s (%(by)s) and are due for review since "
                "%(due)s: check figures, laws and sources again, then update 'reviewed'",
                date=review.on.isoformat(),
                by=review.by,
                due=due.isoformat(),
            ),
        )
    return report.problems


def _lesson_path(course: CourseSpec, lesson: LessonSpec, locale: str, root: Path | None) -> str:
    return display_path(course.folder / LESSONS_DIR / f"{lesson.id}.{locale}.md", root)


def review_due(reviewed_on: dt.date, months: int) -> dt.date:
    """The day a review made on `reviewed_on` is `months` old (the month's last day when
    it is shorter: 31 August + 6 months is 28 or 29 February)."""
    month_index = reviewed_on.month - 1 + months
    year, month = reviewed_on.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(reviewed_on.day, calendar.monthrange(year, month)[1]))


# Renamed institutions and laws --------------------------------------------------------


def renamed_in(line: str, renames: Sequence[Rename]) -> list[Rename]:
    """The renames whose old name `line` uses, where it should not.

    A line that also names the new name is about the change itself ("Das TMG wird zum
    DDG"); a line dated before the change cites a work under its name of the time. A line
    counts as dated before the change when one of the dates it names lies wholly before it:
    the year 2023, May 2025 up to its last day, 17.6.2014 (dates inside web addresses do not
    count). A line without any such date is taken to cite the present."""
    found = []
    for rename in renames:
        if not _names_any(line, rename.old) or _names_any(line, rename.new):
            continue
        if any(last < rename.since for _first, last in source_dates(line)):
            continue
        found.append(rename)
    return found


def _names_any(line: str, names: Sequence[str]) -> bool:
    return any(_whole_word(name).search(line) for name in names)


@functools.cache
def _whole_word(name: str) -> re.Pattern[str]:
    """`name` as written, not inside a longer word (BMBF is not found in BMBFSFJ); a hyphen
    ends a word, so "TMG-Impressum" names the TMG."""
    return re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")


_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("Januar", "Jänner", "January", "Jan"),
            ("Februar", "February", "Feb"),
            ("März", "March", "Mar"),
            ("April", "Apr"),
            ("Mai", "May"),
            ("Juni", "June", "Jun"),
            ("Juli", "July", "Jul"),
            ("August", "Aug"),
            ("September", "Sept", "Sep"),
            ("Oktober", "October", "Okt", "Oct"),
            ("November", "Nov"),
            ("Dezember", "December", "Dez", "Dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "(" + "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True)) + r")\.?"
_YEAR = r"((?:19|20)\d\d)"
_ADDRESS = re.compile(r"(?:https?://|www\.)\S+")
# Most precise first: a span that one pattern took is not read again by the next.
_DATE_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"(?<!\d){_YEAR}-(\d\d)-(\d\d)(?!\d)"), "ymd"),  # 2026-12-06
    (re.compile(rf"(?<![\d.])(\d{{1,2}})\.\s?(\d{{1,2}})\.\s?{_YEAR}(?!\d)"), "dmy"),  # 6.12.2026
    (re.compile(rf"(?<!\d)(\d{{1,2}})\.?\s+{_MONTH}\s+{_YEAR}(?!\d)"), "d-month-y"),  # 6. Mai
    (re.compile(rf"(?<!\w){_MONTH}\s+(\d{{1,2}}),\s+{_YEAR}(?!\d)"), "month-d-y"),  # May 6, 2025
    (re.compile(rf"(?<!\w){_MONTH}\s+{_YEAR}(?!\d)"), "month-y"),  # Dezember 2024
    (re.compile(rf"(?<![\d/]){_YEAR}(?!\d)"), "y"),  # 2023 (not the 2065 of "2022/2065")
]


def source_dates(line: str) -> list[tuple[dt.date, dt.date]]:
    """Every date a source line names, as the first and last day it may mean: a day, a
    month or a year. Web addresses are left out (their numbers are rarely dates)."""
    text = _ADDRESS.sub(" ", line)
    dates = []
    for pattern, form in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            span = _period(form, match.groups())
            if span is not None:
                dates.append(span)
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    return dates


def _period(form: str, parts: tuple[str, ...]) -> tuple[dt.date, dt.date] | None:
    try:
        if form == "ymd":
            day = dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
        elif form == "dmy":
            day = dt.date(int(parts[2]), int(parts[1]), int(parts[0]))
        elif form == "d-month-y":
            day = dt.date(int(parts[2]), _MONTHS[parts[1]], int(parts[0]))
        elif form == "month-d-y":
            day = dt.date(int(parts[2]), _MONTHS[parts[0]], int(parts[1]))
        elif form == "month-y":
            year, month = int(parts[1]), _MONTHS[parts[0]]
            last = calendar.monthrange(year, month)[1]
            return dt.date(year, month, 1), dt.date(year, month, last)
        else:
            year = int(parts[0])
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:  # 31.2.2025 is no day
        return None
    return day, day


@functools.cache
def load_renames(path: Path = RENAMES_FILE) -> tuple[Rename, ...]:
    """The list of renamed institutions and laws shipped with the package. Raises
    ValueError naming file and line when it is broken (a test reads it)."""
    renames, problems = read_renames(path.read_text(encoding="utf-8"), str(path))
    if problems:
        raise ValueError("\n".join(str(problem) for problem in problems))
    return renames


def read_renames(text: str, path: str) -> tuple[tuple[Rename, ...], list[Problem]]:
    report = Report(path)
    node = load_yaml_text(text, report)
    if node is None:
        return (), report.problems
    fields = Fields(node, report)
    fields.unknown_keys({"renamed"})
    renames = []
    for index, (item, line) in enumerate(fields.items("renamed")):
        entry = Fields(item, report, where=line)
        if not entry.ok:
            continue
        entry.unknown_keys({"old", "new", "since", "source", "checked"})
        old, new = _names(entry, "old"), _names(entry, "new")
        since = entry.node.get("since")
        if not isinstance(since, dt.date) or isinstance(since, dt.datetime):
            report.error(entry.line_at("since"), f"renamed[{index}]: 'since' must be a date")
            continue
        source = entry.text("source")
        if old and new and source:
            renames.append(Rename(old, new, dt.date(since.year, since.month, since.day), source))
    return tuple(renames), report.problems


def _names(entry: Fields, key: str) -> tuple[str, ...]:
    names = tuple(str(item).strip() for item, _line in entry.items(key) if str(item or "").strip())
    if not names:
        entry.report.error(entry.line_at(key), f"{key!r} must list at least one name")
    return names
