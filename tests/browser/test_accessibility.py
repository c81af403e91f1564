"""axe-core's WCAG 2.1 A/AA rules on the key pages, in German, English and Arabic."""

from __future__ import annotations

from typing import Any

import pytest

from qualify.assessment.questiontypes import QUESTION_TYPES
from qualify.assessment.quizfile import load_quiz
from tests.browser.conftest import BROWSER_CONTENT, EVERY_TYPE, LOCALES
from tests.browser.pages import (
    KEY_PAGES,
    QUESTION_PAGES,
    arabic_web_font,
    describe,
    question_page,
    resolve,
    run_axe,
    unmarked_languages,
)

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
    # Arabic pages are drawn, so measured by axe, in the site's own Arabic font; the German
    # and English ones never download it (its unicode-range).
    assert arabic_web_font(page) == ("loaded" if locale == "ar" else "unloaded")
    violations = run_axe(page, axe_script)
    assert not violations, f"{name} ({locale}) breaks WCAG 2.1 AA:\n{describe(violations)}"


def test_the_every_type_quiz_shows_each_type_on_its_own_page() -> None:
    quiz, problems = load_quiz(BROWSER_CONTENT / EVERY_TYPE)
    assert quiz is not None, problems
    assert [question["type"] for question in quiz.questions] == list(QUESTION_TYPES)
    assert quiz.settings.questions_per_page == 1 and quiz.settings.draw is None


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize(("number", "type_name"), QUESTION_PAGES, ids=list(QUESTION_TYPES))
def test_every_question_type_has_no_wcag_violations(
    open_page: Any, live_site: Any, axe_script: str, number: int, type_name: str, locale: str
) -> None:
    """A running attempt, one page per question type (its inputs, the navigator, the time
    limit), in German, English and Arabic (whose reader sees the German question: marked as
    German, so a screen reader reads it with a German voice)."""
    page = open_page(question_page(live_site, locale, number), locale, f"runner-{locale}")
    assert page.locator("fieldset.question").count() == 1
    assert page.locator(f"fieldset#question-{number}").count() == 1
    assert arabic_web_font(page) == ("loaded" if locale == "ar" else "unloaded")
    violations = run_axe(page, axe_script)
    assert not violations, f"{type_name} ({locale}) breaks WCAG 2.1 AA:\n{describe(violations)}"
    content_language = "en" if locale == "en" else "de"  # the quiz is in German and English
    unmarked = unmarked_languages(page, "fieldset.question", content_language)
    assert not unmarked, f"{type_name} ({locale}): texts in an unmarked language: {unmarked}"


@pytest.mark.parametrize("locale", LOCALES)
def test_the_review_of_every_question_type_has_no_wcag_violations(
    open_page: Any, live_site: Any, axe_script: str, locale: str
) -> None:
    """The result of a submitted attempt with every type: each type's review with the right
    answers and the feedback (the essay waiting for the trainer), the quiz's texts marked
    with their language."""
    result = live_site.attempt_urls[f"every-type-result-{locale}"].removeprefix(live_site.url)
    page = open_page(result, locale, f"learner-{locale}")
    assert page.locator("section.review").count() == len(QUESTION_TYPES)
    assert page.locator("section.review.pending").count() == 1  # the essay
    assert arabic_web_font(page) == ("loaded" if locale == "ar" else "unloaded")
    violations = run_axe(page, axe_script)
    assert not violations, f"the review ({locale}) breaks WCAG 2.1 AA:\n{describe(violations)}"
    content_language = "en" if locale == "en" else "de"
    unmarked = unmarked_languages(page, "section.review", content_language)
    assert not unmarked, f"the review ({locale}): texts in an unmarked language: {unmarked}"


def test_low_contrast_arabic_text_is_reported(open_page: Any, axe_script: str) -> None:
    """The contrast check really looks at the page, Arabic script included: light grey on
    white (#bbb, 1.9:1) must be a color-contrast violation. The text is drawn in the site's
    Arabic web font, so axe measures the letters a reader sees, not those of a fallback font
    (with which its check can silently skip text)."""
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
    assert arabic_web_font(page) == "loaded"  # an English page loads it for Arabic text
    drawn = fonts_drawing(page, "#faint-arabic")
    # Every letter from the web font; the spaces between the words come from another font.
    assert drawn.get(("Noto Sans Arabic", True), 0) >= len("نصتجريبيبلونفاتح"), drawn
    violations = run_axe(page, axe_script, tags=["wcag2aa"])
    contrast = [v for v in violations if v["id"] == "color-contrast"]
    assert contrast, f"no color-contrast violation found; axe said:\n{describe(violations)}"
    targets = [node["target"] for node in contrast[0]["nodes"]]
    assert ["#faint-arabic"] in targets, targets


def fonts_drawing(page: Any, selector: str) -> dict[tuple[str, bool], int]:
    """The fonts Chromium drew the element's text with, as DevTools tells them: (family, is
    it a web font) -> glyphs drawn."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    used = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return {(font["familyName"], font["isCustomFont"]): font["glyphCount"] for font in used}
