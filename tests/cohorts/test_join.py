"""Joining a cohort through its shared link: expiry, capacity and learners only."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from qualify.accounts.models import Role, User
from qualify.cohorts.models import Cohort, CohortMember
from tests.conftest import PASSWORD


def share(client: FlaskClient, cohort: Cohort) -> str:
    """The trainer makes a link; the path to share, as the cohort page shows it."""
    client.post(f"/trainer/cohorts/{cohort.id}/join-link")
    page = client.get(f"/trainer/cohorts/{cohort.id}").get_data(as_text=True)
    return re.search(r"https://qualify\.test(/join/[\w-]+)", page).group(1)


def members(session: Session) -> list[int]:
    return list(session.scalars(sa.select(CohortMember.user_id).order_by(CohortMember.id)))


def test_a_learner_joins_with_the_link(
    client: FlaskClient, session: Session, login_as: Callable[..., User], make_cohort
) -> None:
    cohort = make_cohort(login_as(Role.TRAINER))
    link = share(client, cohort)
    learner = login_as(Role.LEARNER)
    page = client.get(link).get_data(as_text=True)
    assert cohort.name in page and "Der Gruppe beitreten" in page
    response = client.post(link)
    assert response.status_code == 302 and response.location == "/dashboard"
    assert members(session) == [learner.id]
    assert "Meine Gruppe" in client.get("/dashboard").get_data(as_text=True)
    client.post(link)
    assert members(session) == [learner.id]  # once


def test_visitors_are_sent_to_log_in_and_back(
    client: FlaskClient, login_as: Callable[..., User], make_user, make_cohort
) -> None:
    cohort = make_cohort(login_as(Role.TRAINER))
    link = share(client, cohort)
    client.post("/logout")
    page = client.get(link).get_data(as_text=True)
    assert f'href="/login?next={link}"' in page
    learner = make_user()
    data = {"email": learner.email, "password": PASSWORD}
    assert client.post(f"/login?next={link}", data=data).location == link


def test_an_old_or_expired_link_is_refused(
    client: FlaskClient, session: Session, login_as: Callable[..., User], make_cohort
) -> None:
    trainer = login_as(Role.TRAINER)
    cohort = make_cohort(trainer)
    old = share(client, cohort)
    new = share(client, cohort)
    assert client.get(old).status_code == 410
    session.refresh(cohort)
    cohort.join_expires_at = cohort.join_expires_at - dt.timedelta(days=15)
    session.commit()
    login_as(Role.LEARNER)
    assert client.get(new).status_code == 410 and client.post(new).status_code == 410
    assert members(session) == []


def test_a_full_group_and_other_roles_are_refused(
    client: FlaskClient, session: Session, login_as: Callable[..., User], make_user, make_cohort
) -> None:
    trainer = login_as(Role.TRAINER)
    first = make_user()
    cohort = make_cohort(trainer, first)
    link = share(client, cohort)
    client.post(link)  # the trainer themself
    assert members(session) == [first.id]
    cohort.capacity = 1
    session.commit()
    login_as(Role.LEARNER)
    client.post(link)
    assert "Die Gruppe ist voll." in client.get(link).get_data(as_text=True)
    assert members(session) == [first.id]
