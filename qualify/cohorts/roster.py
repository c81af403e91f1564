"""A participant list from a spreadsheet (CSV or XLSX): one row per person with name,
e-mail address, and optionally organisation, language and target group (for the funder
report).

Pure: bytes in, rows and line-numbered problems out. The header names the columns, in
German or English, in any order; blank lines are skipped.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from itertools import islice

from email_validator import EmailNotValidError, validate_email
from openpyxl import load_workbook

from qualify.accounts.models import TargetGroup
from qualify.accounts.names import name_is_printable, tidy_name
from qualify.core.locales import SUPPORTED_LOCALES

MAX_ROWS = 500
COLUMNS = {
    "name": ("name", "full name", "vollständiger name", "vor- und nachname"),
    "email": ("email", "e-mail", "e-mail address", "e-mail-adresse", "mail"),
    "organisation": ("organisation", "organization", "verein", "organisation/verein"),
    "language": ("language", "sprache", "locale"),
    "target_group": ("target group", "target_group", "zielgruppe"),
}
# What a list may say for a target group, in English or German; blank: not stated.
TARGET_GROUPS = {
    TargetGroup.ADMINISTRATION: (
        "administration",
        "public administration",
        "job centre",
        "job center",
        "jobcenter",
        "verwaltung",
        "behörde",
    ),
    TargetGroup.MIGRANT_ORGANISATION: (
        "migrant_organisation",
        "migrant organisation",
        "migrant organization",
        "migrantenorganisation",
        "migrant*innenorganisation",
        "mso",
    ),
    TargetGroup.OTHER: ("other", "others", "sonstige", "andere"),
}


@dataclass(frozen=True)
class RosterRow:
    line: int
    name: str
    email: str
    organisation: str
    language: str
    target_group: str = ""  # a TargetGroup value, or "" for not stated


@dataclass(frozen=True)
class RosterProblem:
    line: int
    code: str  # bad_file, no_header, missing_column, too_many_rows, bad_name, bad_email,
    #            bad_language, bad_target_group, duplicate
    detail: str = ""


def read_roster(data: bytes, filename: str) -> tuple[list[RosterRow], list[RosterProblem]]:
    """The rows of a CSV or XLSX file and what is wrong with it (line numbers as a
    spreadsheet shows them, the header being line 1)."""
    try:
        table = _xlsx_rows(data) if filename.lower().endswith(".xlsx") else _csv_rows(data)
    except (ValueError, KeyError, zipfile.BadZipFile, OSError, csv.Error):
        return [], [RosterProblem(0, "bad_file")]
    return rows_of(table)


def rows_of(table: list[list[str]]) -> tuple[list[RosterRow], list[RosterProblem]]:
    """Check a table whose first non-empty row is the header."""
    lines = [(n, row) for n, row in enumerate(table, start=1) if any(c.strip() for c in row)]
    if not lines:
        return [], [RosterProblem(0, "no_header")]
    header_line, header = lines[0]
    columns = _columns(header)
    missing = [name for name in ("name", "email") if name not in columns]
    if missing:
        return [], [RosterProblem(header_line, "missing_column", ", ".join(missing))]
    if len(lines) - 1 > MAX_ROWS:
        return [], [RosterProblem(header_line, "too_many_rows", str(MAX_ROWS))]
    rows, problems, seen = [], [], set()
    for line, cells in lines[1:]:
        row, problem = _row(line, cells, columns, seen)
        if problem is not None:
            problems.append(problem)
        else:
            rows.append(row)
            seen.add(row.email)
    return rows, problems


def _row(
    line: int, cells: list[str], columns: dict[str, int], seen: set[str]
) -> tuple[RosterRow | None, RosterProblem | None]:
    def cell(name: str) -> str:
        index = columns.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    name, email, language = cell("name"), cell("email"), cell("language").lower()
    if not name or not name_is_printable(name):
        return None, RosterProblem(line, "bad_name", name)
    try:
        email = validate_email(email, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        return None, RosterProblem(line, "bad_email", email)
    if language and language not in SUPPORTED_LOCALES:
        return None, RosterProblem(line, "bad_language", language)
    target_group = target_group_of(cell("target_group"))
    if target_group is None:
        return None, RosterProblem(line, "bad_target_group", cell("target_group"))
    if email in seen:
        return None, RosterProblem(line, "duplicate", email)
    organisation = cell("organisation")[:200]
    return RosterRow(line, tidy_name(name), email, organisation, language, target_group), None


def target_group_of(text: str) -> str | None:
    """A target group's value for what a list says ("" for blank), None if unknown."""
    key = text.strip().lower()
    if not key:
        return ""
    return next((group.value for group, words in TARGET_GROUPS.items() if key in words), None)


def _columns(header: list[str]) -> dict[str, int]:
    found = {}
    for index, title in enumerate(header):
        key = title.strip().lower()
        for column, names in COLUMNS.items():
            if key in names and column not in found:
                found[column] = index
    return found


def _csv_rows(data: bytes) -> list[list[str]]:
    """UTF-8 (with or without BOM) or, failing that, Windows-1252 as Excel writes it; the
    delimiter (comma or semicolon) is detected."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="strict")
    if "\x00" in text:
        raise ValueError("binary data")
    delimiter = (
        ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    )
    return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _xlsx_rows(data: bytes) -> list[list[str]]:
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sheet = workbook.worksheets[0]
    # A few rows more than allowed are enough to say "too many": never read a huge sheet.
    first = islice(sheet.iter_rows(values_only=True), MAX_ROWS + 50)
    rows = [["" if v is None else str(v) for v in row] for row in first]
    workbook.close()
    return rows
