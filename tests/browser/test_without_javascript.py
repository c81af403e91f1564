"""Issue 14: everything works without JavaScript, shown in a real browser.

Each test opens a browser context with JavaScript switched off and walks one journey as a
person does: links, forms and their buttons only. Journeys that change what they touch do
it with accounts (and a group) made for the test, so the arranged accounts of the other
browser tests keep their state, also under xdist (each process has its own live site).
Texts are asserted as the person reads them: the site's catalogue translates them.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from babel.support import Translations
from playwright.sync_api import expect
from sqlalchemy.orm import Session

import qualify
from qualify.accounts import service as accounts
from qualify.accounts.models import Role
from qualify.authoring.models import CourseAuthor
from qualify.certificates.models import Qualification
from qualify.cohorts.models import Cohort, CohortMember, CohortTrainer
from qualify.core.clock import utcnow
from qualify.core.locales import LOCALE_NAMES
from qualify.courses.models import Course
from tests.browser.conftest import (
    EVERY_TYPE,
    LiveSite,
    answer_every_type,
    enrol,
    log_in,
    start_quiz,
)
from tests.conftest import PASSWORD, site_today

pytestmark = pytest.mark.browser

TRANSLATIONS = Path(qualify.__file__).parent / "translations"
RIGHT_ANSWER = "1 von 1 Punkten · richtig"  # a question's review line
ESSAY = (
    "Unser Verein führt ein Kassenbuch. Jede Einnahme und jede Ausgabe steht darin, mit "
    "einem Beleg. Einmal im Jahr prüfen zwei Mitglieder die Kasse und berichten der "
    "Versammlung."
)


def said(locale: str, message: str, **values: Any) -> str:
    """A text of the site as someone reading `locale` sees it."""
    text = Translations.load(str(TRANSLATIONS), [locale]).gettext(message)
    return text % values if values else text


@pytest.fixture
def without_js(browser: Any, live_site: LiveSite) -> Iterator[Callable[..., Any]]:
    """`without_js(locale, as_user=None)`: a blank page in a fresh browser context with
    JavaScript off, its browser asking for `locale`, signed in as `as_user` if given (an
    account's name: "learner-de", or one made by `new_account`)."""
    contexts: list[Any] = []

    def open_(locale: str = "de", as_user: str | None = None) -> Any:
        context = browser.new_context(locale=locale, java_script_enabled=False)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        if as_user is not None:
            log_in(page, live_site, as_user)
        return page

    yield open_
    for context in contexts:
        context.close()


def new_account(site: LiveSite, role: Role, locale: str = "de") -> tuple[str, int]:
    """An account of the test's own, confirmed, with the fixtures' password: (name, id)."""
    name = f"{role.value}-{uuid.uuid4().hex[:12]}"
    with Session(site.engine) as session:
        user = accounts.create_user(
            session,
            email=f"{name}@example.org",
            name=f"Neue {role.value.title()} {name[-4:]}",
            password=PASSWORD,
            role=role,
            locale=locale,
        )
        session.commit()
        return name, user.id


def new_group(site: LiveSite, trainer_id: int, learner_id: int) -> None:
    """A cohort of its own, so the trainer sees the learner's attempts and nobody else's
    group changes."""
    with Session(site.engine) as session:
        qualification = session.query(Qualification).filter_by(slug="testzertifikat").one()
        today = site_today()
        cohort = Cohort(
            name=f"Gruppe {uuid.uuid4().hex[:6]}",
            qualification_id=qualification.id,
            starts_on=today,
            ends_on=today + dt.timedelta(days=90),
            place="online",
            capacity=5,
        )
        cohort.trainers.append(CohortTrainer(user_id=trainer_id))
        cohort.members.append(CohortMember(user_id=learner_id))
        session.add(cohort)
        session.commit()


def make_author(site: LiveSite, user_id: int, course_slug: str) -> None:
    with Session(site.engine) as session:
        course = session.query(Course).filter_by(slug=course_slug).one()
        session.add(CourseAuthor(course_id=course.id, user_id=user_id, granted_at=utcnow()))
        session.commit()


def click(page: Any, role: str, name: str) -> None:
    """Press a button or follow a link by the text a person reads on it."""
    page.get_by_role(role, name=name, exact=True).click()


# 1. The language switcher -----------------------------------------------------------------


@pytest.mark.parametrize(("browser_locale", "chosen"), [("en", "de"), ("de", "ar")])
def test_a_visitor_switches_the_language_and_reads_the_catalogue_and_a_course(
    without_js: Any, live_site: LiveSite, browser_locale: str, chosen: str
) -> None:
    page = without_js(browser_locale)
    page.goto(f"{live_site.url}/")
    expect(page.locator("h1")).to_have_text(said(browser_locale, "Courses"))

    page.get_by_label(said(browser_locale, "Language")).select_option(label=LOCALE_NAMES[chosen])
    click(page, "button", said(browser_locale, "Change"))

    expect(page.locator("html")).to_have_attribute("lang", chosen)
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if chosen == "ar" else "ltr")
    expect(page).to_have_url(f"{live_site.url}/")  # the same page, in the chosen language
    expect(page.locator("h1")).to_have_text(said(chosen, "Courses"))
    course_title = {"de": "Testkurs", "ar": "دورة تجريبية"}[chosen]
    click(page, "link", course_title)

    expect(page).to_have_url(f"{live_site.url}/courses/testkurs")
    expect(page.locator("h1")).to_have_text(course_title)
    expect(page.get_by_role("heading", name=said(chosen, "Lessons"))).to_be_visible()
    expect(page.get_by_role("link", name=said(chosen, "Log in to enrol"))).to_be_visible()
    expect(page.get_by_label(said(chosen, "Language"))).to_have_value(chosen)


