"""Practice assignments through the pages: a learner writes, saves and hands in; a trainer
of the learner's cohort marks; a failed mark opens a new version, a pass completes the
qualification. Nobody else sees the text; drafts stay the learner's."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from qualify.accounts.models import Role, User
from qualify.assignments import service
from qualify.assignments.handing_in import AssignmentTask
from qualify.assignments.models import AssignmentSubmission, AssignmentVersion
from qualify.audit.models import AuditEvent
from qualify.certificates import service as certificates
from qualify.certificates.models import Certificate, Qualification
from qualify.certificates.qualification_pages import qualification_index
from qualify.certificates.qualificationfile import load_qualification
from qualify.core.clock import utcnow
from tests.assessment.test_quiz_rules import install_quiz
from tests.conftest import count_queries
from tests.test_learner_journey import take_quiz

pytestmark = pytest.mark.usefixtures("imported_content")

TEXTS = "{de: Regeln, en: Rules, fr: Rules, ru: Rules, ar: Rules, es: Rules, pl: Rules, vi: Rules}"
# The fixture course's three questions, drawn per tag, and an essay no attempt draws.
QUIZ = """
pass_mark: 60
draw: {grundlagen: 3}
questions:
  - id: farbe
    tags: [grundlagen]
    type: single_choice
    prompt: {de: Welche Farbe hat der Himmel?, en: What colour is the sky?}
    options:
      - {id: blau, text: {de: Blau, en: Blue}, correct: true}
      - {id: gruen, text: {de: Grün, en: Green}}
    feedback: {de: Blau., en: Blue.}
  - id: zahlen
    tags: [grundlagen]
    type: multiple_choice
    prompt: {de: Welche Zahlen sind gerade?, en: Which numbers are even?}
    options:
      - {id: zwei, text: {de: Zwei, en: Two}, correct: true}
      - {id: drei, text: {de: Drei, en: Three}}
      - {id: vier, text: {de: Vier, en: Four}, correct: true}
    feedback: {de: Zwei und vier., en: Two and four.}
  - id: erde
    tags: [grundlagen]
    type: true_false
    answer: true
    prompt: {de: Die Erde ist rund., en: The earth is round.}
    feedback: {de: Ja., en: Yes.}
  - id: praxis
    tags: [praxis]
    type: essay
    points: 10
    min_words: 5
    max_words: 40
    prompt: {de: Beschreiben Sie Ihre Organisation., en: Describe your organisation.}
    grader_info: {de: Fünf Kriterien., en: "Five criteria, two points each."}
    feedback: {de: Danke., en: Thank you for your assignment.}
"""
URL = "/qualifications/regeln/assignment"
ALL_RIGHT = ["Blue", "Two", "Four", "True"]  # the quiz in English
GOOD = "Unsere Organisation hat drei Abteilungen und eine Leitung, die zuhört."


@pytest.fixture
def regeln(session: Session, tmp_path: Path) -> Qualification:
    """The only qualification offered: the test course's quiz and its practice assignment."""
    return install_regeln(session, tmp_path)


def install_regeln(session: Session, tmp_path: Path) -> Qualification:
    """Install the quiz with the essay and the qualification "regeln" that assigns it."""
    install_quiz(session, QUIZ)
    path = tmp_path / "regeln.yaml"
    path.write_text(
        f"id: regeln\ntitle: {TEXTS}\ndescription: {TEXTS}\n"
        "courses:\n  - {course: testkurs, lessons: 0}\n"
        "assignment:\n  course: testkurs\n  question: praxis\n  min_percent: 70\n",
        "utf-8",
    )
    spec, problems = load_qualification(path)
    assert spec is not None, problems
    certificates.import_qualifications(session, [spec])
    session.commit()
    return session.scalars(sa.select(Qualification).filter_by(slug="regeln")).one()


