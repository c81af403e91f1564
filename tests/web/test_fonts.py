"""The site's Arabic web font: a real WOFF2 that draws Arabic, named by qualify.css exactly as
it was cut (qualify/web/fonts.py)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator

import pytest
import uharfbuzz
from fontTools.ttLib import TTFont

from qualify.web import fonts
from tests.conftest import REPO

CSS = REPO / "qualify" / "web" / "static" / "qualify.css"
# The 28 letters and hamza, Arabic-Indic digits, the Arabic comma, semicolon and question
# mark, and the letters Persian, Urdu and Kurdish add (پ چ ژ گ ک ی ے ە ڵ).
ARABIC_TEXT_NEEDS = [
    *range(0x0621, 0x064B),
    *range(0x0660, 0x066A),
    0x060C, 0x061B, 0x061F, 0x0640, 0x200C, 0x200D,
    0x067E, 0x0686, 0x0698, 0x06AF, 0x06A9, 0x06CC, 0x06D2, 0x06D5, 0x06B5,
]  # fmt: skip


@pytest.fixture(scope="module")
def web_font() -> Iterator[TTFont]:
    """The committed file, read as WOFF2 (fontTools decompresses it with brotli)."""
    with TTFont(fonts.ARABIC_WOFF2) as font:
        yield font


def test_the_font_is_a_small_woff2_with_the_weight_axis(web_font: TTFont) -> None:
    assert fonts.ARABIC_WOFF2.read_bytes()[:4] == b"wOF2"
    assert web_font.flavor == "woff2"
    assert fonts.ARABIC_WOFF2.stat().st_size < 150 * 1024
    axes = {axis.axisTag: (axis.minValue, axis.maxValue) for axis in web_font["fvar"].axes}
    assert axes == {"wght": fonts.WEIGHTS}
    assert "SIL Open Font License" in fonts.ARABIC_LICENSE.read_text(encoding="utf-8")


def test_the_font_covers_arabic_text_and_nothing_else(web_font: TTFont) -> None:
    covered = set(web_font.getBestCmap())
    assert set(ARABIC_TEXT_NEEDS) <= covered
    # Everything the package's font has in the Arabic ranges; no Latin letter, no space.
    with TTFont(fonts.SOURCE, lazy=True) as source:
        assert covered == set(source.getBestCmap()) & set(fonts.arabic_code_points())


def test_letters_join_as_they_do_in_arabic_writing(web_font: TTFont) -> None:
    """The subset kept the shaping rules: beh alone, and at the start, in the middle and at
    the end of a word, is drawn four different ways; a sentence has no missing glyph."""
    shape = shaper()
    (isolated,) = shape("ب").values()
    joined = list(shape("ببب").values())
    assert len({isolated, *joined}) == 4
    # Spaces are not in the font: the page's other fonts draw them.
    for word in ["مرحبًا", "بكم", "في", "الدورة،", "١٢٣؟", "گزارش"]:
        assert all(0 not in glyphs for glyphs in shape(word).values()), word


def shaper() -> Callable[[str], dict[int, tuple[int, ...]]]:
    """Shape text with HarfBuzz in the web font: the glyphs drawn for each character (its
    cluster), letters and their dots together."""
    with TTFont(fonts.ARABIC_WOFF2) as copy:
        copy.flavor = None  # HarfBuzz reads TrueType, not WOFF2
        data = io.BytesIO()
        copy.save(data)
    harfbuzz_font = uharfbuzz.Font(uharfbuzz.Face(data.getvalue()))

    def shape(text: str) -> dict[int, tuple[int, ...]]:
        buffer = uharfbuzz.Buffer()
        buffer.add_str(text)
        buffer.guess_segment_properties()
        uharfbuzz.shape(harfbuzz_font, buffer)
        clusters: dict[int, tuple[int, ...]] = {}
        for info in buffer.glyph_infos:
            clusters[info.cluster] = (*clusters.get(info.cluster, ()), info.codepoint)
        return clusters

    return shape


def test_the_stylesheet_names_the_font_for_arabic_only() -> None:
    css = CSS.read_text(encoding="utf-8")
    face = re.search(r"@font-face\s*{([^}]*)}", css)
    assert face, "no @font-face in qualify.css"
    rules = dict(
        (name.strip(), value.strip())
        for name, value in (rule.split(":", 1) for rule in face.group(1).split(";") if ":" in rule)
    )
    assert rules["font-family"] == '"qualify Arabic"'
    assert rules["unicode-range"] == fonts.unicode_range()
    assert rules["font-display"] == "swap"
    assert rules["font-weight"] == "{} {}".format(*fonts.WEIGHTS)
    source = re.fullmatch(r'url\("([^"]+)"\) format\("woff2"\)', rules["src"])
    assert source and (CSS.parent / source.group(1)) == fonts.ARABIC_WOFF2
    assert re.search(r'font-family: "Noto Sans", "qualify Arabic",', css)