# 2. Register, enrol, learn ------------------------------------------------------------------


@pytest.mark.parametrize("locale", ["de", "ar"])
def test_a_visitor_registers_enrols_finishes_a_lesson_and_sees_the_progress(
    without_js: Any, live_site: LiveSite, locale: str
) -> None:
    page = without_js(locale)
    email = f"neu-{uuid.uuid4().hex[:12]}@example.org"
    page.goto(f"{live_site.url}/courses/testkurs")
    page.locator("main").get_by_role("link", name=said(locale, "create an account")).click()

    page.get_by_label(said(locale, "Full name")).fill("Samira Haddad")
    page.get_by_label(said(locale, "E-mail address")).fill(email)
    page.get_by_label(said(locale, "Password"), exact=True).fill(PASSWORD)
    page.get_by_label(said(locale, "Repeat password")).fill(PASSWORD)
    click(page, "button", said(locale, "Register"))

    expect(page.locator(".flash")).to_contain_text(email)
    expect(page).to_have_url(f"{live_site.url}/login")
    expect(page.get_by_label(said(locale, "E-mail address"))).to_have_value(email)
    page.get_by_label(said(locale, "Password"), exact=True).fill(PASSWORD)
    page.locator("main form").get_by_role("button", name=said(locale, "Log in")).click()
    page.wait_for_url(lambda url: "/login" not in url)

    page.goto(f"{live_site.url}/courses/testkurs")
    click(page, "button", said(locale, "Enrol in this course"))
    lesson_title = "Erste Lektion"  # the fixture lessons are German only
    page.locator("ol.outline").get_by_role("link", name=lesson_title).click()
    expect(page.locator("h1")).to_have_text(lesson_title)
    click(page, "button", said(locale, "Mark as done and continue"))
    page.wait_for_url("**/lessons/zweite-lektion")

    page.locator("header nav").get_by_role("link", name=said(locale, "My learning")).click()
    expect(page).to_have_url(f"{live_site.url}/dashboard")
    progress = said(
        locale, "%(percent)s %% · %(done)s of %(total)s lessons", percent=50, done=1, total=2
    )
    expect(page.locator("main")).to_contain_text(progress)
    expect(page.locator("main")).to_contain_text({"de": "Testkurs", "ar": "دورة تجريبية"}[locale])


# 3. The quiz with every question type --------------------------------------------------------


