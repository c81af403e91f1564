"""The key pages the browser tests visit, with who looks at them, and axe's runner."""

from __future__ import annotations

from typing import Any

from qualify.assessment.questiontypes import QUESTION_TYPES

LESSON_EDITOR = "/trainer/authoring/testkurs/lessons/erste-lektion/de"
# (name, path, account role or None for a visitor). A path may name what the session's
# arrangement made: {running}, {result} (attempts), {verify}, {cohort}.
KEY_PAGES = [
    ("home", "/", None),
    ("course", "/courses/testkurs", None),
    ("register", "/register", None),
    ("login", "/login", None),
    ("verify", "{verify}", None),
    ("lesson", "/courses/testkurs/lessons/erste-lektion", "learner"),
    ("quiz start", "/courses/testkurs/quiz", "runner"),
    ("running attempt", "{running}", "runner"),
    ("result", "{result}", "learner"),
    ("dashboard with certificate", "/dashboard", "learner"),
    ("qualifications", "/qualifications/", None),
    ("profile", "/profile", "learner"),
    ("trainer: learners", "/trainer/learners/", "trainer"),
    ("trainer: cohorts", "/trainer/cohorts/", "trainer"),
    ("trainer: a cohort", "/trainer/cohorts/{cohort}", "trainer"),
    ("trainer: progress", "/trainer/cohorts/{cohort}/progress", "trainer"),
    ("trainer: workshops", "/trainer/cohorts/{cohort}/workshops", "trainer"),
    ("trainer: authoring", "/trainer/authoring/", "trainer"),
    ("trainer: lesson editor", LESSON_EDITOR, "trainer"),
    ("admin: users", "/admin/users", "admin"),
    ("admin: audit log", "/admin/audit", "admin"),
]

# (page of the every-type attempt, the question type it shows): one question per page, in
# the order of the registry (tests/browser/content/alle-fragetypen/quiz.yaml).
QUESTION_PAGES = list(enumerate(QUESTION_TYPES, start=1))

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def resolve(path: str, site: Any, locale: str) -> str:
    return path.format(
        running=site.attempt_urls[f"running-{locale}"].removeprefix(site.url),
        result=site.attempt_urls[f"result-{locale}"].removeprefix(site.url),
        verify=site.verify_url,
        cohort=site.cohort_id,
    )


def question_page(site: Any, locale: str, number: int) -> str:
    """Page `number` of the running attempt at the quiz with every question type."""
    return site.attempt_urls[f"every-type-{locale}"].removeprefix(site.url) + f"?page={number}"


def run_axe(page: Any, axe_script: str, tags: list[str] | None = None) -> list[dict]:
    """Run axe-core on the page and return its violations.

    The site's CSP (script-src 'self') would block a <script> tag added to the page, but
    Playwright's `page.evaluate` runs through the DevTools protocol, which CSP does not
    govern, so neither `bypass_csp` nor a relaxed policy is needed: the page is tested with
    the headers it really has.
    """
    page.evaluate(axe_script)
    options = {
        "runOnly": {"type": "tag", "values": tags or WCAG_21_AA},
        "resultTypes": ["violations"],
    }
    results = page.evaluate("options => axe.run(document, options)", options)
    return results["violations"]


def arabic_web_font(page: Any) -> str:
    """The state of the site's Arabic font once the page's fonts have settled: "loaded" where
    the page drew Arabic letters with it, "unloaded" where it never needed it."""
    return page.evaluate(
        """async () => {
            document.body.getBoundingClientRect();  // lay out: the fonts it needs start loading
            await document.fonts.ready;
            const face = [...document.fonts].find(
                f => f.family.replaceAll('"', "") === "qualify Arabic");
            return face ? face.status : "missing";
        }"""
    )


def unmarked_languages(page: Any, scope: str, content_language: str) -> list[str]:
    """Texts inside the elements `scope` selects in another language than the element they
    stand in says (WCAG 3.1.2, language of parts, which axe cannot judge): a text with Arabic
    letters must be in an element of lang "ar", one with Latin letters in one of
    `content_language`. What a learner typed (shown with dir="auto") is in a language the
    site cannot know, and left out."""
    return page.evaluate(
        """([scope, latin]) => {
            const wrong = [];
            for (const root of document.querySelectorAll(scope)) {
                const texts = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
                for (let node = texts.nextNode(); node; node = texts.nextNode()) {
                    const text = node.textContent.trim();
                    if (node.parentElement.closest('[dir="auto"]')) continue;
                    const said = node.parentElement.closest("[lang]").lang;
                    const is = /[\u0600-\u06ff]/.test(text) ? "ar"
                        : /[A-Za-z\u00c0-\u024f]/.test(text) ? latin : null;
                    if (is && said !== is) wrong.push(`${text} (lang ${said}, not ${is})`);
                }
            }
            return wrong;
        }""",
        [scope, content_language],
    )


def describe(violations: list[dict]) -> str:
    """One readable line per violation and element: rule, impact, selector."""
    lines = []
    for violation in violations:
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"{violation['id']} ({violation['impact']}): {target}")
            lines.append(f"    {violation['help']}")
    return "\n".join(lines)
