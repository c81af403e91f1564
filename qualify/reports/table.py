"""The report as lines of text, in the reader's language: the one table the page, the
CSV and the XLSX file are all made from, so they cannot disagree."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook

from qualify.cohorts.places import ONLINE
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


def csv_bytes(table: Table, delimiter: str) -> bytes:
    """UTF-8 with a byte order mark, so that Excel shows umlauts."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    for line in (table.header, *_texts(table)):
        writer.writerow([_inert(text) for text in line])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(table: Table, title: str) -> bytes:
    """One sheet: numbers as numbers, withheld cells as their marks."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(table.header)
    for line in (*table.body, table.total):
        sheet.append([t.number if t.number is not None else t.text for t in line])
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":  # a group named "=..." is text, never a formula
                cell.data_type = "s"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _texts(table: Table) -> list[list[str]]:
    return [[t.text for t in line] for line in (*table.body, table.total)]


def _inert(text: str) -> str:
    """A cell a spreadsheet would run as a formula (a group named "=HYPERLINK(...)") gets
    a leading apostrophe, as spreadsheets mark text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
