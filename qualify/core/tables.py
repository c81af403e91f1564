"""A table of plain values as a download: CSV or XLSX. Pure.

Pages that offer an export build one `Table` and hand it to the template and to these
functions alike, so the screen and the file cannot disagree. Cells that people typed
(names, organisations) could start with `=`: both writers keep them text, so a
spreadsheet never runs them as a formula (CSV injection, OWASP).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

Value = str | int | float | dt.date | None

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIMETYPE = "text/csv; charset=utf-8"


@dataclass(frozen=True)
class Table:
    title: str
    """The sheet's name in XLSX (Excel allows 31 characters; longer titles are cut)."""
    header: tuple[str, ...]
    rows: tuple[tuple[Value, ...], ...]


def _csv_text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if isinstance(value, str) and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_bytes(table: Table) -> bytes:
    """UTF-8 with a byte order mark and semicolons, as German Excel opens it without an
    import dialog; numbers keep a decimal point (LibreOffice and Python read both)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_csv_text(h) for h in table.header])
    writer.writerows([_csv_text(v) for v in row] for row in table.rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(table: Table) -> bytes:
    """One sheet with a bold, frozen header; text stays text (never a formula)."""
    book = Workbook()
    sheet = book.active
    sheet.title = _sheet_title(table.title)
    sheet.append(list(table.header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    sheet.freeze_panes = "A2"
    for index, width in enumerate(_column_widths(table), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_cell(sheet: object, value: Value) -> Value | Cell:
    if isinstance(value, str) and value.startswith("="):
        cell = Cell(sheet, value=value)
        cell.data_type = "s"  # openpyxl would store a formula
        return cell
    return value


def _sheet_title(title: str) -> str:
    cleaned = " ".join("".join(" " if ch in "[]:*?/\\" else ch for ch in title).split())
    return cleaned[:31].strip() or "Sheet"


def _column_widths(table: Table) -> list[float]:
    widths = [len(h) for h in table.header]
    for row in table.rows[:200]:
        for index, value in enumerate(row[: len(widths)]):
            widths[index] = max(widths[index], len(_csv_text(value)))
    return [min(60, max(8, w + 2)) for w in widths]
