"""axe-core's WCAG 2.1 A/AA rules on the key pages, in German and English."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import LOCALES
from tests.browser.pages import KEY_PAGES, describe, resolve, run_axe

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize(("name", "path", "role"), KEY_PAGES, ids=[p[0] for p in KEY_PAGES])
def test_key_page_has_no_wcag_violations(
    open_page: Any,
    live_site: Any,
    axe_script: str,
    name: str,
    path: str,
    role: str | None,
    locale: str,
) -> None:
    page = open_page(resolve(path, live_site, locale), locale, as_user=role and f"{role}-{locale}")
    assert page.locator("html").get_attribute("lang") == locale
    violations = run_axe(page, axe_script)
    assert not violations, f"{name} ({locale}) breaks WCAG 2.1 AA:\n{describe(violations)}"


def test_low_contrast_arabic_text_is_reported(open_page: Any, axe_script: str) -> None:
    """The contrast check really looks at the page, Arabic script included: light grey on
    white (#bbb, 1.9:1) must be a color-contrast violation."""
    page = open_page("/login", "en")
    page.evaluate(
        """() => {
            const text = document.createElement("p");
            text.lang = "ar";
            text.dir = "rtl";
            text.id = "faint-arabic";
            text.textContent = "نص تجريبي بلون فاتح";
            // CSSOM, not a style attribute: the site's CSP (style-src 'self') would drop that.
            text.style.color = "#bbb";
            text.style.backgroundColor = "#fff";
            document.querySelector("main").append(text);
        }"""
    )
    # The text must be drawn with an installed font that has Arabic letters (DejaVu Sans from
    # fonts-dejavu-core here; .ci/run installs fonts-noto-core where none is), not as boxes.
    fonts = arabic_fonts(page, "#faint-arabic")
    assert fonts, "no installed font drew the Arabic text: apt-get install fonts-noto-core"
    violations = run_axe(page, axe_script, tags=["wcag2aa"])
    contrast = [v for v in violations if v["id"] == "color-contrast"]
    assert contrast, f"no color-contrast violation found; axe said:\n{describe(violations)}"
    targets = [node["target"] for node in contrast[0]["nodes"]]
    assert ["#faint-arabic"] in targets, targets


def arabic_fonts(page: Any, selector: str) -> list[str]:
    """The installed fonts Chromium drew the element's text with (from DevTools)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    used = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return [font["familyName"] for font in used if font["glyphCount"] > 0]
