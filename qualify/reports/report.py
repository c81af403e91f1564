"""The funder report: what the cohorts in scope reached in a period, per cohort, place or
qualification, with small groups withheld.

Pure: the service reads plain rows (ReportFacts), this module counts and suppresses. How
each measure is counted is written on the page and in docs/funder-report.md:

- people reached: distinct participants of the cohorts (all of them overlap the period),
  by the target group stated on their account, and in total;
- courses started: enrolments made in the period by those people in a course their
  cohort's qualification requires;
- courses completed: first passed quiz of such a course, when it falls in the period;
- certificates: issued in the period, for the cohort's qualification, not revoked;
- workshop sessions held in the period, their hours, the attendances recorded at them
  and the participants per session (attendances / sessions).

A person in two cohorts of one row counts once in it; the total row counts everyone once.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from qualify.reports.suppression import Equation, Mark, suppress


class GroupBy(enum.StrEnum):
    COHORT = "cohort"
    PLACE = "place"
    QUALIFICATION = "qualification"


class Column(enum.StrEnum):
    ADMINISTRATION = "administration"
    MIGRANT_ORGANISATION = "migrant_organisation"
    OTHER = "other"
    NOT_STATED = "not_stated"
    PEOPLE = "people"
    STARTED = "started"
    COMPLETED = "completed"
    CERTIFICATES = "certificates"
    SESSIONS = "sessions"
    HOURS = "hours"
    ATTENDANCES = "attendances"
    PER_SESSION = "per_session"


COLUMNS = tuple(Column)
TARGET_GROUPS = (Column.ADMINISTRATION, Column.MIGRANT_ORGANISATION, Column.OTHER)
BREAKDOWN = (*TARGET_GROUPS, Column.NOT_STATED)
# Columns that count people (or what people did): small numbers there are withheld.
PEOPLE_COLUMNS = (
    *BREAKDOWN,
    Column.PEOPLE,
    Column.STARTED,
    Column.COMPLETED,
    Column.CERTIFICATES,
    Column.ATTENDANCES,
)


@dataclass(frozen=True)
class CohortFacts:
    id: int
    name: str
    place: str
    qualification_id: int
    qualification_title: str
    courses: frozenset[str]  # slugs of the courses its qualification requires


@dataclass(frozen=True)
class SessionFacts:
    cohort_id: int
    hours: float
    attendances: int


@dataclass(frozen=True)
class ReportFacts:
    """What happened in the period, as the service read it (every list already limited
    to the period and to the participants of `cohorts`)."""

    cohorts: list[CohortFacts]
    members: list[tuple[int, int, str | None]]  # cohort id, user id, target group
    enrolments: list[tuple[int, str]] = field(default_factory=list)  # user, course
    completions: list[tuple[int, str]] = field(default_factory=list)  # user, course
    certificates: list[tuple[int, int]] = field(default_factory=list)  # user, qualification
    sessions: list[SessionFacts] = field(default_factory=list)


@dataclass(frozen=True)
class Cell:
    value: float
    mark: Mark

    @property
    def shown(self) -> bool:
        return self.mark == Mark.SHOWN


@dataclass(frozen=True)
class ReportRow:
    label: str
    cells: dict[Column, Cell]


@dataclass(frozen=True)
class FunderReport:
    group_by: GroupBy
    rows: list[ReportRow]
    total: ReportRow


def build_report(
    facts: ReportFacts, group_by: GroupBy, place_label: Callable[[str], str] = str
) -> FunderReport:
    """Count each group of cohorts and everything together, then withhold small groups."""
    groups = group_cohorts(facts.cohorts, group_by, place_label)
    counted = [(label, count(facts, cohorts)) for label, cohorts in groups]
    counted.append(("", count(facts, facts.cohorts)))
    values = [[_whole(counts[c]) for c in COLUMNS] for _, counts in counted]
    marks = suppress(
        values, frozenset(COLUMNS.index(c) for c in PEOPLE_COLUMNS), _equations(len(counted))
    )
    rows = [
        ReportRow(label, _cells(counts, marks[index]))
        for index, (label, counts) in enumerate(counted)
    ]
    return FunderReport(group_by, rows[:-1], rows[-1])


def group_cohorts(
    cohorts: Iterable[CohortFacts], group_by: GroupBy, place_label: Callable[[str], str] = str
) -> list[tuple[str, list[CohortFacts]]]:
    """The rows of the report: label and cohorts, in the order of their labels."""
    groups: dict[object, tuple[str, list[CohortFacts]]] = {}
    for cohort in cohorts:
        key, label = {
            GroupBy.COHORT: (cohort.id, cohort.name),
            GroupBy.PLACE: (cohort.place, place_label(cohort.place)),
            GroupBy.QUALIFICATION: (cohort.qualification_id, cohort.qualification_title),
        }[group_by]
        groups.setdefault(key, (label, []))[1].append(cohort)
    return sorted(groups.values(), key=lambda group: (group[0].casefold(), group[0]))


def count(facts: ReportFacts, cohorts: list[CohortFacts]) -> dict[Column, float]:
    """The measures of a group of cohorts (each person and each pair counted once)."""
    by_id = {c.id: c for c in cohorts}
    members = [(by_id[c], user, group) for c, user, group in facts.members if c in by_id]
    people = {user: group for _cohort, user, group in members}
    courses = {(user, course) for cohort, user, _ in members for course in cohort.courses}
    qualifications = {(user, cohort.qualification_id) for cohort, user, _ in members}
    sessions = [s for s in facts.sessions if s.cohort_id in by_id]
    attendances = sum(s.attendances for s in sessions)
    groups = list(people.values())
    return {
        Column.ADMINISTRATION: groups.count(Column.ADMINISTRATION.value),
        Column.MIGRANT_ORGANISATION: groups.count(Column.MIGRANT_ORGANISATION.value),
        Column.OTHER: groups.count(Column.OTHER.value),
        Column.NOT_STATED: sum(1 for g in groups if g not in {c.value for c in TARGET_GROUPS}),
        Column.PEOPLE: len(people),
        Column.STARTED: len(courses & set(facts.enrolments)),
        Column.COMPLETED: len(courses & set(facts.completions)),
        Column.CERTIFICATES: len(qualifications & set(facts.certificates)),
        Column.SESSIONS: len(sessions),
        Column.HOURS: sum(s.hours for s in sessions),
        Column.ATTENDANCES: attendances,
        Column.PER_SESSION: attendances / len(sessions) if sessions else 0,
    }


def _whole(value: float) -> int:
    """Suppression looks at counts; hours and averages are never people counts."""
    return round(value)


def _equations(rows: int) -> list[Equation]:
    """Each row's target groups add up to its people; each people column's rows add up to
    the total row (the last one), as far as a reader can tell."""
    people = COLUMNS.index(Column.PEOPLE)
    breakdown = tuple(COLUMNS.index(c) for c in BREAKDOWN)
    equations = [Equation(tuple((r, c) for c in breakdown), (r, people)) for r in range(rows)]
    if rows > 1:
        for column in (COLUMNS.index(c) for c in PEOPLE_COLUMNS):
            parts = tuple((r, column) for r in range(rows - 1))
            equations.append(Equation(parts, (rows - 1, column)))
    return equations


def _cells(counts: dict[Column, float], marks: list[Mark]) -> dict[Column, Cell]:
    cells = {column: Cell(counts[column], marks[i]) for i, column in enumerate(COLUMNS)}
    # Attendances = participants per session x sessions: the average goes with them.
    cells[Column.PER_SESSION] = Cell(counts[Column.PER_SESSION], cells[Column.ATTENDANCES].mark)
    return cells
