"""Every key page fully usable with the keyboard: Tab reaches each control and link, in
order and without a trap, and shows where the focus is (WCAG 2.1.1, 2.1.2, 2.4.3, 2.4.7)."""

from __future__ import annotations

from typing import Any

import pytest

from qualify.assessment.questiontypes import QUESTION_TYPES
from tests.browser.pages import KEY_PAGES, QUESTION_PAGES, question_page, resolve

pytestmark = pytest.mark.browser

# Marks every element a keyboard user must be able to reach, visible and enabled, with a
# number in document order; a radio group counts once (Tab enters it, the arrows move in
# it). Returns how many there are and any positive tabindex (which breaks the order).
MARK_REACHABLE = """() => {
    const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, '
        + '[tabindex]';
    const groups = new Set();
    let count = 0;
    for (const e of document.querySelectorAll(selector)) {
        if (e.disabled || e.tabIndex < 0 || !e.getClientRects().length) continue;
        if (getComputedStyle(e).visibility === "hidden") continue;
        if (e.type === "radio") {
            const group = (e.form ? e.form.id || "form" : "page") + ":" + e.name;
            if (groups.has(group)) continue;
            groups.add(group);
            e.dataset.group = group;
        }
        e.dataset.reach = String(count++);
    }
    const positive = [...document.querySelectorAll("[tabindex]")]
        .filter(e => e.tabIndex > 0).map(e => e.outerHTML.slice(0, 80));
    return {count, positive};
}"""

# What has the focus now: its mark (or the radio group it belongs to) and whether the focus
# can be seen (an outline, or a box shadow as some buttons draw it).
FOCUSED = """() => {
    const e = document.activeElement;
    if (!e || e === document.body) return null;
    const style = getComputedStyle(e);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    const group = e.type === "radio"
        ? document.querySelector(`[data-group="${CSS.escape(e.dataset.group || "")}"]`)
          || document.querySelector(`input[type=radio][name="${CSS.escape(e.name)}"][data-reach]`)
        : null;
    const mark = group ? group.dataset.reach : e.dataset.reach;
    return {mark: mark === undefined ? null : Number(mark), visible: outline
            || style.boxShadow !== "none", what: e.outerHTML.slice(0, 100)};
}"""


def tab_through(page: Any) -> tuple[int, list[dict]]:
    """Press Tab from the top of the page until the focus has left the last element (or came
    round to the first); returns how many elements must be reached and what was focused."""
    marked = page.evaluate(MARK_REACHABLE)
    assert not marked["positive"], f"positive tabindex: {marked['positive']}"
    focused: list[dict] = []
    for _ in range(marked["count"] + 20):
        page.keyboard.press("Tab")
        now = page.evaluate(FOCUSED)
        if now is None or (focused and now["mark"] == focused[0]["mark"]):
            break  # out of the page (the browser's own controls) or round to the start
        focused.append(now)
    return marked["count"], focused


def assert_keyboard_usable(page: Any, where: str) -> None:
    count, focused = tab_through(page)
    reached = [f["mark"] for f in focused if f["mark"] is not None]
    missing = sorted(set(range(count)) - set(reached))
    what = page.evaluate(
        "marks => marks.map(m => document.querySelector(`[data-reach='${m}']`)"
        ".outerHTML.slice(0, 100))",
        missing,
    )
    assert not missing, f"{where}: Tab never reaches {what}"
    assert reached == sorted(reached), f"{where}: Tab goes out of reading order: {reached}"
    unseen = [f["what"] for f in focused if not f["visible"]]
    assert not unseen, f"{where}: no visible focus on {unseen}"


@pytest.mark.parametrize(("name", "path", "role"), KEY_PAGES, ids=[p[0] for p in KEY_PAGES])
def test_tab_reaches_everything_on_a_key_page_in_order_with_a_visible_focus(
    open_page: Any, live_site: Any, name: str, path: str, role: str | None
) -> None:
    page = open_page(resolve(path, live_site, "de"), "de", as_user=role and f"{role}-de")
    assert_keyboard_usable(page, name)


@pytest.mark.parametrize(("number", "type_name"), QUESTION_PAGES, ids=list(QUESTION_TYPES))
def test_tab_reaches_every_answer_of_each_question_type(
    open_page: Any, live_site: Any, number: int, type_name: str
) -> None:
    page = open_page(question_page(live_site, "de", number), "de", as_user="runner-de")
    assert_keyboard_usable(page, type_name)


def test_tab_on_an_arabic_page_follows_the_reading_order(open_page: Any, live_site: Any) -> None:
    """Right to left, the order is the same document order: right to left on screen."""
    path = next(path for name, path, _role in KEY_PAGES if name == "trainer: a cohort")
    page = open_page(resolve(path, live_site, "ar"), "ar", as_user="trainer-ar")
    assert_keyboard_usable(page, "trainer: a cohort (ar)")
