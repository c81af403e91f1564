"""Awarding by the qualification's rules, against the database and through the pages: no
certificate while a required lesson, workshop hour or sign-off is missing (a marked
practice assignment: tests/assignments); electives; renewal; a trainer's award of a cohort."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from qualify.accounts.models import Role, User
from qualify.audit.models import AuditEvent
from qualify.certificates import service
from qualify.certificates.models import Certificate, Qualification
from qualify.certificates.qualificationfile import load_qualification
from qualify.certificates.rules import add_months
from qualify.cohorts.models import Cohort
from qualify.core.clock import utcnow
from qualify.jobs.models import Job
from qualify.learners.progress_matrix import QualificationState
from qualify.learners.progress_service import cohort_progress
from tests.conftest import count_queries
from tests.test_learner_journey import ALL_RIGHT, take_quiz

pytestmark = pytest.mark.usefixtures("imported_content")

TEXTS = "{de: Regeln, en: Rules, fr: Rules, ru: Rules, ar: Rules, es: Rules, pl: Rules, vi: Rules}"
LESSONS = ("erste-lektion", "zweite-lektion")


@pytest.fixture
def install(session: Session, tmp_path: Path) -> Callable[[str], Qualification]:
    """Make a qualification `regeln` with these rules the only one offered."""

    def install(rules: str) -> Qualification:
        path = tmp_path / "regeln.yaml"
        path.write_text(f"id: regeln\ntitle: {TEXTS}\ndescription: {TEXTS}\n{rules}", "utf-8")
        spec, problems = load_qualification(path)
        assert spec is not None, problems
        service.import_qualifications(session, [spec])
        session.commit()
        return session.scalars(sa.select(Qualification).filter_by(slug="regeln")).one()

    return install


def certificates(session: Session) -> list[Certificate]:
    session.expire_all()
    return list(session.scalars(sa.select(Certificate).order_by(Certificate.id)))


def events(session: Session, action: str) -> list[AuditEvent]:
    return list(session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)))


def text_of(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def pass_quiz(client: FlaskClient, labels: list[str] = ALL_RIGHT) -> str:
    client.post("/courses/testkurs/enrol")
    return take_quiz(client, labels)


def read(client: FlaskClient, lesson: str) -> None:
    assert client.post(f"/courses/testkurs/lessons/{lesson}/done").status_code == 302


def test_not_awarded_until_every_lesson_is_done(
    client: FlaskClient, login_as: Callable[..., User], session: Session, install
) -> None:
    install("courses:\n  - course: testkurs\n")  # lessons: all, by default
    learner = login_as(Role.LEARNER)
    pass_quiz(client)
    read(client, LESSONS[0])
    assert certificates(session) == []
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert "1 von 2 nötigen Lektionen erledigt" in dashboard
    read(client, LESSONS[1])  # the last lesson awards, through the lesson hook
    [certificate] = certificates(session)
    assert (certificate.user_id, certificate.courses[0]["course"]) == (learner.id, "testkurs")
    [event] = events(session, "certificate_issued")
    assert event.actor_id is None and event.details["via"] == "rules met"
    read(client, LESSONS[1])  # again: nothing new
    assert len(certificates(session)) == 1


def test_a_share_of_the_lessons_is_enough_when_the_file_says_so(
    client: FlaskClient, login_as: Callable[..., User], session: Session, install
) -> None:
    install("courses:\n  - course: testkurs\n    lessons: 50\n")
    login_as(Role.LEARNER)
    client.post("/courses/testkurs/enrol")
    read(client, LESSONS[1])
    assert certificates(session) == []
    take_quiz(client, ALL_RIGHT)
    assert len(certificates(session)) == 1


def test_not_awarded_until_the_workshop_hours_are_credited(
    client: FlaskClient, login_as: Callable[..., User], session: Session, install
) -> None:
    install(
        "courses:\n  - {course: testkurs, lessons: 0}\n"
        f"workshops:\n  hours: 8\n  description: {TEXTS}\n"
    )
    learner = login_as(Role.LEARNER)
    pass_quiz(client)
    assert certificates(session) == []
    day = utcnow().date()
    credit = {"held_on": day, "title": "Praxistag", "recorded_by_id": None, "now": utcnow()}
    assert service.credit_workshop(session, learner.id, "regeln", hours=7.5, **credit) == []
    [certificate] = service.credit_workshop(session, learner.id, "regeln", hours=0.5, **credit)
    assert certificate.workshop_hours == 8


def test_electives_need_so_many_of_their_courses(
    client: FlaskClient, login_as: Callable[..., User], session: Session, install
) -> None:
    install(
        "electives:\n  - choose: 1\n    courses:\n      - {course: testkurs, lessons: 0}\n"
        "      - course: noch-nicht-geschrieben\n"
    )
    login_as(Role.LEARNER)
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert "Wählen Sie 1 von diesen 2 Kursen:" in dashboard
    pass_quiz(client)
    [certificate] = certificates(session)
    assert [line["course"] for line in certificate.courses] == ["testkurs"]


def test_two_electives_of_which_one_is_unwritten_cannot_be_earned(
    client: FlaskClient, login_as: Callable[..., User], session: Session, install
) -> None:
    install(
        "electives:\n  - choose: 2\n    courses:\n      - {course: testkurs, lessons: 0}\n"
        "      - course: noch-nicht-geschrieben\n"
    )
    login_as(Role.LEARNER)
    pass_quiz(client)
    assert certificates(session) == []
    assert "kann noch nicht erworben werden" in client.get("/dashboard").get_data(as_text=True)


SIGN_OFF = "courses:\n  - {course: testkurs, lessons: 0}\nsign_off: true\n"


def test_sign_off_waits_for_the_trainer_who_awards_after_a_preview(
    client: FlaskClient,
    login_as: Callable[..., User],
    session: Session,
    make_user: Callable[..., User],
    make_cohort,
    install,
) -> None:
    qualification = install(SIGN_OFF)
    ready = login_as(Role.LEARNER, name="Bereit Person")
    pass_quiz(client)
    assert certificates(session) == []
    assert "Ihre Trainerin oder Ihr Trainer bestätigt jetzt" in client.get("/dashboard").get_data(
        as_text=True
    )
    late = make_user(Role.LEARNER, name="Spät Person")
    trainer = login_as(Role.TRAINER)
    cohort = make_cohort(trainer, ready, late, qualification_id=qualification.id)

    preview = client.get(f"/trainer/cohorts/{cohort.id}/award").get_data(as_text=True)
    assert f'name="user" value="{ready.id}"' in preview
    assert f'value="{late.id}"' not in preview  # not ready: no box to tick
    assert "Testkurs: noch zu bestehen" in text_of(preview)  # what the late one still needs
    response = client.post(
        f"/trainer/cohorts/{cohort.id}/award", data={"user": [str(ready.id), str(late.id)]}
    )
    assert response.status_code == 302
    assert "Ein Zertifikat ausgestellt." in client.get(response.headers["Location"]).get_data(
        as_text=True
    )
    [certificate] = certificates(session)
    assert certificate.user_id == ready.id and certificate.holder_name == "Bereit Person"
    [event] = events(session, "certificate_issued")
    assert (event.actor_id, event.subject_user_id) == (trainer.id, ready.id)
    assert event.details["cohort"] == cohort.id and event.ip_address == "127.0.0.1"
    assert session.scalar(sa.select(sa.func.count()).select_from(Job)) >= 1  # the mail


def test_a_trainer_awards_only_in_their_own_cohort(
    client: FlaskClient,
    login_as: Callable[..., User],
    session: Session,
    make_user: Callable[..., User],
    make_cohort,
    install,
) -> None:
    qualification = install(SIGN_OFF)
    learner = login_as(Role.LEARNER)
    pass_quiz(client)
    owner = make_user(Role.TRAINER)
    cohort = make_cohort(owner, learner, qualification_id=qualification.id)
    other = login_as(Role.TRAINER)
    other_cohort = make_cohort(other, make_user(), qualification_id=qualification.id)
    assert client.get(f"/trainer/cohorts/{cohort.id}/award").status_code == 404
    assert (
        client.post(f"/trainer/cohorts/{cohort.id}/award", data={"user": learner.id}).status_code
        == 404
    )
    # A learner of another cohort, named in one's own: ignored.
    client.post(f"/trainer/cohorts/{other_cohort.id}/award", data={"user": learner.id})
    assert certificates(session) == []
    login_as(learner)
    assert client.get(f"/trainer/cohorts/{cohort.id}/award").status_code == 403


def test_the_progress_matrix_is_complete_only_by_the_rules(
    client: FlaskClient,
    login_as: Callable[..., User],
    session: Session,
    make_user: Callable[..., User],
    make_cohort,
    install,
) -> None:
    qualification = install("courses:\n  - course: testkurs\n")
    learner = login_as(Role.LEARNER)
    pass_quiz(client)
    cohort = make_cohort(make_user(Role.TRAINER), learner, qualification_id=qualification.id)
    cohort = session.get_one(Cohort, cohort.id)
    [row] = cohort_progress(session, cohort, "de", utcnow().date()).rows
    assert row.state is QualificationState.IN_PROGRESS  # the quiz passed, lessons unread
    for lesson in LESSONS:
        read(client, lesson)
    [row] = cohort_progress(session, cohort, "de", utcnow().date()).rows
    assert row.state is QualificationState.CERTIFIED


RENEWAL = (
    "courses:\n  - {course: testkurs, lessons: 0}\n"
    "validity:\n  months: 24\n  renewal:\n    window_months: 3\n    workshop_hours: 4\n"
)


def test_renewal_issues_a_new_certificate_that_supersedes_the_old(
    client: FlaskClient, login_as: Callable[..., User], session: Session, install
) -> None:
    install(RENEWAL)
    learner = login_as(Role.LEARNER)
    pass_quiz(client)
    [old] = certificates(session)
    assert old.expires_at == add_months(old.issued_at, 24)

    def credit(on: dt.datetime) -> list[Certificate]:
        return service.credit_workshop(
            session,
            learner.id,
            "regeln",
            hours=4,
            held_on=on.date(),
            title="Auffrischung",
            recorded_by_id=None,
            now=on,
        )

    assert credit(add_months(old.issued_at, 12)) == []  # before renewal opens: not counted
    assert (
        service.award_due_qualifications(session, learner.id, add_months(old.issued_at, 22)) == []
    )
    renewal_day = add_months(old.issued_at, 22)
    [new] = credit(renewal_day)
    session.refresh(old)
    assert (old.superseded_by_id, old.superseded_at) == (new.id, renewal_day)
    assert new.issued_at == renewal_day and new.code != old.code
    assert new.expires_at == add_months(old.expires_at, 24)  # early renewal costs no time
    assert new.courses == old.courses and new.superseded_by_id is None
    [event] = events(session, "certificate_renewed")
    assert event.details["supersedes"] == old.code
    assert service.award_due_qualifications(session, learner.id, renewal_day) == []


def test_an_expired_certificate_is_renewed_from_the_day_of_renewal(
    client: FlaskClient, login_as: Callable[..., User], session: Session, install
) -> None:
    install(RENEWAL)
    learner = login_as(Role.LEARNER)
    pass_quiz(client)
    [old] = certificates(session)
    late = add_months(old.issued_at, 30)
    [new] = service.credit_workshop(
        session,
        learner.id,
        "regeln",
        hours=4,
        held_on=late.date(),
        title="Auffrischung",
        recorded_by_id=None,
        now=late,
    )
    assert new.expires_at == add_months(late, 24)


def test_the_award_page_reads_as_many_queries_for_2_as_for_8_participants(
    client: FlaskClient,
    login_as: Callable[..., User],
    session: Session,
    make_user: Callable[..., User],
    make_cohort,
    install,
) -> None:
    qualification = install(SIGN_OFF)
    trainer = login_as(Role.TRAINER)
    few = make_cohort(trainer, *(make_user() for _ in range(2)), qualification_id=qualification.id)
    many = make_cohort(trainer, *(make_user() for _ in range(8)), qualification_id=qualification.id)
    counts = []
    for cohort in (few, many):
        with count_queries() as statements:
            assert client.get(f"/trainer/cohorts/{cohort.id}/award").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]
