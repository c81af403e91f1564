"""Cohorts: trainers create groups and add participants; every trainer page shows a
trainer the learners of their own groups only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from qualify.accounts.models import Role, User
from qualify.assessment import service as quizzes
from qualify.audit.models import AuditEvent
from qualify.certificates.models import Qualification
from qualify.cohorts.models import Cohort, CohortMember, CohortState
from qualify.core.clock import utcnow
from qualify.courses import service as courses
from qualify.jobs.models import Job

pytestmark = pytest.mark.usefixtures("imported_content")


def qualification_id(session: Session) -> int:
    return session.scalar(sa.select(Qualification.id).where(Qualification.slug == "testzertifikat"))


def new_cohort(client: FlaskClient, session: Session, **changes: object):  # noqa: ANN201
    data = {
        "name": "KomBI 2027 Stendal",
        "qualification": qualification_id(session),
        "starts_on": "2027-02-01",
        "ends_on": "2027-06-30",
        "place": "Stendal",
        "capacity": "2",
        "at_risk_days": "14",
    }
    data.update(changes)
    return client.post("/trainer/cohorts/new", data=data)


def test_a_trainer_creates_a_group_and_trains_it(
    client: FlaskClient, session: Session, login_as: Callable[..., User]
) -> None:
    trainer = login_as(Role.TRAINER)
    response = new_cohort(client, session)
    cohort = session.scalars(sa.select(Cohort)).one()
    assert response.location == f"/trainer/cohorts/{cohort.id}"
    assert [t.user_id for t in cohort.trainers] == [trainer.id]
    assert cohort.place == "Stendal" and cohort.capacity == 2
    listing = client.get("/trainer/cohorts/").get_data(as_text=True)
    assert "KomBI 2027 Stendal" in listing and "0 / 2" in listing and "geplant" in listing
    event = session.scalars(sa.select(AuditEvent)).one()
    assert (event.action, event.actor_id) == ("cohort_created", trainer.id)


def test_a_wrong_form_comes_back_as_typed(
    client: FlaskClient, session: Session, login_as: Callable[..., User]
) -> None:
    login_as(Role.TRAINER)
    response = new_cohort(client, session, ends_on="2027-01-01", place="Atlantis")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Der letzte Tag kann nicht vor dem ersten Tag liegen." in page
    assert 'value="KomBI 2027 Stendal"' in page
    assert session.scalars(sa.select(Cohort)).all() == []


def test_participants_join_by_address_until_the_group_is_full(
    client: FlaskClient, session: Session, login_as: Callable[..., User], make_user
) -> None:
    learner = make_user(email="lena@example.org")
    colleague = make_user(Role.TRAINER, email="kollegin@example.org")
    login_as(Role.TRAINER)
    new_cohort(client, session)
    cohort = session.scalars(sa.select(Cohort)).one()
    url = f"/trainer/cohorts/{cohort.id}/participants"
    client.post(url, data={"email": "Lena@Example.org", "organisation": "Verein A"})
    refused = client.post(url, data={"email": colleague.email}).get_data(as_text=True)
    assert "Nur aktive Konten von Lernenden" in refused
    again = client.post(url, data={"email": learner.email}).get_data(as_text=True)
    assert "schon in der Gruppe" in again
    client.post(url, data={"email": "neu@example.org"})  # no account yet: invited
    invited = session.scalar(sa.select(User).where(User.email == "neu@example.org"))
    assert invited is not None and invited.password_hash is None
    assert "/invitation/" in session.scalars(sa.select(Job)).one().payload["text"]
    full = client.post(url, data={"email": "dritte@example.org"}).get_data(as_text=True)
    assert "Die Gruppe ist voll." in full and 'value="dritte@example.org"' in full
    assert session.scalar(sa.select(User).where(User.email == "dritte@example.org")) is None
    members = session.scalars(sa.select(CohortMember).order_by(CohortMember.id)).all()
    assert [(m.user_id, m.organisation) for m in members] == [
        (learner.id, "Verein A"),
        (invited.id, None),
    ]
    page = client.get(f"/trainer/cohorts/{cohort.id}").get_data(as_text=True)
    assert "lena@example.org" in page and "2 / 2" in page


def test_removing_a_participant_keeps_their_account(
    client: FlaskClient, session: Session, login_as: Callable[..., User], make_user, make_cohort
) -> None:
    learner = make_user()
    trainer = login_as(Role.TRAINER)
    cohort = make_cohort(trainer, learner)
    client.post(f"/trainer/cohorts/{cohort.id}/participants/{learner.id}/remove")
    assert session.scalars(sa.select(CohortMember)).all() == []
    assert session.get(User, learner.id) is not None
    actions = session.scalars(sa.select(AuditEvent.action)).all()
    assert actions == ["cohort_member_removed"]


def test_trainers_see_the_learners_of_their_own_groups_only(
    client: FlaskClient, session: Session, login_as: Callable[..., User], make_user, make_cohort
) -> None:
    mine, theirs = make_user(name="Mina Meine"), make_user(name="Theo Andere")
    course = courses.find_course(session, "testkurs")
    quiz = quizzes.quiz_for_course(session, course.id)
    for learner in (mine, theirs):
        courses.enrol(session, learner.id, course.id, utcnow())
        quizzes.submit_attempt(
            session, quizzes.start_attempt(session, learner.id, quiz, utcnow()), {}, utcnow()
        )
    trainer = login_as(Role.TRAINER)
    make_cohort(trainer, mine)
    make_cohort(make_user(Role.TRAINER), theirs)
    learners = client.get("/trainer/learners/testkurs").get_data(as_text=True)
    attempts = client.get("/trainer/quizzes/testkurs/attempts").get_data(as_text=True)
    for page in (learners, attempts):
        assert "Mina Meine" in page and "Theo Andere" not in page
    assert ">1<" in client.get("/trainer/learners/").get_data(as_text=True)
    login_as(Role.ADMIN)
    everyone = client.get("/trainer/learners/testkurs").get_data(as_text=True)
    assert "Mina Meine" in everyone and "Theo Andere" in everyone


def test_an_admin_chooses_the_trainers(
    client: FlaskClient, session: Session, login_as: Callable[..., User], make_user, make_cohort
) -> None:
    first, second = make_user(Role.TRAINER), make_user(Role.TRAINER)
    learner = make_user()
    cohort = make_cohort(first)
    login_as(Role.ADMIN)
    url = f"/trainer/cohorts/{cohort.id}/trainers"
    client.post(url, data={"trainers": [str(second.id)]})
    session.refresh(cohort)
    assert [t.user_id for t in cohort.trainers] == [second.id]
    client.post(url, data={"trainers": [str(learner.id)]})  # not a trainer: not a choice
    session.refresh(cohort)
    assert [t.user_id for t in cohort.trainers] == [second.id]


def test_a_group_is_planned_running_and_finished() -> None:
    cohort = Cohort(starts_on=dt.date(2027, 2, 1), ends_on=dt.date(2027, 6, 30))
    assert cohort.state_on(dt.date(2027, 1, 31)) is CohortState.PLANNED
    assert cohort.state_on(dt.date(2027, 2, 1)) is CohortState.RUNNING
    assert cohort.state_on(dt.date(2027, 6, 30)) is CohortState.RUNNING
    assert cohort.state_on(dt.date(2027, 7, 1)) is CohortState.FINISHED


def test_the_learner_sees_their_group_and_trainers_on_the_dashboard(
    client: FlaskClient, login_as: Callable[..., User], make_user, make_cohort
) -> None:
    trainer = make_user(Role.TRAINER, name="Tamara Trainerin")
    learner = login_as(Role.LEARNER)
    assert "Meine Gruppe" not in client.get("/dashboard").get_data(as_text=True)
    make_cohort(trainer, learner)
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Meine Gruppe" in page and "Gruppe von Tamara Trainerin" in page
    assert "Ihre Trainerin oder Ihr Trainer:" in page and "Online" in page