def versions(session: Session, user: User) -> list[AssignmentVersion]:
    session.expire_all()
    return list(
        session.scalars(
            sa.select(AssignmentVersion)
            .join(AssignmentSubmission)
            .where(AssignmentSubmission.user_id == user.id)
            .order_by(AssignmentVersion.number)
        )
    )


def revision(session: Session, user: User) -> str:
    session.expire_all()
    value = session.scalar(
        sa.select(AssignmentSubmission.revision).where(AssignmentSubmission.user_id == user.id)
    )
    return str(value or 0)


def send(client: FlaskClient, text: str, rev: str, *, hand_in: bool = False) -> tuple[int, str]:
    button = {"hand_in": "1"} if hand_in else {"save": "1"}
    response = client.post(URL, data={"text": text, "revision": rev, **button})
    return response.status_code, response.get_data(as_text=True)


def hand_in(client: FlaskClient, session: Session, learner: User, text: str = GOOD) -> None:
    status, _ = send(client, text, revision(session, learner), hand_in=True)
    assert status == 302


def mark(client: FlaskClient, cohort_id: int, version_id: int, points: int, comment: str = ""):  # noqa: ANN201
    return client.post(
        f"/trainer/cohorts/{cohort_id}/assignments/{version_id}",
        data={"points": str(points), "comment": comment},
    )


def awarded(session: Session, learner: User) -> list[Certificate]:
    session.expire_all()
    return list(session.scalars(sa.select(Certificate).where(Certificate.user_id == learner.id)))


def test_a_learner_saves_a_draft_then_hands_it_in(
    client: FlaskClient, login_as: Callable[..., User], session: Session, regeln: Qualification
) -> None:
    learner = login_as(Role.LEARNER, locale="en")
    page = client.get(URL).get_data(as_text=True)
    assert "Describe your organisation." in page and "Five criteria, two points each." in page
    assert "Length: 5 to 40 words." in page and "it is passed from 70 %" in page

    assert send(client, "Erster Entwurf", "0")[0] == 302
    assert "Erster Entwurf</textarea>" in client.get(URL).get_data(as_text=True)

    status, page = send(client, "Zu kurz", "1", hand_in=True)
    assert status == 200 and "Your text has 2 words; it needs at least 5." in page
    assert "Zu kurz</textarea>" in page  # what was typed is kept
    [draft] = versions(session, learner)
    assert draft.text == "Erster Entwurf" and draft.handed_in_at is None

    hand_in(client, session, learner)
    [handed_in] = versions(session, learner)
    assert handed_in.text == GOOD and handed_in.handed_in_at is not None
    page = client.get(URL).get_data(as_text=True)
    assert "Handed in on" in page and "<textarea" not in page and GOOD in page


def test_a_stale_tab_or_a_second_click_changes_nothing_and_keeps_the_text(
    client: FlaskClient, login_as: Callable[..., User], session: Session, regeln: Qualification
) -> None:
    learner = login_as(Role.LEARNER, locale="en")
    assert send(client, "Aus Tab eins", "0")[0] == 302
    status, page = send(client, "Aus Tab zwei", "0")  # the second tab opened before the save
    assert status == 200 and "changed in another window or tab" in page
    assert "Aus Tab zwei</textarea>" in page
    assert f'name="revision" type="hidden" value="{revision(session, learner)}"' in page
    assert [v.text for v in versions(session, learner)] == ["Aus Tab eins"]

    hand_in(client, session, learner)
    status, page = send(client, GOOD + " noch einmal", "1", hand_in=True)  # a double click
    assert status == 200 and "it can be changed after marking only" in page
    assert [(v.text, v.number) for v in versions(session, learner)] == [(GOOD, 1)]


