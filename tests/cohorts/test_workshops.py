"""Workshops of a cohort: trainers add sessions and record attendance in the browser; the
hours count toward the cohort's qualification like credited workshop hours."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from qualify.accounts.models import Role, User
from qualify.audit.models import AuditEvent
from qualify.certificates.models import Certificate, Qualification, WorkshopCredit
from qualify.certificates.service import workshop_hours_of
from qualify.cohorts.models import Attendance, Cohort, Workshop
from tests.certificates.test_awarding import pass_course

pytestmark = pytest.mark.usefixtures("imported_content")

SESSION = {
    "title": "Präsenztag 1",
    "held_on": "2027-03-04",
    "starts_at": "09:00",
    "ends_at": "13:00",
    "place": "Magdeburg, Breiter Weg 1",
}


def add_workshop(client: FlaskClient, cohort: Cohort, **changes: str) -> Workshop | None:
    response = client.post(f"/trainer/cohorts/{cohort.id}/workshops", data=SESSION | changes)
    if response.status_code != 302:
        return None
    workshop_id = int(response.location.rsplit("/", 1)[1])
    return sa.orm.object_session(cohort).get(Workshop, workshop_id)


def url(workshop: Workshop) -> str:
    return f"/trainer/cohorts/{workshop.cohort_id}/workshops/{workshop.id}"


def test_a_trainer_adds_a_session_and_sees_it_on_the_workshops_page(
    client: FlaskClient, session: Session, login_as: Callable[..., User], make_cohort
) -> None:
    trainer = login_as(Role.TRAINER)
    cohort = make_cohort(trainer)
    workshop = add_workshop(client, cohort)
    assert workshop is not None
    assert (workshop.title, workshop.place) == ("Präsenztag 1", "Magdeburg, Breiter Weg 1")
    assert (workshop.held_on, workshop.hours, workshop.trainer_id) == (
        dt.date(2027, 3, 4),
        4,
        trainer.id,
    )
    page = client.get(f"/trainer/cohorts/{cohort.id}/workshops").get_data(as_text=True)
    assert "Präsenztag 1" in page and "09:00 – 13:00" in page and url(workshop) in page
    event = session.scalars(sa.select(AuditEvent)).one()
    assert (event.action, event.actor_id) == ("workshop_added", trainer.id)


def test_a_session_ending_before_it_starts_comes_back_as_typed(
    client: FlaskClient, session: Session, login_as: Callable[..., User], make_cohort
) -> None:
    cohort = make_cohort(login_as(Role.TRAINER))
    response = client.post(
        f"/trainer/cohorts/{cohort.id}/workshops", data=SESSION | {"ends_at": "08:00"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Der Workshop muss nach dem Beginn enden." in page
    assert 'value="Magdeburg, Breiter Weg 1"' in page
    assert session.scalars(sa.select(Workshop)).all() == []


def test_attendance_whole_partial_and_absent_and_recording_again_changes_it(
    client: FlaskClient,
    session: Session,
    login_as: Callable[..., User],
    make_user: Callable[..., User],
    make_cohort,
) -> None:
    trainer = login_as(Role.TRAINER)
    ada, ben, cem = (make_user(Role.LEARNER, name=n) for n in ("Ada", "Ben", "Cem"))
    cohort = make_cohort(trainer, ada, ben, cem)
    workshop = add_workshop(client, cohort)
    marks = {f"mark-{ada.id}": "whole", f"mark-{ben.id}": "hours", f"hours-{ben.id}": "2,5"}
    response = client.post(url(workshop), data=marks | {f"mark-{cem.id}": "absent"})
    assert response.status_code == 302
    hours = {a.user_id: a.hours for a in session.scalars(sa.select(Attendance))}
    assert hours == {ada.id: 4, ben.id: 2.5}
    credits = {c.user_id: c.hours for c in session.scalars(sa.select(WorkshopCredit))}
    assert credits == {ada.id: 4, ben.id: 2.5}
    page = client.get(url(workshop)).get_data(as_text=True)
    assert 'value="2.5"' in page
    assert "2 / 3" in client.get(f"/trainer/cohorts/{cohort.id}/workshops").get_data(as_text=True)

    again = {f"mark-{ada.id}": "hours", f"hours-{ada.id}": "1", f"mark-{cem.id}": "whole"}
    assert client.post(url(workshop), data=again).status_code == 302
    session.expire_all()
    hours = {a.user_id: a.hours for a in session.scalars(sa.select(Attendance))}
    assert hours == {ada.id: 1, cem.id: 4}
    credits = {c.user_id: c.hours for c in session.scalars(sa.select(WorkshopCredit))}
    assert credits == {ada.id: 1, cem.id: 4}
    events = session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert events == ["workshop_added", "attendance_recorded", "attendance_recorded"]


@pytest.mark.parametrize("typed", ["4,5", "-1", "0", "viel", "nan", "inf"])
def test_impossible_hours_are_refused_and_nothing_is_saved(
    client: FlaskClient,
    session: Session,
    login_as: Callable[..., User],
    make_user: Callable[..., User],
    make_cohort,
    typed: str,
) -> None:
    trainer = login_as(Role.TRAINER)
    ada, ben = make_user(Role.LEARNER, name="Ada"), make_user(Role.LEARNER, name="Ben")
    workshop = add_workshop(client, make_cohort(trainer, ada, ben))
    marks = {f"mark-{ada.id}": "whole", f"mark-{ben.id}": "hours", f"hours-{ben.id}": typed}
    response = client.post(url(workshop), data=marks)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Bitte geben Sie Stunden zwischen 0 und 4 ein." in page
    assert f'value="{typed}"' in page
    assert session.scalars(sa.select(Attendance)).all() == []
    assert session.scalars(sa.select(WorkshopCredit)).all() == []


def test_attendance_counts_toward_the_qualification_and_awards_it(
    client: FlaskClient,
    session: Session,
    login_as: Callable[..., User],
    make_cohort,
) -> None:
    learner = login_as(Role.LEARNER)
    pass_course(client)
    qualification = session.scalar(
        sa.select(Qualification).where(Qualification.slug == "mit-workshop")
    )
    trainer = login_as(Role.TRAINER)
    cohort = make_cohort(trainer, learner, qualification_id=qualification.id)
    first = add_workshop(client, cohort)
    client.post(url(first), data={f"mark-{learner.id}": "whole"})
    assert workshop_hours_of(session, learner.id) == {qualification.id: 4}
    slugs = {c.qualification.slug for c in session.scalars(sa.select(Certificate))}
    assert slugs == {"testzertifikat"}

    second = add_workshop(client, cohort, title="Präsenztag 2", held_on="2027-03-11")
    response = client.post(url(second), data={f"mark-{learner.id}": "whole"}, follow_redirects=True)
    assert "Ausgestellte Zertifikate: 1" in response.get_data(as_text=True)
    certificate = session.scalar(
        sa.select(Certificate).where(Certificate.qualification_id == qualification.id)
    )
    assert certificate is not None and certificate.workshop_hours == 8


def test_a_trainer_of_another_group_gets_404_on_every_workshop_url(
    client: FlaskClient,
    session: Session,
    login_as: Callable[..., User],
    make_user: Callable[..., User],
    make_cohort,
) -> None:
    trainer, learner = make_user(Role.TRAINER), make_user(Role.LEARNER)
    cohort = make_cohort(trainer, learner)
    login_as(trainer)
    workshop = add_workshop(client, cohort)
    stranger = login_as(Role.TRAINER)
    own = make_cohort(stranger)
    assert client.post(f"/trainer/cohorts/{cohort.id}/workshops", data=SESSION).status_code == 404
    assert client.get(url(workshop)).status_code == 404
    marks = {f"mark-{learner.id}": "whole"}
    assert client.post(url(workshop), data=marks).status_code == 404
    # The session under the stranger's own group: still not theirs.
    crossed = f"/trainer/cohorts/{own.id}/workshops/{workshop.id}"
    assert client.get(crossed).status_code == 404
    assert client.post(crossed, data=marks).status_code == 404
    assert session.scalars(sa.select(Attendance)).all() == []
