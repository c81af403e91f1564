"""Render a certificate as a PDF (fpdf2 with HarfBuzz shaping, Noto Sans, a QR code).

Pure: takes a CertificateDocument of plain values and returns bytes. Fonts come from the
fontpkg packages on PyPI, so nothing is downloaded at run time; Arabic names are shaped
and laid out right-to-left by HarfBuzz via fpdf2's text shaping.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import segno
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from qualify.accounts.names import one_line
from qualify.certificates import fonts

INK = (33, 37, 41)
ACCENT = (0, 92, 122)
MUTED = (88, 96, 105)

NAME_SIZE, NAME_MIN_SIZE = 24, 10  # points; long names shrink, never wrap


@dataclass(frozen=True)
class CourseLine:
    title: str
    date: str


@dataclass(frozen=True)
class CertificateDocument:
    """Every text already in the certificate's language; dates already formatted."""

    heading: str
    holder_name: str
    intro: str
    title: str
    description: str
    courses_heading: str
    courses: tuple[CourseLine, ...]
    workshops_line: str  # e.g. "In-person workshops: 16 hours"; empty when none
    issued_label: str
    issued_date: str
    code_label: str
    code: str
    verify_label: str
    verify_url: str
    issuer: str


def render_certificate(doc: CertificateDocument) -> bytes:
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_title(f"{doc.title} – {doc.holder_name}")
    pdf.set_author(doc.issuer)
    pdf.set_creator("qualify")
    pdf.set_auto_page_break(auto=True, margin=20)
    fonts.add_fonts(pdf)
    pdf.add_page()
    _frame(pdf)
    _centred(pdf, doc.issuer, size=11, colour=MUTED, top=30)
    _centred(pdf, doc.heading, size=30, style="B", colour=ACCENT, top=45)
    _centred(pdf, doc.intro, size=12, colour=MUTED, top=70)
    _name_line(pdf, one_line(doc.holder_name), top=82)
    _centred(pdf, doc.title, size=18, style="B", colour=ACCENT, top=102)
    pdf.set_xy(30, pdf.get_y() + 5)
    pdf.set_font("Sans", "", 11)
    pdf.set_text_color(*INK)
    pdf.multi_cell(150, 6, doc.description, align=Align.C)
    _course_table(pdf, doc)
    _footer(pdf, doc)
    return bytes(pdf.output())


def _frame(pdf: FPDF) -> None:
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, 190, 277)
    pdf.set_line_width(0.3)
    pdf.rect(13, 13, 184, 271)


def _centred(
    pdf: FPDF, text: str, *, size: int, colour: tuple[int, int, int], top: float, style: str = ""
) -> None:
    pdf.set_xy(20, top)
    pdf.set_font("Sans", style, size)
    pdf.set_text_color(*colour)
    pdf.multi_cell(170, size * 0.5, text, align=Align.C)


def _name_line(pdf: FPDF, name: str, *, top: float, width: float = 170) -> None:
    """The holder's name on exactly one line, its type shrunk until it fits the box."""
    pdf.set_text_color(*INK)
    size = NAME_SIZE
    pdf.set_font("Sans", "B", size)
    while size > NAME_MIN_SIZE and pdf.get_string_width(name) > width:
        size -= 1
        pdf.set_font("Sans", "B", size)
    pdf.set_xy(20, top)
    pdf.cell(width, NAME_SIZE * 0.5, name, align=Align.C)


def _course_table(pdf: FPDF, doc: CertificateDocument) -> None:
    pdf.ln(6)
    pdf.set_x(30)
    pdf.set_font("Sans", "B", 12)
    pdf.set_text_color(*ACCENT)
    pdf.cell(150, 8, doc.courses_heading, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Sans", "", 10.5)
    pdf.set_text_color(*INK)
    with pdf.table(
        width=150,
        col_widths=(115, 35),
        align="CENTER",
        first_row_as_headings=False,
        borders_layout="HORIZONTAL_LINES",
        line_height=7,
    ) as table:
        for course in doc.courses:
            row = table.row()
            row.cell(course.title)
            row.cell(course.date, align=Align.R)
    if doc.workshops_line:
        pdf.ln(3)
        pdf.set_x(30)
        pdf.multi_cell(150, 6, doc.workshops_line, align=Align.L)


def _footer(pdf: FPDF, doc: CertificateDocument) -> None:
    qr = segno.make(doc.verify_url, error="m")
    png = io.BytesIO()
    qr.save(png, kind="png", scale=8, border=2)
    pdf.image(png, x=150, y=226, w=35, h=35)
    pdf.set_text_color(*INK)
    lines = (
        (doc.issued_label, doc.issued_date),
        (doc.code_label, doc.code),
        (doc.verify_label, doc.verify_url),
    )
    top = 228.0
    for label, value in lines:
        pdf.set_xy(25, top)
        pdf.set_font("Sans", "B", 9)
        pdf.cell(120, 5, label, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_x(25)
        _fit_font(pdf, value, width=120, size=10)
        pdf.cell(120, 5, value)
        top += 11.5


def _fit_font(pdf: FPDF, text: str, *, width: float, size: float) -> None:
    """Shrink the font until the text fits on one line: a code or URL must never wrap."""
    pdf.set_font("Sans", "", size)
    while size > 6 and pdf.get_string_width(text) > width:
        size -= 0.5
        pdf.set_font("Sans", "", size)
