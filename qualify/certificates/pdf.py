"""Render a certificate as an A4 PDF: a page in German, then one in the holder's language.

Pure: takes a CertificateDocument of plain values and returns bytes, the same bytes for the
same document (its dates are the issue date, its file id a hash of its content), so the
signature over it (signing.py) is the same too and nothing needs to be stored. Fonts come
from the fontpkg packages on PyPI, shaped by HarfBuzz through fpdf2: Arabic is joined and set
right to left, Vietnamese diacritics stack, Cyrillic is plain Noto Sans.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import segno
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos
from fpdf.fonts import FontFace

from qualify.accounts.names import one_line
from qualify.certificates import fonts

INK = (33, 37, 41)
ACCENT = (0, 92, 122)
MUTED = (88, 96, 105)

NAME_SIZE, NAME_MIN_SIZE = 24, 10  # points; long names shrink, never wrap
LEFT, WIDTH = 25.0, 160.0  # the text column, mm
FOOTER_TOP = 221.0
QR_SIZE = 34.0


@dataclass(frozen=True)
class CourseLine:
    title: str
    date: str
    score: str


@dataclass(frozen=True)
class CertificatePage:
    """The certificate in one language: every text translated, dates already formatted."""

    locale: str
    rtl: bool
    heading: str
    intro: str
    completed: str  # "has completed the qualification"
    title: str
    description: str
    courses_heading: str
    course_label: str
    date_label: str
    score_label: str
    courses: tuple[CourseLine, ...]
    workshops_line: str  # empty when the qualification has no workshops
    facts: tuple[tuple[str, str], ...]  # (label, value): issued, valid until, code
    verify_label: str
    signature_note: str
    translation_note: str  # empty on the German page


@dataclass(frozen=True)
class CertificateDocument:
    holder_name: str
    holder_name_latin: str  # empty when the holder gave none
    issuer: str
    verify_url: str
    code: str  # as printed, also kept in the file's metadata (signing.py)
    issued_at: dt.datetime
    pages: tuple[CertificatePage, ...]


def render_certificate(doc: CertificateDocument) -> bytes:
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    first = doc.pages[0]
    pdf.set_title(f"{first.title} – {one_line(doc.holder_name)}")
    pdf.set_author(doc.issuer)
    pdf.set_subject(first.heading)
    pdf.set_creator("qualify")
    pdf.set_lang(first.locale)
    pdf.set_creation_date(doc.issued_at)
    pdf.set_auto_page_break(auto=False)
    fonts.add_fonts(pdf)
    fonts.add_arabic_bold(pdf)
    for page in doc.pages:
        pdf.add_page()
        _page(pdf, doc, page)
    return fonts.write(pdf)


def _page(pdf: FPDF, doc: CertificateDocument, page: CertificatePage) -> None:
    family = fonts.ARABIC_FAMILY if page.rtl else fonts.LATIN_FAMILY
    _frame(pdf)
    _centred(pdf, doc.issuer, family, size=11, colour=MUTED, top=26)
    _centred(pdf, page.heading, family, size=30, style="B", colour=ACCENT, top=38)
    _centred(pdf, page.intro, family, size=12, colour=MUTED, top=58)
    _name_line(pdf, one_line(doc.holder_name), top=67)
    top = 80.0
    if doc.holder_name_latin:
        latin = one_line(doc.holder_name_latin)
        _centred(pdf, latin, fonts.family_for(latin), size=12, colour=MUTED, top=top)
        top += 7
    _centred(pdf, page.completed, family, size=12, colour=MUTED, top=top + 3)
    _centred(pdf, page.title, family, size=17, style="B", colour=ACCENT, top=pdf.get_y() + 2)
    _paragraph(pdf, page.description, family, top=pdf.get_y() + 4)
    _course_table(pdf, page, family)
    _footer(pdf, doc, page, family)


def _frame(pdf: FPDF) -> None:
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, 190, 277)
    pdf.set_line_width(0.3)
    pdf.rect(13, 13, 184, 271)


def _font(pdf: FPDF, family: str, style: str, size: float) -> None:
    fonts.use_family(pdf, family)
    pdf.set_font(family, style, size)


def _centred(
    pdf: FPDF,
    text: str,
    family: str,
    *,
    size: int,
    colour: tuple[int, int, int],
    top: float,
    style: str = "",
) -> None:
    pdf.set_xy(20, top)
    _font(pdf, family, style, size)
    pdf.set_text_color(*colour)
    pdf.multi_cell(170, size * 0.5, text, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _paragraph(pdf: FPDF, text: str, family: str, *, top: float, align: Align = Align.C) -> None:
    pdf.set_xy(LEFT, top)
    _font(pdf, family, "", 10)
    pdf.set_text_color(*INK)
    pdf.multi_cell(WIDTH, 5, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _name_line(pdf: FPDF, name: str, *, top: float, width: float = 170) -> None:
    """The holder's name on exactly one line, its type shrunk until it fits the box; set
    in the font of its own script, so an Arabic name is one run in reading order."""
    family = fonts.family_for(name)
    pdf.set_text_color(*INK)
    size = NAME_SIZE
    _font(pdf, family, "B", size)
    while size > NAME_MIN_SIZE and pdf.get_string_width(name) > width:
        size -= 1
        pdf.set_font(family, "B", size)
    pdf.set_xy(20, top)
    pdf.cell(width, NAME_SIZE * 0.5, name, align=Align.C)


def _course_table(pdf: FPDF, page: CertificatePage, family: str) -> None:
    if not page.courses:
        return
    pdf.set_xy(LEFT, pdf.get_y() + 4)
    _font(pdf, family, "B", 11)
    pdf.set_text_color(*ACCENT)
    pdf.cell(WIDTH, 7, page.courses_heading, align=Align.R if page.rtl else Align.L)
    pdf.set_xy(LEFT, pdf.get_y() + 7)
    widths = (104, 32, 24)
    header = (page.course_label, page.date_label, page.score_label)
    rows = [(c.title, c.date, c.score) for c in page.courses]
    if page.rtl:  # columns read from the right
        widths, header = widths[::-1], header[::-1]
        rows = [row[::-1] for row in rows]
    first_align = Align.R if page.rtl else Align.L
    aligns = (first_align, Align.C, Align.R) if not page.rtl else (Align.L, Align.C, first_align)
    pdf.set_text_color(*INK)
    _font(pdf, family, "", 9.5)
    with pdf.table(
        width=WIDTH,
        col_widths=widths,
        align=Align.L,
        first_row_as_headings=True,
        headings_style=FontFace(emphasis="BOLD", color=ACCENT),
        borders_layout="HORIZONTAL_LINES",
        line_height=6,
        text_align=aligns,
    ) as table:
        for values in [header, *rows]:
            row = table.row()
            for value in values:
                row.cell(value)
    if page.workshops_line:
        align = Align.R if page.rtl else Align.L
        _paragraph(pdf, page.workshops_line, family, top=pdf.get_y() + 3, align=align)


def _footer(pdf: FPDF, doc: CertificateDocument, page: CertificatePage, family: str) -> None:
    """Facts on the reading side, the QR code with the verification link on the other."""
    qr_x = LEFT if page.rtl else LEFT + WIDTH - QR_SIZE
    text_x = LEFT + QR_SIZE + 6 if page.rtl else LEFT
    text_width = WIDTH - QR_SIZE - 6
    align = Align.R if page.rtl else Align.L
    pdf.image(_qr_png(doc.verify_url), x=qr_x, y=FOOTER_TOP, w=QR_SIZE, h=QR_SIZE)
    top = FOOTER_TOP
    for label, value in (*page.facts, (page.verify_label, doc.verify_url)):
        pdf.set_xy(text_x, top)
        _font(pdf, family, "B", 8.5)
        pdf.set_text_color(*MUTED)
        pdf.cell(text_width, 4.5, label, align=align)
        pdf.set_xy(text_x, top + 4.5)
        value_family = fonts.family_for(value)
        _fit_font(pdf, value, value_family, width=text_width, size=10)
        pdf.set_text_color(*INK)
        pdf.cell(text_width, 5, value, align=align)
        top += 10.0
    notes = " ".join(note for note in (page.signature_note, page.translation_note) if note)
    pdf.set_xy(LEFT, 267)
    _font(pdf, family, "", 7.5)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(WIDTH, 3.6, notes, align=Align.C)


def _qr_png(url: str) -> io.BytesIO:
    qr = segno.make(url, error="m")
    png = io.BytesIO()
    qr.save(png, kind="png", scale=8, border=2)
    png.seek(0)
    return png


def _fit_font(pdf: FPDF, text: str, family: str, *, width: float, size: float) -> None:
    """Shrink the font until the text fits on one line: a code or URL must never wrap."""
    _font(pdf, family, "", size)
    while size > 6 and pdf.get_string_width(text) > width:
        size -= 0.5
        pdf.set_font(family, "", size)
