"""Fonts for PDFs: Noto Sans and Noto Sans Arabic from PyPI packages, instanced once.

The packages ship variable fonts. fpdf2 would embed one whole, variation data included, and
subsetting that data took half of a certificate's time; so each weight used (regular and
bold) is a static instance, which fontTools takes several seconds to compute: it is made
once per machine and kept in a cache folder (QUALIFY_FONT_CACHE, else ~/.cache/qualify).
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any

import fontpkg_noto_sans
import fontpkg_noto_sans_arabic
from fpdf import FPDF
from fpdf.output import OutputProducer
from fpdf.syntax import PDFContentStream

SANS = fontpkg_noto_sans.ROOT / "files" / "NotoSans[wdth,wght].ttf"
ARABIC = fontpkg_noto_sans_arabic.ROOT / "files" / "NotoSansArabic[wdth,wght].ttf"
LATIN_FAMILY, ARABIC_FAMILY = "Sans", "SansArabic"
_ARABIC_LETTER = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")


def cache_dir() -> Path:
    configured = os.environ.get("QUALIFY_FONT_CACHE")
    return Path(configured) if configured else Path.home() / ".cache" / "qualify" / "fonts"


def regular_sans() -> Path:
    """A static regular Noto Sans, computed on first use and cached on disk."""
    return _static(SANS, "NotoSans-Regular", "fontpkg-noto-sans", 400)


def bold_sans() -> Path:
    """A static bold Noto Sans, computed on first use and cached on disk."""
    return _static(SANS, "NotoSans-Bold", "fontpkg-noto-sans", 700)


def regular_arabic() -> Path:
    return _static(ARABIC, "NotoSansArabic-Regular", "fontpkg-noto-sans-arabic", 400)


def bold_arabic() -> Path:
    """A static bold Noto Sans Arabic, computed on first use and cached on disk."""
    return _static(ARABIC, "NotoSansArabic-Bold", "fontpkg-noto-sans-arabic", 700)


def _static(source: Path, name: str, package: str, weight: int) -> Path:
    target = cache_dir() / f"{name}-{_version(package)}.ttf"
    if not target.is_file():
        _instantiate(source, {"wght": weight, "wdth": 100}, target)
    return target


def fontpkg_version() -> str:
    return _version("fontpkg-noto-sans")


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)


def _instantiate(source: Path, axes: dict[str, float], target: Path) -> None:
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    target.parent.mkdir(parents=True, exist_ok=True)
    static = instancer.instantiateVariableFont(TTFont(source), axes)
    # Write to a temporary file and rename, so parallel workers never read half a font.
    with tempfile.NamedTemporaryFile(dir=target.parent, suffix=".tmp", delete=False) as tmp:
        static.save(tmp)
    Path(tmp.name).replace(target)


def add_fonts(pdf: FPDF) -> None:
    """Noto Sans regular and bold as "Sans", Arabic as its fallback, shaped by HarfBuzz:
    what every PDF of the site (certificates, attendance sheets) writes with."""
    pdf.add_font(LATIN_FAMILY, "", regular_sans())
    pdf.add_font(LATIN_FAMILY, "B", bold_sans())
    pdf.add_font(ARABIC_FAMILY, "", regular_arabic())
    pdf.set_fallback_fonts([ARABIC_FAMILY], exact_match=False)
    pdf.set_text_shaping(True)


def add_arabic_bold(pdf: FPDF) -> None:
    pdf.add_font(ARABIC_FAMILY, "B", bold_arabic())


def family_for(text: str) -> str:
    """The font family a text is set in: Arabic script in the Arabic font (its spaces too,
    so a line is one run that copies out in reading order), anything else in Noto Sans."""
    return ARABIC_FAMILY if _ARABIC_LETTER.search(text) else LATIN_FAMILY


def use_family(pdf: FPDF, family: str) -> None:
    """Make `family` the one `set_font` is given; the other one fills in missing letters."""
    other = LATIN_FAMILY if family == ARABIC_FAMILY else ARABIC_FAMILY
    pdf.set_fallback_fonts([other], exact_match=False)


def write(pdf: FPDF) -> bytes:
    """The PDF's bytes, with text that copies out as written (see _CopyableTextProducer)."""
    return bytes(pdf.output(output_producer_class=_CopyableTextProducer))


class _CopyableTextProducer(OutputProducer):
    """fpdf2's output, with every glyph of a font in its ToUnicode map.

    HarfBuzz may draw one letter as several glyphs: Noto Sans Arabic draws ب as a dotless
    body and a dot. fpdf2 gives the letter to one of them and leaves the others out of the
    font's ToUnicode map, so copying or extracting the text turns them into stray characters
    ("ع\\x07بد" for عبد). Here they map to the empty text, as ISO 32000 allows.
    """

    def _add_pdf_obj(self, pdf_obj: Any, trace_label: str | None = None) -> int:
        if (
            trace_label == "fonts"
            and isinstance(pdf_obj, PDFContentStream)
            and pdf_obj.filter is None
            and pdf_obj.content_stream().startswith(b"/CIDInit")
        ):
            cmap = pdf_obj.content_stream()
            completed = complete_to_unicode(cmap, self._unmapped_codes(mapped_codes(cmap)))
            # The font object already points to this stream: complete it in place.
            pdf_obj._contents, pdf_obj.length = completed, len(completed)
        return super()._add_pdf_obj(pdf_obj, trace_label)

    def _unmapped_codes(self, mapped: set[int]) -> set[int]:
        """The codes of glyphs without text in the font whose ToUnicode map this is (the
        font whose mapped codes are these)."""
        unmapped: set[int] = set()
        for font in self.fpdf.fonts.values():
            subset = getattr(font, "subset", None)
            if subset is None:
                continue
            items = [(glyph, code) for glyph, code in subset.items() if glyph is not None]
            if {code for glyph, code in items if glyph.unicode} == mapped:
                unmapped |= {code for glyph, code in items if not glyph.unicode}
        return unmapped


def mapped_codes(cmap: bytes) -> set[int]:
    return {int(code, 16) for code in re.findall(rb"<([0-9A-F]{4})> <", cmap)}


def complete_to_unicode(cmap: bytes, codes: set[int]) -> bytes:
    """Add entries mapping `codes` to the empty text to a ToUnicode CMap."""
    missing = sorted(codes - mapped_codes(cmap))
    blocks = b"".join(
        b"%d beginbfchar\n" % len(chunk)
        + b"".join(b"<%04X> <>\n" % code for code in chunk)
        + b"endbfchar\n"
        for chunk in (missing[i : i + 100] for i in range(0, len(missing), 100))
    )
    return cmap.replace(b"endcmap\n", blocks + b"endcmap\n", 1)