def test_two_first_saves_at_once_make_one_submission(
    session: Session, make_user: Callable[..., User], regeln: Qualification
) -> None:
    learner = make_user()
    task = qualification_index(session).assignment(slug="regeln")
    assert isinstance(task, AssignmentTask)
    save = dict(user_id=learner.id, task=task, revision=0, hand_in=False, now=utcnow())
    service.save_text(session, text="eins", **save)
    with pytest.raises(service.AssignmentError) as refused:
        service.save_text(session, text="zwei", **save)
    assert refused.value.code == "stale"
    assert [v.text for v in versions(session, learner)] == ["eins"]


def test_a_fail_opens_a_new_version_and_a_pass_awards_the_certificate(
    client: FlaskClient,
    login_as: Callable[..., User],
    session: Session,
    make_cohort: Callable,
    regeln: Qualification,
) -> None:
    learner = login_as(Role.LEARNER, locale="en")
    client.post("/courses/testkurs/enrol")
    take_quiz(client, ALL_RIGHT)
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert "hand it in; a trainer marks it" in dashboard and URL in dashboard
    hand_in(client, session, learner)
    assert "handed in, waiting for marking" in client.get("/dashboard").get_data(as_text=True)
    assert awarded(session, learner) == []

    trainer = login_as(Role.TRAINER, locale="en")
    cohort = make_cohort(trainer, learner, qualification_id=regeln.id)
    overview = client.get(f"/trainer/cohorts/{cohort.id}/assignments").get_data(as_text=True)
    assert "waiting for marking" in overview
    [first] = versions(session, learner)
    refused = mark(client, cohort.id, first.id, 5)
    assert refused.status_code == 200 and "Say in a comment" in refused.get_data(as_text=True)
    assert mark(client, cohort.id, first.id, 5, "Die Analyse fehlt.").status_code == 302
    assert awarded(session, learner) == []
    [event] = session.scalars(sa.select(AuditEvent).filter_by(action="assignment_marked")).all()
    assert event.actor_id == trainer.id and event.subject_user_id == learner.id
    assert event.details["points"] == 5 and event.details["passed"] is False

    login_as(learner)
    page = client.get(URL).get_data(as_text=True)
    assert "Not passed yet" in page and "Die Analyse fehlt." in page
    assert f"{GOOD}</textarea>" in page  # to revise
    assert "revise it and hand it in again" in client.get("/dashboard").get_data(as_text=True)
    hand_in(client, session, learner, GOOD + " Jetzt mit Analyse.")
    first, second = versions(session, learner)
    assert first.points == 5 and first.text == GOOD and second.handed_in_at is not None

    login_as(trainer)
    assert mark(client, cohort.id, first.id, 9, "noch einmal").status_code == 200  # marked
    assert mark(client, cohort.id, second.id, 8).status_code == 302
    [certificate] = awarded(session, learner)
    assert certificate.qualification_id == regeln.id

    login_as(learner)
    page = client.get(URL).get_data(as_text=True)
    assert "Passed" in page and "Thank you for your assignment." in page
    assert "Earlier versions" in page and "Die Analyse fehlt." in page
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert "Die Analyse fehlt." not in dashboard


def test_a_passed_assignment_alone_awards_nothing(
    client: FlaskClient,
    login_as: Callable[..., User],
    session: Session,
    make_cohort: Callable,
    regeln: Qualification,
) -> None:
    learner = login_as(Role.LEARNER, locale="en")
    hand_in(client, session, learner)
    trainer = login_as(Role.TRAINER, locale="en")
    cohort = make_cohort(trainer, learner, qualification_id=regeln.id)
    [version] = versions(session, learner)
    assert mark(client, cohort.id, version.id, 10).status_code == 302
    assert awarded(session, learner) == []  # the quiz is not passed yet
    login_as(learner)
    assert "marked: 100 %" in client.get("/dashboard").get_data(as_text=True)
    client.post("/courses/testkurs/enrol")
    take_quiz(client, ALL_RIGHT)
    assert len(awarded(session, learner)) == 1