def navigate(page: Any, to: str) -> None:
    """Press a button of the question navigator ("Frage 3: nicht beantwortet") by its whole
    name: answered ones also show a check mark, which screen readers must not read out
    before the words that say the same ("✓ Frage 1: beantwortet")."""
    navigator = page.get_by_role("navigation", name="Fragen dieses Versuchs")
    navigator.get_by_role("button", name=to, exact=True).click()


def go_on(page: Any, page_number: int) -> None:
    """Press "Save and continue" and arrive on the next page of the attempt."""
    click(page, "button", said("de", "Save and continue"))
    page.wait_for_url(f"**?page={page_number}")


def test_a_learner_answers_every_question_type_and_sees_the_result(
    without_js: Any, live_site: LiveSite
) -> None:
    learner, _id = new_account(live_site, Role.LEARNER)
    page = without_js("de", as_user=learner)
    enrol(page, live_site, EVERY_TYPE)
    attempt_url = start_quiz(page, live_site, EVERY_TYPE)
    # JavaScript is off: the time limit is stated, but nothing counts down.
    expect(page.locator(".deadline")).to_contain_text("Zeitlimit")
    expect(page.locator(".countdown")).to_have_text("")
    expect(page.locator(".quiz-status")).to_contain_text("Seite 1 von 9")

    page.get_by_label("Jede Einnahme und Ausgabe").check()  # single choice
    go_on(page, 2)
    page.get_by_label("Eine Quittung").check()  # multiple choice
    page.get_by_label("Eine Rechnung").check()
    # The question navigator saves the page too, then goes to the question chosen.
    navigate(page, "Frage 1: beantwortet")
    page.wait_for_url("**?page=1")
    expect(page.get_by_label("Jede Einnahme und Ausgabe")).to_be_checked()
    navigate(page, "Frage 2: beantwortet")
    expect(page.get_by_label("Eine Quittung")).to_be_checked()
    expect(page.get_by_label("Eine Rechnung")).to_be_checked()
    expect(page.get_by_label("Eine Einladung zum Sommerfest")).not_to_be_checked()
    navigate(page, "Frage 3: nicht beantwortet")
    page.wait_for_url("**?page=3")

    page.get_by_label("Wahr", exact=True).check()  # true or false
    go_on(page, 4)
    # Numeric, in German notation. Enter in an answer saves and continues, as the button
    # the learner reads first ("Save and go back" comes first on the page) would not.
    page.get_by_label("Ihre Antwort").fill("1.234,50")
    page.get_by_label("Ihre Antwort").press("Enter")
    expect(page).to_have_url(re.compile(r"\?page=5$"))
    page.get_by_label("Ihre Antwort").fill("Kassenbuch")  # short text
    click(page, "button", "Antworten speichern")  # stays on the page
    expect(page.locator(".flash")).to_contain_text(
        said("de", "Your answers are saved. You can continue later.")
    )
    expect(page.get_by_label("Ihre Antwort")).to_have_value("Kassenbuch")
    go_on(page, 6)
    page.get_by_label("Mitgliedsbeiträge").select_option(label="ideeller Bereich")  # matching
    page.get_by_label("Kuchenverkauf beim Straßenfest").select_option(
        label="wirtschaftlicher Geschäftsbetrieb"
    )
    go_on(page, 7)
    for position, step in enumerate(["Belege sammeln", "Kassenprüfung", "Vorstand entlasten"], 1):
        page.get_by_label(step).select_option(str(position))  # ordering
    go_on(page, 8)
    page.get_by_label("Lücke 1").fill("Sphären")  # cloze
    page.get_by_label("Lücke 2").select_option(label="ideellen Bereich")
    click(page, "button", "Speichern und zurück")
    page.wait_for_url("**?page=7")
    expect(page.get_by_label("Kassenprüfung")).to_have_value("2")
    go_on(page, 8)
    expect(page.get_by_label("Lücke 1")).to_have_value("Sphären")
    expect(page.get_by_label("Lücke 2").locator("option:checked")).to_have_text("ideellen Bereich")
    go_on(page, 9)
    page.get_by_label("Ihre Antwort").fill(ESSAY)  # essay
    navigator = page.get_by_role("navigation", name="Fragen dieses Versuchs")
    for number in range(1, 9):
        expect(navigator).to_contain_text(f"Frage {number}: beantwortet")
    click(page, "button", "Zur Bewertung abgeben")

    page.wait_for_url(attempt_url)
    expect(page.locator("h1")).to_have_text("Ihr Ergebnis")
    expect(page.locator(".result")).to_contain_text("Bisher haben Sie 8 von 10 Punkten")
    reviews = page.locator("section.review")
    expect(reviews).to_have_count(9)
    for number in range(8):  # every answer right, each on its own page
        expect(reviews.nth(number).locator("p.muted").first).to_have_text(RIGHT_ANSWER)
    expect(reviews.nth(8)).to_contain_text("Ihre Trainer*in bewertet diese Antwort.")
    expect(reviews.nth(8)).to_contain_text(ESSAY)


