"""Every page's structure, on every page (issue 14), without a browser.

The browser tests (tests/browser) run axe-core on the key pages; this walks every GET
endpoint of the permission table (tests/permission_table.py) that answers an HTML page, as
someone who may open it, in German and in Arabic, and checks its markup
(tests/web/structure.py). Pages the table's objects cannot reach (a link still valid, a
practice assignment handed in) and the 404 and 403 pages are rendered too. Non-HTML answers
(CSV, XLSX, PDF, JSON, ZIP, images, static files) are left out by their Content-Type.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from qualify.accounts import tokens
from qualify.accounts.models import TokenPurpose, User
from qualify.assessment.questiontypes import QUESTION_TYPES
from qualify.assignments import service as assignments
from qualify.certificates.qualification_pages import qualification_index
from qualify.cohorts.models import Cohort
from qualify.core.clock import utcnow
from tests.assignments.test_assignments import GOOD, install_regeln
from tests.permission_table import (
    ADMIN,
    ANON,
    COHORT_NAME,
    MEMBER_NAME,
    NAMES,
    OTHER,
    OTHER_COHORT_NAME,
    OWNER,
    PERSONAS,
    TABLE,
    TRAINER,
    TYPED_TEXTS,
    World,
    sign_in,
)
from tests.web.structure import structure_problems, unisolated_names

LANGUAGES = ("de", "ar")
# Who renders the pages, in the order preferred: a page goes to the first who may open it.
VISITORS = (ANON, OWNER, TRAINER, ADMIN)
# Also shown the page of the first: the owner sees public pages signed in (their name in the
# header, their enrolments); an admin sees trainers' pages with controls trainers lack (a
# cohort's trainers, a course's authors).
ALSO = {ANON: OWNER, TRAINER: ADMIN}
# 200: the page asked for; 410: the page a spent or unknown link gets (not the error page).
PAGE_STATUSES = frozenset({200, 410})
WORLD_NAMES = [*NAMES.values(), COHORT_NAME, OTHER_COHORT_NAME, MEMBER_NAME, *TYPED_TEXTS]


def visitors(statuses: tuple[int, ...]) -> list[str]:
    """Who renders the row's page: the first visitor who gets it, and ALSO's companion."""
    status_of = dict(zip(PERSONAS, statuses, strict=True))
    allowed = [persona for persona in VISITORS if status_of[persona] in PAGE_STATUSES]
    if not allowed:
        return []
    companion = ALSO.get(allowed[0])
    return [allowed[0], companion] if companion in allowed else [allowed[0]]


# persona -> [(endpoint, URL template, expected status)]
PAGES: dict[str, list[tuple[str, str, int]]] = {persona: [] for persona in VISITORS}
for (method, endpoint), (url, statuses) in sorted(TABLE.items()):
    if method == "GET":
        for persona in visitors(statuses):
            PAGES[persona].append((endpoint, url, statuses[PERSONAS.index(persona)]))


def choose_language(client: FlaskClient, language: str) -> None:
    """The language switcher: the session's language, and a signed-in person's preference."""
    assert client.post("/language", data={"locale": language}).status_code == 302


def page_problems(html: str, where: str, language: str) -> list[str]:
    problems = structure_problems(html, language)
    if language == "ar":
        problems += unisolated_names(html, WORLD_NAMES)
    return [f"{where} [{language}]: {problem}" for problem in problems]


def check_pages(client: FlaskClient, urls: list[tuple[str, int]], language: str) -> list[str]:
    """Open each URL, expecting its status, and list what is wrong with the HTML answers."""
    problems, checked = [], 0
    for url, expected in urls:
        response = client.get(url)
        response.close()  # static files are streamed
        if response.status_code != expected:
            problems.append(f"{url} [{language}]: status {response.status_code}, not {expected}")
        elif response.mimetype == "text/html":
            problems += page_problems(response.get_data(as_text=True), url, language)
            checked += 1
    assert checked, "no HTML page was checked"
    return problems


def test_the_table_leaves_no_html_page_unvisited() -> None:
    """Every GET row has a visitor, except those nobody gets a page for (an image or key
    that does not exist, the test qualification's missing assignment: below, with one)."""
    unvisited = sorted(
        endpoint
        for (method, endpoint), (_url, statuses) in TABLE.items()
        if method == "GET" and not visitors(statuses)
    )
    assert unvisited == [
        "assignment_marking.mark",
        "assignments.learner",
        "badges.key",
        "courses.image",
    ]
    assert PAGES[ANON] and PAGES[OWNER] and PAGES[TRAINER] and PAGES[ADMIN]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("persona", VISITORS)
def test_every_page_has_its_structure(
    client: FlaskClient,
    login_as: Callable[..., User],
    world: World,
    persona: str,
    language: str,
) -> None:
    sign_in(persona, world, login_as)
    choose_language(client, language)
    urls = [(world.url(url), status) for _endpoint, url, status in PAGES[persona]]
    problems = check_pages(client, urls, language)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_error_pages_have_their_structure(
    client: FlaskClient, login_as: Callable[..., User], world: World, language: str
) -> None:
    sign_in(OWNER, world, login_as)
    choose_language(client, language)
    problems = check_pages(client, [("/no-such-page", 404), ("/admin/users", 403)], language)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_question_editor_has_its_structure(
    client: FlaskClient, login_as: Callable[..., User], world: World, language: str
) -> None:
    """The table opens the editor of one question type; each type has its own fields."""
    sign_in(TRAINER, world, login_as)
    choose_language(client, language)
    editors = [f"/trainer/authoring/testkurs/quiz/new/{name}" for name in QUESTION_TYPES]
    problems = check_pages(client, [(url, 200) for url in editors], language)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_of_valid_links_have_their_structure(
    client: FlaskClient,
    login_as: Callable[..., User],
    session: Session,
    world: World,
    language: str,
) -> None:
    """A reset, confirmation or invitation link and a cohort's join link that still work
    show forms the table's unknown links never reach."""
    owner, now = session.merge(world.owner), utcnow()
    links = [
        f"/password/reset/{tokens.issue(session, TokenPurpose.PASSWORD_RESET, owner, now)}",
        f"/confirm/{tokens.issue(session, TokenPurpose.CONFIRM_EMAIL, owner, now)}",
        f"/invitation/{tokens.issue(session, TokenPurpose.INVITATION, owner, now)}",
    ]
    cohort = session.get(Cohort, world.cohort_id)
    cohort.join_token, cohort.join_expires_at = "join-token", now + dt.timedelta(days=1)
    session.commit()
    choose_language(client, language)
    problems = check_pages(client, [(url, 200) for url in [*links, "/join/join-token"]], language)
    sign_in(OTHER, world, login_as)  # a learner not yet in the group: the button to join
    choose_language(client, language)
    problems += check_pages(client, [("/join/join-token", 200)], language)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_practice_assignment_pages_have_their_structure(
    client: FlaskClient,
    login_as: Callable[..., User],
    session: Session,
    tmp_path: Path,
    world: World,
    language: str,
) -> None:
    """The owner's cohort gets a qualification with a practice assignment: the owner's page
    with a draft, then handed in; the trainer's overview and marking page."""
    qualification = install_regeln(session, tmp_path)
    session.get(Cohort, world.cohort_id).qualification_id = qualification.id
    session.commit()
    task = qualification_index(session).assignment(slug="regeln")
    learner_page = "/qualifications/regeln/assignment"
    overview = f"/trainer/cohorts/{world.cohort_id}/assignments"

    def save(hand_in: bool, revision: int) -> int:
        work = assignments.save_text(
            session,
            user_id=world.owner.id,
            task=task,
            text=GOOD,
            revision=revision,
            hand_in=hand_in,
            now=utcnow(),
        )
        return work.current.id

    sign_in(OWNER, world, login_as)
    choose_language(client, language)
    save(hand_in=False, revision=0)
    problems = check_pages(client, [(learner_page, 200)], language)
    version_id = save(hand_in=True, revision=1)
    problems += check_pages(client, [(learner_page, 200)], language)
    sign_in(TRAINER, world, login_as)
    choose_language(client, language)
    marking = f"{overview}/{version_id}"
    problems += check_pages(client, [(overview, 200), (marking, 200)], language)
    assert not problems, "\n".join(problems)


# A page with everything right, and what one change breaks (the checks themselves).
GOOD_PAGE = """<!doctype html>
<html lang="ar" dir="rtl"><head><title>\u2068Owner Name (A)\u2069</title></head>
<body><a href="#main">skip</a><nav aria-label="n"><a href="/">home</a></nav>
<main id="main"><h1>T</h1><p>لـ <bdi>Owner Name (A)</bdi> <span dir="ltr">Owner Name (A)</span></p>
<form><label for="n">Name</label><input id="n" name="n" aria-describedby="n-hint">
<p id="n-hint">hint</p><label>X <input type="checkbox" name="c"></label>
<input type="hidden" name="h"><input type="submit" value="Go">
<select aria-label="L" name="s"><option>Owner Name (A)</option></select>
<textarea title="t" name="t">Owner Name (A)</textarea><img src="a.png" alt=""></form>
</main></body></html>"""
BROKEN = [
    ('dir="rtl"', 'dir="ltr"', '<html lang="ar" dir="ltr">, expected lang="ar" dir="rtl"'),
    ("<h1>T</h1>", "<h1>T</h1><h1>U</h1>", "2 <h1> elements, expected exactly one"),
    ("<h1>T</h1>", "<h2>T</h2>", "0 <h1> elements, expected exactly one"),
    ('<main id="main">', "<main>", "<main> elements with these ids: [None]"),
    ('<a href="#main">skip</a>', "", 'the first link goes to "/", not to <main>'),
    ('<p id="n-hint">', '<p id="n">', "ids used more than once: ['n']"),
    ('aria-describedby="n-hint"', 'aria-describedby="gone"', 'aria-describedby="gone" names no'),
    ('<label for="n">', '<label for="m">', 'label for="m" names no element on the page'),
    ('<label for="n">', '<label for="m">', '<input name="n" id="n"> has no label'),
    ('<select aria-label="L"', "<select", '<select name="s" id=""> has no label'),
    ('<textarea title="t"', "<textarea", '<textarea name="t" id=""> has no label'),
    ('alt=""', "", '<img src="a.png"> has no alt attribute'),
    ("لـ <bdi>Owner Name (A)</bdi>", "لـ Owner Name (A)", '"Owner Name (A)" is not isolated'),
    ('dir="ltr">Owner', 'dir="rtl">Owner', '"Owner Name (A)" is not isolated (<bdi>) in'),
    ("<title>\u2068Owner Name (A)\u2069", "<title>Owner Name (A)", "in the title"),
]


def all_problems(html: str) -> list[str]:
    return structure_problems(html, "ar") + unisolated_names(html, ["Owner Name (A)"])


def test_a_page_with_everything_right_passes_the_checks() -> None:
    assert all_problems(GOOD_PAGE) == []


@pytest.mark.parametrize(("old", "new", "problem"), BROKEN)
def test_each_check_finds_what_it_is_for(old: str, new: str, problem: str) -> None:
    assert old in GOOD_PAGE
    problems = all_problems(GOOD_PAGE.replace(old, new, 1))
    assert any(problem in found for found in problems), problems


def test_a_page_without_links_before_main_needs_no_skip_link() -> None:
    """A document on its own (the data export) has nothing to skip."""
    page = GOOD_PAGE.replace(
        '<a href="#main">skip</a><nav aria-label="n"><a href="/">home</a></nav>', ""
    )
    assert all_problems(page) == []
