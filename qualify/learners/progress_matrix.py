"""The cohort's progress matrix: per participant, each required course's state, workshop
hours, the qualification's state and whether they are at risk of dropping out. Pure: plain
facts in, rows out, so the page, its exports and the benchmark share one computation.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from qualify.assessment.policy import QuizResult


class CourseState(enum.StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    PASSED = "passed"
    FAILED = "failed"


class QualificationState(enum.StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"
    """Every requirement met; the certificate is not (yet) issued."""
    CERTIFIED = "certified"


class Sort(enum.StrEnum):
    NAME = "name"
    QUIET_FIRST = "quiet_first"
    """Longest without activity first: whom to call."""
    ACTIVE_FIRST = "active_first"


AT_RISK = "at_risk"  # a filter besides the qualification states
FILTERS = (AT_RISK, *QualificationState)


@dataclass(frozen=True)
class RequiredCourse:
    course_id: int
    title: str
    lessons: int
    min_percent: int | None
    """The qualification's minimum score; None: the quiz's own pass mark."""


@dataclass(frozen=True)
class ParticipantFacts:
    user_id: int
    name: str
    email: str
    organisation: str
    joined_at: dt.datetime
    enrolled: frozenset[int]
    lessons_done: Mapping[int, int]
    """Completed lessons per course id."""
    results: Mapping[int, QuizResult]
    """Counted quiz result per course id."""
    hours: float
    certified: bool
    last_activity: dt.datetime | None
    requirements_met: bool = False
    """Every requirement of the qualification is met (certificates.rules.evaluate: lessons,
    electives and assignment included), only a trainer's sign-off may be missing."""


@dataclass(frozen=True)
class CourseCell:
    state: CourseState
    percent: int
    """Lessons done, in percent."""
    score: float | None
    """The counted quiz score, once graded."""
    below_minimum: bool
    """Passed the quiz, but below the qualification's minimum score."""


@dataclass(frozen=True)
class MatrixRow:
    facts: ParticipantFacts
    cells: tuple[CourseCell, ...]
    hours_due: float
    state: QualificationState
    at_risk: bool
    quiet_days: int
    """Days since the last activity (or since joining, for someone never active)."""


def course_cell(course: RequiredCourse, facts: ParticipantFacts) -> CourseCell:
    done = facts.lessons_done.get(course.course_id, 0)
    percent = round(100 * done / course.lessons) if course.lessons else 0
    result = facts.results.get(course.course_id)
    if result is not None:
        state = CourseState.PASSED if result.passed else CourseState.FAILED
        below = result.passed and course.min_percent is not None
        below = below and result.counted_percent < course.min_percent
        return CourseCell(state, percent, result.counted_percent, bool(below))
    started = course.course_id in facts.enrolled or done > 0
    state = CourseState.IN_PROGRESS if started else CourseState.NOT_STARTED
    return CourseCell(state, percent, None, False)


def qualification_state(
    cells: Sequence[CourseCell], hours_done: float, certified: bool, requirements_met: bool
) -> QualificationState:
    if certified:
        return QualificationState.CERTIFIED
    if requirements_met:
        return QualificationState.COMPLETE
    if hours_done > 0 or any(c.state is not CourseState.NOT_STARTED for c in cells):
        return QualificationState.IN_PROGRESS
    return QualificationState.NOT_STARTED


def matrix_row(
    facts: ParticipantFacts,
    courses: Sequence[RequiredCourse],
    hours_due: float,
    today: dt.date,
    at_risk_days: int,
    running: bool,
) -> MatrixRow:
    """One participant's row. At risk: the cohort is running, the qualification is not yet
    complete, and nothing happened for `at_risk_days` days (counted from joining for
    someone who never started)."""
    cells = tuple(course_cell(course, facts) for course in courses)
    state = qualification_state(cells, facts.hours, facts.certified, facts.requirements_met)
    since = facts.last_activity or facts.joined_at
    quiet_days = max(0, (today - since.date()).days)
    done = state in (QualificationState.COMPLETE, QualificationState.CERTIFIED)
    at_risk = running and not done and quiet_days >= at_risk_days
    return MatrixRow(facts, cells, hours_due, state, at_risk, quiet_days)


def chosen(rows: Iterable[MatrixRow], status: str | None, sort: Sort) -> list[MatrixRow]:
    """The rows a trainer asked for: one status (or AT_RISK, or all for None), in order."""
    picked = [
        row
        for row in rows
        if status is None or (row.at_risk if status == AT_RISK else row.state == status)
    ]

    def by_name(row: MatrixRow) -> tuple[str, int]:
        return ((row.facts.name or row.facts.email).casefold(), row.facts.user_id)

    picked.sort(key=by_name)
    if sort is Sort.QUIET_FIRST:
        picked.sort(key=lambda row: row.quiet_days, reverse=True)
    elif sort is Sort.ACTIVE_FIRST:
        picked.sort(key=lambda row: row.quiet_days)
    return picked


@dataclass(frozen=True)
class Week:
    starts_on: dt.date
    passed: int
    """Required courses passed by participants in this week."""
    total: int
    """Passed up to the end of this week."""


def weekly_passes(pass_days: Iterable[dt.date], first: dt.date, last: dt.date) -> list[Week]:
    """Courses passed per calendar week (Monday to Sunday) from the week of `first` to the
    week of `last`; passes before `first` count in the first week, after `last` not at all."""
    start = first - dt.timedelta(days=first.weekday())
    if last < start:
        return []
    counts: dict[dt.date, int] = {}
    for day in pass_days:
        if day > last:
            continue
        week = max(start, day - dt.timedelta(days=day.weekday()))
        counts[week] = counts.get(week, 0) + 1
    weeks, total, monday = [], 0, start
    while monday <= last:
        total += counts.get(monday, 0)
        weeks.append(Week(monday, counts.get(monday, 0), total))
        monday += dt.timedelta(days=7)
    return weeks