# 4. A trainer marks an essay -------------------------------------------------------------------

POINTS_SO_FAR = re.compile(r"Punkte bisher: ([0-9,]+) von 10\.")
GRADED = re.compile(r"([0-9,]+) von 10 Punkten \(")


def points(text: str | None, pattern: re.Pattern[str]) -> float:
    """The points a sentence of the trainer's page states, in German notation."""
    match = pattern.search(text or "")
    assert match, text
    return float(match.group(1).replace(",", "."))


def test_a_trainer_grades_the_essay_of_a_submitted_attempt(
    without_js: Any, live_site: LiveSite
) -> None:
    learner, learner_id = new_account(live_site, Role.LEARNER)
    trainer, trainer_id = new_account(live_site, Role.TRAINER)
    new_group(live_site, trainer_id, learner_id)
    learner_page = without_js("de", as_user=learner)
    result_url = answer_every_type(learner_page, live_site)  # partly right; the essay waits

    page = without_js("de", as_user=trainer)
    page.goto(f"{live_site.url}/trainer/quizzes/{EVERY_TYPE}/attempts")
    click(page, "link", "Nur Versuche zeigen, die auf Bewertung warten")
    row = page.get_by_role("row").filter(has_text=f"{learner}@example.org")
    expect(row).to_contain_text("wartet auf Bewertung")
    row.get_by_role("link", name="Versuch 1").click()
    status = page.locator("main h1 + p")
    expect(status).to_contain_text("Wartet auf Bewertung.")
    before = points(status.text_content(), POINTS_SO_FAR)

    page.get_by_label("Punkte (0 bis 2)").fill("2")
    page.get_by_label("Kommentar für die Lernenden").fill("Gut: Kassenbuch, Belege, Prüfung.")
    click(page, "button", "Bewertung speichern")

    expect(page.locator(".flash")).to_have_text("Die Bewertung ist gespeichert.")
    expect(page).to_have_url(f"{live_site.url}/trainer/quizzes{result_url[len(live_site.url) :]}")
    assert points(status.text_content(), GRADED) == before + 2
    essay = page.locator("section.review").last
    expect(essay).to_contain_text("2 von 2 Punkten · richtig")
    expect(essay).to_contain_text("Gut: Kassenbuch, Belege, Prüfung.")

    learner_page.goto(result_url)  # the learner sees the mark and the comment
    expect(learner_page.locator(".result .score")).to_contain_text(" von 10 Punkten")
    expect(learner_page.locator("section.review").last).to_contain_text(
        "Kommentar Ihrer Trainer*in"
    )


# 5. The lesson editor's Preview button ------------------------------------------------------------

LESSON = f"/trainer/authoring/{EVERY_TYPE}/lessons/vereinskasse/de"
ADDED = "## Belege aufbewahren\n\nBelege bleiben **zehn Jahre** im Ordner des Vereins."


