"""Render a workshop's attendance sheet as an A4 PDF for signing by hand. Pure.

Funders in Germany ask for signed lists: the session's facts, every participant with a
signature field, and the trainer's signature with place and date. Takes an AttendanceSheet
of texts already in the reader's language and returns bytes; fonts and Arabic shaping as
for certificates (certificates/pdf.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos
from fpdf.fonts import FontFace

from qualify.accounts.names import one_line
from qualify.certificates import fonts
from qualify.certificates.pdf import ACCENT, INK, MUTED

MARGIN = 15  # mm on every side
WIDTH = 210 - 2 * MARGIN
COLUMNS = (10, 60, 45, 65)  # No., name, organisation, signature: the widest is for signing
ROW_HEIGHT = 13  # mm: room for a handwritten signature
SIGNATURE_BLOCK = 32  # mm the trainer's confirmation needs below the table


@dataclass(frozen=True)
class SheetRow:
    name: str
    organisation: str


@dataclass(frozen=True)
class AttendanceSheet:
    """Every text already in the reader's language; dates and times already formatted.

    `page_label` holds `{page}` and `{pages}` (e.g. "Seite {page} von {pages}");
    `running_head` names the session on every page, so a loose page can be placed.
    """

    language: str
    heading: str
    facts: tuple[tuple[str, str], ...]  # (label, value), in the order printed
    note: str
    number_label: str
    name_label: str
    organisation_label: str
    signature_label: str
    rows: tuple[SheetRow, ...]
    trainer_heading: str
    place_date_label: str
    trainer_signature_label: str
    page_label: str
    running_head: str
    created_on: dt.date  # the session's date: the same sheet gives the same bytes


class _SheetPDF(FPDF):
    def __init__(self, sheet: AttendanceSheet) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.sheet = sheet

    def footer(self) -> None:
        """The running head and "page n of m" under every page."""
        self.set_y(-12)
        self.set_text_color(*MUTED)
        label = self.sheet.page_label.replace("{page}", str(self.page_no()))
        label = label.replace("{pages}", self.str_alias_nb_pages)
        self.set_font("Sans", "", 8)
        self.cell(WIDTH - 35, 5, _fit(self, one_line(self.sheet.running_head), WIDTH - 37, 8))
        self.set_font("Sans", "", 8)
        self.cell(35, 5, label, align=Align.R)


def render_attendance_sheet(sheet: AttendanceSheet) -> bytes:
    pdf = _SheetPDF(sheet)
    pdf.set_title(f"{sheet.heading} – {sheet.running_head}")
    pdf.set_creator("qualify")
    pdf.set_lang(sheet.language)
    pdf.set_creation_date(dt.datetime.combine(sheet.created_on, dt.time(), dt.UTC))
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(auto=True, margin=18)
    fonts.add_fonts(pdf)
    pdf.add_page()
    _heading(pdf, sheet)
    _facts(pdf, sheet)
    _participants(pdf, sheet)
    _trainer_signature(pdf, sheet)
    return bytes(pdf.output())


def _heading(pdf: FPDF, sheet: AttendanceSheet) -> None:
    pdf.set_font("Sans", "B", 16)
    pdf.set_text_color(*ACCENT)
    pdf.multi_cell(WIDTH, 8, sheet.heading, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)


def _facts(pdf: FPDF, sheet: AttendanceSheet) -> None:
    """The session's facts as label and value, one per line; long values wrap."""
    pdf.set_text_color(*INK)
    for label, value in sheet.facts:
        pdf.set_font("Sans", "B", 10)
        pdf.cell(38, 6, label)
        pdf.set_font("Sans", "", 10)
        pdf.multi_cell(WIDTH - 38, 6, one_line(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if sheet.note:
        pdf.ln(2)
        pdf.set_font("Sans", "", 9)
        pdf.set_text_color(*MUTED)
        pdf.multi_cell(WIDTH, 5, sheet.note, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)


def _participants(pdf: FPDF, sheet: AttendanceSheet) -> None:
    """One row per participant, tall enough to sign; the header row on every page."""
    pdf.set_font("Sans", "", 10)
    pdf.set_text_color(*INK)
    pdf.set_draw_color(*MUTED)
    pdf.set_line_width(0.2)
    with pdf.table(
        width=WIDTH,
        col_widths=COLUMNS,
        align="LEFT",
        text_align=("RIGHT", "LEFT", "LEFT", "LEFT"),
        v_align="MIDDLE",
        line_height=5,
        headings_style=FontFace(emphasis="BOLD", fill_color=(230, 238, 241)),
        padding=(1, 1.5),
        repeat_headings=1,
    ) as table:
        heading = table.row(min_height=8)
        for label in (
            sheet.number_label,
            sheet.name_label,
            sheet.organisation_label,
            sheet.signature_label,
        ):
            heading.cell(label)
        for number, participant in enumerate(sheet.rows, start=1):
            row = table.row(min_height=ROW_HEIGHT)
            row.cell(f"{number}")
            row.cell(one_line(participant.name))
            row.cell(one_line(participant.organisation))
            row.cell("")


def _trainer_signature(pdf: FPDF, sheet: AttendanceSheet) -> None:
    """Lines for place, date and the trainer's signature, kept together on one page."""
    if pdf.will_page_break(SIGNATURE_BLOCK):
        pdf.add_page()
    pdf.ln(8)
    pdf.set_font("Sans", "B", 10)
    pdf.set_text_color(*INK)
    pdf.multi_cell(WIDTH, 5, sheet.trainer_heading, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    top = pdf.get_y() + 12
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.3)
    pdf.line(MARGIN, top, MARGIN + 70, top)
    pdf.line(MARGIN + 85, top, MARGIN + WIDTH, top)
    pdf.set_font("Sans", "", 8)
    pdf.set_text_color(*MUTED)
    pdf.set_xy(MARGIN, top + 1)
    pdf.cell(70, 4, sheet.place_date_label)
    pdf.set_xy(MARGIN + 85, top + 1)
    pdf.cell(WIDTH - 85, 4, sheet.trainer_signature_label)


def _fit(pdf: FPDF, text: str, width: float, size: float) -> str:
    """Shrink the type until the text fits, then cut it: a footer never wraps."""
    while size > 6 and pdf.get_string_width(text) > width:
        size -= 0.5
        pdf.set_font("Sans", "", size)
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text + "…"
