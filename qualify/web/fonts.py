"""The site's Arabic web font: a WOFF2 subset of Noto Sans Arabic, made from the font package.

Pages name Noto Sans for Latin and Cyrillic script (installed where the reader has it, else
the system's sans-serif), but Arabic drawn by whatever font a computer happens to have is
often hard to read, and some have none. So the site serves its own: only the Arabic blocks,
the weights the stylesheet uses (400 to 700, on the variable `wght` axis), about 84 KB.
`unicode-range` in qualify.css lists the same blocks, so a page without Arabic letters never
downloads it.

The WOFF2 file is committed in static/fonts/ beside the font's licence (OFL-1.1): static files
are served as they are, by Flask or by a web server in front of it, and installing the site
has no build step. When the fontpkg-noto-sans-arabic package changes, make it again:

    python -m qualify.web.fonts

(writing WOFF2 needs `brotli`, which the dev extra installs). The output depends only on the
package's font and the fontTools and brotli versions: the same inputs give the same bytes.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import fontpkg_noto_sans_arabic

SOURCE = fontpkg_noto_sans_arabic.ROOT / "files" / "NotoSansArabic[wdth,wght].ttf"
SOURCE_LICENSE = fontpkg_noto_sans_arabic.ROOT / "LICENSE"
FONTS = Path(__file__).parent / "static" / "fonts"
ARABIC_WOFF2 = FONTS / "NotoSansArabic-qualify.woff2"
ARABIC_LICENSE = FONTS / "NotoSansArabic-OFL.txt"

# The code points the font keeps and qualify.css's unicode-range names (first, last).
ARABIC_RANGES: tuple[tuple[int, int], ...] = (
    (0x0600, 0x06FF),  # Arabic: letters, Arabic comma and question mark, Arabic-Indic digits
    (0x0750, 0x077F),  # Arabic Supplement
    (0x0870, 0x08FF),  # Arabic Extended-B and -A
    (0x200C, 0x200D),  # zero-width non-joiner and joiner (Persian, Urdu, Kurdish)
    (0x204F, 0x204F),  # reversed semicolon
    (0x2E41, 0x2E41),  # reversed comma
    (0xFB50, 0xFDFF),  # Arabic Presentation Forms-A
    (0xFE70, 0xFEFF),  # Arabic Presentation Forms-B
)
WEIGHTS = (400, 700)  # what qualify.css uses: normal, 600 and bold
WIDTH = 100  # the normal width; the narrower ones are left out


def arabic_code_points() -> list[int]:
    return [point for first, last in ARABIC_RANGES for point in range(first, last + 1)]


def unicode_range() -> str:
    """ARABIC_RANGES as CSS writes them: `U+0600-06FF, U+204F, ...`."""
    return ", ".join(
        f"U+{first:04X}" if first == last else f"U+{first:04X}-{last:04X}"
        for first, last in ARABIC_RANGES
    )


def build_arabic_woff2(source: Path = SOURCE) -> bytes:
    """The subset: Arabic code points with every glyph their shaping reaches (all layout
    features: joining forms, ligatures, marks), then the `wght` axis cut to WEIGHTS and the
    width fixed. The source's timestamp is kept, so the bytes do not depend on the day."""
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    font = TTFont(source, recalcTimestamp=False)
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]  # the copyright and licence notices stay in the font
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=arabic_code_points())
    subsetter.subset(font)
    font = instancer.instantiateVariableFont(font, {"wdth": WIDTH, "wght": WEIGHTS})
    font.flavor = "woff2"
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def main() -> None:
    FONTS.mkdir(parents=True, exist_ok=True)
    data = build_arabic_woff2()
    ARABIC_WOFF2.write_bytes(data)
    shutil.copyfile(SOURCE_LICENSE, ARABIC_LICENSE)
    print(f"{ARABIC_WOFF2}: {len(data)} bytes; unicode-range: {unicode_range()}")


if __name__ == "__main__":
    main()