def test_nobody_else_sees_the_text_and_drafts_stay_private(
    client: FlaskClient,
    login_as: Callable[..., User],
    session: Session,
    make_user: Callable[..., User],
    make_cohort: Callable,
    regeln: Qualification,
) -> None:
    drafter = login_as(Role.LEARNER, locale="en")
    assert send(client, "Geheimer Entwurf", "0")[0] == 302
    learner = login_as(Role.LEARNER, locale="en")
    hand_in(client, session, learner)
    [draft], [handed_in] = versions(session, drafter), versions(session, learner)

    login_as(drafter)  # another learner sees only their own work
    assert GOOD not in client.get(URL).get_data(as_text=True)
    assert client.get(f"/trainer/cohorts/1/assignments/{handed_in.id}").status_code == 403

    trainer = make_user(Role.TRAINER, locale="en")
    cohort = make_cohort(trainer, learner, drafter, qualification_id=regeln.id)
    login_as(Role.TRAINER, locale="en")  # trains another cohort, without these two
    other = make_cohort(make_user(Role.TRAINER), make_user(), qualification_id=regeln.id)
    assert client.get(f"/trainer/cohorts/{cohort.id}/assignments").status_code == 404
    assert mark(client, cohort.id, handed_in.id, 10).status_code == 404
    assert mark(client, other.id, handed_in.id, 10).status_code == 404  # not in that cohort
    assert versions(session, learner)[0].marked_at is None

    login_as(trainer)
    overview = client.get(f"/trainer/cohorts/{cohort.id}/assignments").get_data(as_text=True)
    assert "draft (not handed in)" in overview and "Geheimer Entwurf" not in overview
    assert client.get(f"/trainer/cohorts/{cohort.id}/assignments/{draft.id}").status_code == 404
    assert GOOD in client.get(f"/trainer/cohorts/{cohort.id}/assignments/{handed_in.id}").get_data(
        as_text=True
    )
    assert re.search(
        r"/trainer/cohorts/\d+/assignments",
        client.get(f"/trainer/cohorts/{cohort.id}").get_data(as_text=True),
    )


def test_the_learner_page_speaks_german(
    client: FlaskClient, login_as: Callable[..., User], regeln: Qualification
) -> None:
    login_as(Role.LEARNER)
    page = client.get(URL).get_data(as_text=True)
    assert "Praxisaufgabe" in page and "Beschreiben Sie Ihre Organisation." in page
    assert "Länge: 5 bis 40 Wörter." in page and "Abgeben" in page
    assert "Zur Praxisaufgabe" in client.get("/qualifications/regeln").get_data(as_text=True)


def test_the_public_page_links_the_assignment(
    client: FlaskClient, login_as: Callable[..., User], regeln: Qualification
) -> None:
    page = client.get("/qualifications/regeln").get_data(as_text=True)
    assert URL in page
    assert client.get(URL).status_code == 302  # to the login
    login_as(Role.LEARNER)  # a qualification without an assignment has no such page
    assert client.get("/qualifications/testzertifikat/assignment").status_code == 404


def test_the_cohorts_list_reads_a_fixed_number_of_queries(
    client: FlaskClient,
    login_as: Callable[..., User],
    session: Session,
    make_user: Callable[..., User],
    make_cohort: Callable,
    regeln: Qualification,
) -> None:
    task = qualification_index(session).assignment(slug="regeln")
    learners = [make_user() for _ in range(6)]
    for learner in learners:
        save = dict(user_id=learner.id, task=task, revision=0, now=utcnow())
        service.save_text(session, text=GOOD, hand_in=True, **save)
    trainer = login_as(Role.TRAINER, locale="en")
    few = make_cohort(trainer, learners[0], qualification_id=regeln.id)
    many = make_cohort(trainer, *learners, qualification_id=regeln.id)
    counts = []
    for cohort in (few, many):
        with count_queries() as statements:
            page = client.get(f"/trainer/cohorts/{cohort.id}/assignments")
        assert page.status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]
    assert page.get_data(as_text=True).count("Mark it") == len(learners)
