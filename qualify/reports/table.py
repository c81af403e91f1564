"""The report as lines of text, in the reader's language: the one table the page, the
CSV and the XLSX file are all made from, so they cannot disagree."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l

from qualify.cohorts.places import ONLINE
from qualify.core import tables
from qualify.reports.report import COLUMNS, Cell, Column, FunderReport, GroupBy, ReportRow
from qualify.reports.suppression import Mark

GROUP_HEADERS = {
    GroupBy.COHORT: _l("Group"),
    GroupBy.PLACE: _l("Landkreis or city"),
    GroupBy.QUALIFICATION: _l("Qualification"),
}

HEADERS = {
    Column.ADMINISTRATION: _l("People: administrations and job centres"),
    Column.MIGRANT_ORGANISATION: _l("People: migrant organisations"),
    Column.OTHER: _l("People: others"),
    Column.NOT_STATED: _l("People: not stated"),
    Column.PEOPLE: _l("People reached"),
    Column.STARTED: _l("Courses started"),
    Column.COMPLETED: _l("Courses completed"),
    Column.CERTIFICATES: _l("Certificates issued"),
    Column.SESSIONS: _l("Workshop sessions"),
    Column.HOURS: _l("Workshop hours"),
    Column.ATTENDANCES: _l("Attendances"),
    Column.PER_SESSION: _l("Participants per session"),
}

MARKS = {Mark.SMALL: "< 5", Mark.WITHHELD: "x"}
# Hours and the average per session may have a fraction; everything else is a count.
FRACTIONS = frozenset({Column.HOURS, Column.PER_SESSION})


@dataclass(frozen=True)
class Text:
    """A cell as printed, and its number when it is one (for the spreadsheet)."""

    text: str
    number: float | None = None


@dataclass(frozen=True)
class Table:
    header: list[str]
    body: list[list[Text]]
    total: list[Text]


def place_label(place: str) -> str:
    return str(_l("Online")) if place == ONLINE else place


def table_of(report: FunderReport) -> Table:
    return Table(
        header=[str(GROUP_HEADERS[report.group_by]), *(str(HEADERS[c]) for c in COLUMNS)],
        body=[_line(row, row.label) for row in report.rows],
        total=_line(report.total, str(_l("All groups together"))),
    )


def _line(row: ReportRow, label: str) -> list[Text]:
    return [Text(label), *(_text(column, row.cells[column]) for column in COLUMNS)]


def _text(column: Column, cell: Cell) -> Text:
    if not cell.shown:
        return Text(MARKS[cell.mark])
    value = round(cell.value, 1) if column in FRACTIONS else int(cell.value)
    return Text(format_decimal(value, format="#,##0.#"), value)


def download_table(table: Table, title: str) -> tables.Table:
    """The same lines for a file: numbers as numbers, withheld cells as their marks."""
    lines = (*table.body, table.total)
    rows = tuple(
        tuple(t.number if t.number is not None else t.text for t in line) for line in lines
    )
    return tables.Table(title, tuple(table.header), rows)