def test_a_trainer_previews_and_saves_a_lesson(without_js: Any, live_site: LiveSite) -> None:
    trainer, trainer_id = new_account(live_site, Role.TRAINER)
    make_author(live_site, trainer_id, EVERY_TYPE)  # a course no other test edits
    page = without_js("de", as_user=trainer)
    page.goto(f"{live_site.url}/trainer/authoring/")
    click(page, "link", "Alle Fragetypen")
    # "Edit" with the lesson and language for screen readers (a visually hidden block)
    page.get_by_role(
        "link", name=re.compile(r"^Bearbeiten ?: Die Vereinskasse \(Deutsch\)$")
    ).click()
    expect(page).to_have_url(live_site.url + LESSON)
    text = page.get_by_label("Text (Markdown)")
    saved = text.input_value().strip()
    typed = f"{saved}\n\n{ADDED}"
    text.fill(typed)

    click(page, "button", "Vorschau")
    preview = page.get_by_role("region", name="Vorschau")
    expect(preview.get_by_role("heading", name="Belege aufbewahren")).to_be_visible()
    expect(preview.locator("strong")).to_have_text("zehn Jahre")
    expect(page.get_by_role("heading", name="Prüfung des Texts im Formular")).to_be_visible()
    expect(text).to_have_value(typed)  # the typed text stays in the form ...
    draft = page.context.new_page()  # ... and is not saved yet
    draft.goto(live_site.url + LESSON)
    assert draft.get_by_label("Text (Markdown)").input_value().strip() == saved
    draft.close()

    click(page, "button", "Entwurf speichern")
    expect(page.locator(".flash")).to_have_text(
        "Der Entwurf ist gespeichert. Die Lernenden sehen ihn, sobald er veröffentlicht ist."
    )
    expect(page).to_have_url(live_site.url + LESSON)
    expect(page.get_by_role("heading", name="Prüfung des gespeicherten Entwurfs")).to_be_visible()
    assert page.get_by_label("Text (Markdown)").input_value().strip() == typed


# 6. A form error ---------------------------------------------------------------------------------


@pytest.mark.parametrize("locale", ["de", "ar"])
def test_a_form_error_shows_the_summary_and_keeps_what_was_typed(
    without_js: Any, live_site: LiveSite, locale: str
) -> None:
    page = without_js(locale)
    page.goto(f"{live_site.url}/register")
    email = f"tippfehler-{uuid.uuid4().hex[:12]}@example.org"
    page.get_by_label(said(locale, "Full name")).fill("Nguyễn Thị Lan")
    page.get_by_label(said(locale, "E-mail address")).fill(email)
    page.get_by_label(said(locale, "Password"), exact=True).fill(PASSWORD)
    page.get_by_label(said(locale, "Repeat password")).fill(PASSWORD + "!")
    page.get_by_label(said(locale, "Preferred language")).select_option("vi")
    page.get_by_label(said(locale, "Member of a migrant organisation")).check()
    page.locator("main form").get_by_role("button", name=said(locale, "Register")).click()

    expect(page).to_have_url(f"{live_site.url}/register")
    summary = page.get_by_role("alert").filter(
        has_text=said(locale, "Please correct the following:")
    )
    expect(summary).to_be_focused()  # the browser's own autofocus, no script
    mismatch = said(locale, "The passwords do not match.")
    link = summary.get_by_role("link", name=f"{said(locale, 'Repeat password')}: {mismatch}")
    expect(link).to_have_attribute("href", "#password_repeat")
    expect(page.get_by_label(said(locale, "Repeat password"))).to_have_attribute(
        "aria-invalid", "true"
    )
    expect(page.get_by_label(said(locale, "Full name"))).to_have_value("Nguyễn Thị Lan")
    expect(page.get_by_label(said(locale, "E-mail address"))).to_have_value(email)
    expect(page.get_by_label(said(locale, "Preferred language"))).to_have_value("vi")
    expect(page.get_by_label(said(locale, "Member of a migrant organisation"))).to_be_checked()
    # Passwords alone are never sent back into a page.
    expect(page.get_by_label(said(locale, "Password"), exact=True)).to_have_value("")
    link.click()
    expect(page).to_have_url(f"{live_site.url}/register#password_repeat")
