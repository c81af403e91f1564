"""Layout on a phone, at 200 % zoom and with the keyboard, in a real browser."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy.orm import Session

from qualify.accounts import service as accounts
from qualify.accounts.models import Role
from qualify.assessment.questiontypes import QUESTION_TYPES
from qualify.audit.actions import AuditAction
from qualify.audit.service import record
from qualify.core.clock import utcnow
from tests.browser.conftest import LOCALES
from tests.browser.pages import (
    KEY_PAGES,
    QUESTION_PAGES,
    question_page,
    resolve,
    unmarked_languages,
)
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
NARROW = 320  # WCAG 1.4.10 reflow: 320 CSS px, also what 1280 px at 400 % zoom leaves
DESKTOP = 1280
ZOOMED_200 = {"width": 640, "height": 360}  # a 1280x720 window at 200 % zoom, in CSS px


@pytest.mark.parametrize("width", [DESKTOP, PHONE["width"], NARROW])
@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize(("name", "path", "role"), KEY_PAGES, ids=[p[0] for p in KEY_PAGES])
def test_key_page_does_not_scroll_sideways(
    open_page: Any,
    live_site: Any,
    name: str,
    path: str,
    role: str | None,
    locale: str,
    width: int,
) -> None:
    page = open_page(
        resolve(path, live_site, locale),
        locale,
        as_user=role and f"{role}-{locale}",
        viewport={"width": width, "height": PHONE["height"]},
    )
    scroll, wide = sideways(page, width)
    assert scroll <= width, f"{name} ({locale}) is {scroll} px wide at {width}; too wide: {wide}"


@pytest.mark.parametrize("width", [PHONE["width"], NARROW])
@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize(("number", "type_name"), QUESTION_PAGES, ids=list(QUESTION_TYPES))
def test_every_question_type_fits_a_phone(
    open_page: Any, live_site: Any, number: int, type_name: str, locale: str, width: int
) -> None:
    page = open_page(
        question_page(live_site, locale, number),
        locale,
        as_user=f"runner-{locale}",
        viewport={"width": width, "height": PHONE["height"]},
    )
    scroll, wide = sideways(page, width)
    assert scroll <= width, f"{type_name} ({locale}) is {scroll} px wide at {width}: {wide}"
    # The question's text stands inside its box: as the fieldset's legend it sat on the top
    # border, which crossed a question of several lines on a phone.
    above = page.evaluate(
        """() => [...document.querySelectorAll("fieldset.question")].map(f =>
            f.querySelector(":scope > legend").getBoundingClientRect().top
            - f.getBoundingClientRect().top)"""
    )
    assert above and min(above) > 1, f"{type_name} ({locale}): the question is on the border"


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize(("name", "path", "role"), KEY_PAGES, ids=[p[0] for p in KEY_PAGES])
def test_key_page_is_usable_at_200_percent_zoom(
    open_page: Any,
    live_site: Any,
    name: str,
    path: str,
    role: str | None,
    locale: str,
) -> None:
    """WCAG 1.4.4: a 1280x720 window zoomed to 200 % is a 640x360 CSS-pixel viewport drawn at
    twice the density. Nothing scrolls sideways, and the main navigation and the heading
    are whole on the screen's width, neither clipped nor running over their boxes."""
    page = open_page(
        resolve(path, live_site, locale),
        locale,
        as_user=role and f"{role}-{locale}",
        viewport=ZOOMED_200,
        device_scale_factor=2,
    )
    assert page.evaluate("window.devicePixelRatio") == 2
    scroll, wide = sideways(page, ZOOMED_200["width"])
    assert scroll <= ZOOMED_200["width"], f"{name} ({locale}) is {scroll} px wide: {wide}"
    hidden = page.evaluate(
        """width => {
            const inside = (box, outer) => box.left >= outer.left - 0.5
                && box.right <= outer.right + 0.5;
            const problems = [];
            const check = (e, what) => {
                const box = e.getBoundingClientRect();
                if (!e.checkVisibility() || box.width === 0 || box.height === 0)
                    problems.push(`${what} is not shown`);
                else if (!inside(box, {left: 0, right: width}))
                    problems.push(`${what} reaches past the screen: ${box.left}-${box.right}`);
                else if (e.scrollWidth > e.clientWidth + 1)
                    problems.push(`${what} runs over its box: ${e.scrollWidth} > ${e.clientWidth}`);
                for (let a = e.parentElement; a; a = a.parentElement) {
                    const overflow = getComputedStyle(a).overflowX;
                    if (overflow !== "visible" && !inside(box, a.getBoundingClientRect()))
                        problems.push(`${what} is clipped by ${a.tagName} (${overflow})`);
                }
            };
            const nav = document.querySelector("header nav");
            if (!nav) problems.push("no main navigation");
            else {
                check(nav, "the main navigation");
                nav.querySelectorAll("a").forEach(a => check(a, `the link ${a.textContent}`));
            }
            const heading = document.querySelector("main h1");
            if (!heading) problems.push("no h1");
            else check(heading, "the h1");
            return problems;
        }""",
        ZOOMED_200["width"],
    )
    assert not hidden, f"{name} ({locale}) at 200 % zoom: {hidden}"


