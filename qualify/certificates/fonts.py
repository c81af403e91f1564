"""Fonts for certificates: Noto Sans from PyPI packages, bold instanced once and cached.

The packages ship variable fonts. Their default instance is the regular weight, which fpdf2
embeds directly; the bold instance takes fontTools several seconds to compute, so it is
made once per machine and kept in a cache folder (QUALIFY_FONT_CACHE, else ~/.cache/qualify).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import fontpkg_noto_sans
import fontpkg_noto_sans_arabic
from fpdf import FPDF

SANS = fontpkg_noto_sans.ROOT / "files" / "NotoSans[wdth,wght].ttf"
ARABIC = fontpkg_noto_sans_arabic.ROOT / "files" / "NotoSansArabic[wdth,wght].ttf"


def cache_dir() -> Path:
    configured = os.environ.get("QUALIFY_FONT_CACHE")
    return Path(configured) if configured else Path.home() / ".cache" / "qualify" / "fonts"


def bold_sans() -> Path:
    """A static bold Noto Sans, computed on first use and cached on disk."""
    target = cache_dir() / f"NotoSans-Bold-{fontpkg_version()}.ttf"
    if not target.is_file():
        _instantiate(SANS, {"wght": 700, "wdth": 100}, target)
    return target


def fontpkg_version() -> str:
    from importlib.metadata import version

    return version("fontpkg-noto-sans")


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
    pdf.add_font("Sans", "", SANS)
    pdf.add_font("Sans", "B", bold_sans())
    pdf.add_font("SansArabic", "", ARABIC)
    pdf.set_fallback_fonts(["SansArabic"], exact_match=False)
    pdf.set_text_shaping(True)
