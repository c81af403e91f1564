"""CSV and XLSX downloads: what goes in comes out, and typed text never becomes a formula."""

from __future__ import annotations

import csv
import datetime as dt
import io

from openpyxl import load_workbook

from qualify.core.tables import Table, csv_bytes, xlsx_bytes

TABLE = Table(
    "Fortschritt: Gruppe [Halle]/2027 mit einem sehr langen Namen",
    ("Name", "Stunden", "Zuletzt"),
    (
        ("Łukasz Nguyễn", 7.5, dt.date(2027, 3, 4)),
        ('=HYPERLINK("http://evil")', 8.0, None),
        ("+49 345 123", 0, None),
    ),
)


def test_csv_opens_in_excel_and_keeps_formulas_as_text() -> None:
    data = csv_bytes(TABLE)
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows == [
        ["Name", "Stunden", "Zuletzt"],
        ["Łukasz Nguyễn", "7.5", "2027-03-04"],
        ['\'=HYPERLINK("http://evil")', "8", ""],
        ["'+49 345 123", "0", ""],
    ]


def test_xlsx_has_the_same_values_with_text_kept_as_text() -> None:
    sheet = load_workbook(io.BytesIO(xlsx_bytes(TABLE))).active
    assert sheet.title == "Fortschritt Gruppe Halle 2027 m"  # Excel's 31 characters, no []:/
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == ["Name", "Stunden", "Zuletzt"]
    assert values[1][:2] == ["Łukasz Nguyễn", 7.5]
    assert values[1][2].date() == dt.date(2027, 3, 4)
    assert values[2] == ['=HYPERLINK("http://evil")', 8, None]
    assert sheet.cell(row=3, column=1).data_type == "s"