@pytest.mark.parametrize("locale", LOCALES)
def test_the_audit_log_fits_the_screen_with_long_addresses(
    open_page: Any, live_site: Any, locale: str
) -> None:
    """Addresses and certificate codes do not break: one address of 50 characters made the
    log's table push the page past a 1280 px screen. The table has the room of a wide page
    and, where that is not enough, scrolls in its own box."""
    email = f"vorname.nachname-{uuid.uuid4().hex[:8]}@migrantenorganisation.example"
    with Session(live_site.engine) as session:
        trainer = accounts.create_user(
            session, email=email, name="Lan Nguyễn", password=PASSWORD, role=Role.TRAINER
        )
        record(
            session,
            actor_id=trainer.id,
            action=AuditAction.COURSE_DRAFT_SAVED,
            subject="course testkurs",
            details={"course": "testkurs", "files": ["lessons/erste-lektion.de.md"]},
            ip_address="2001:db8:85a3:8d3:1319:8a2e:370:7348",
            now=utcnow(),
        )
        session.commit()
    page = open_page(f"/admin/audit?actor={email}", locale, as_user=f"admin-{locale}")
    assert page.get_by_text(email).count() == 1  # the entry is shown
    for width in (DESKTOP, PHONE["width"], NARROW):
        page.set_viewport_size({"width": width, "height": PHONE["height"]})
        scroll, wide = sideways(page, width)
        assert scroll <= width, f"the audit log ({locale}) is {scroll} px wide at {width}: {wide}"


def sideways(page: Any, width: int) -> tuple[int, list[str]]:
    """The page's scroll width, and the outermost elements reaching past the screen's edge,
    not counting those inside a box that scrolls by itself (a wide table in its own scroll
    area is allowed)."""
    wide = page.evaluate(
        """limit => {
            const scrolls = e => getComputedStyle(e).overflowX !== "visible";
            const past = e => e.getBoundingClientRect().right > limit + 0.5;
            return [...document.querySelectorAll("body *")].filter(e => {
                if (!past(e)) return false;
                for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
                    if (scrolls(a) || past(a)) return false;
                }
                return true;
            }).map(e => e.outerHTML.slice(0, 120));
        }""",
        width,
    )
    return page.evaluate("document.documentElement.scrollWidth"), wide


def test_tab_reaches_the_login_fields_in_order_with_a_visible_focus(open_page: Any) -> None:
    page = open_page("/login", "de")
    reached = []
    for _ in range(30):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const e = document.activeElement;
                const style = getComputedStyle(e);
                return {name: e.getAttribute("name"), type: e.getAttribute("type"),
                        tag: e.tagName.toLowerCase(), outline: style.outlineStyle,
                        width: parseFloat(style.outlineWidth)};
            }"""
        )
        assert focused["outline"] != "none" and focused["width"] > 0, focused
        in_form = page.evaluate("document.activeElement.closest('main form') !== null")
        if in_form and (focused["name"] in ("email", "password") or focused["type"] == "submit"):
            reached.append(focused["name"] or focused["type"])
        if focused["type"] == "submit" and in_form:
            break
    assert reached == ["email", "password", "submit"]


def test_the_arabic_lesson_page_is_mirrored(open_page: Any, live_site: Any) -> None:
    """The same lesson in German and Arabic: the site's name, the heading and the main
    navigation change sides; the German lesson text inside stays left to right, marked as
    German, with the page's words about it (reading time, "Sources") in Arabic."""
    lesson = next(path for name, path, _role in KEY_PAGES if name == "lesson")
    edges = {}
    for locale in ("de", "ar"):
        page = open_page(resolve(lesson, live_site, locale), locale, as_user=f"learner-{locale}")
        edges[locale] = page.evaluate(
            """() => {
                const box = s => document.querySelector(s).getBoundingClientRect();
                const lesson = document.querySelector("article.lesson");
                return {width: document.documentElement.clientWidth,
                        brand: box(".brand"), heading: box("main h1"), nav: box(".nav"),
                        dir: document.documentElement.dir,
                        lessonDir: lesson && getComputedStyle(lesson).direction};
            }"""
        )
        # The German lesson is marked German, the page's own words (also inside it) not.
        unmarked = unmarked_languages(page, "main", "de")
        assert not unmarked, f"{locale}: texts in an unmarked language: {unmarked}"
    de, ar = edges["de"], edges["ar"]
    assert (de["dir"], ar["dir"]) == ("ltr", "rtl")
    half = de["width"] / 2
    assert de["brand"]["right"] < half < ar["brand"]["left"]
    assert de["heading"]["left"] < ar["heading"]["left"]
    assert de["nav"]["left"] < ar["nav"]["left"]
    assert ar["lessonDir"] == "ltr"  # the fixture lesson has no Arabic text: German is shown
