"""The learner's dashboard lists the next workshop dates of their groups: from today on,
soonest first, at most five with the count of the rest, never another group's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from qualify.accounts.models import Role, User
from qualify.cohorts.models import Cohort, Workshop
from qualify.cohorts.service import upcoming_workshops
from tests.conftest import count_queries, site_today

pytestmark = pytest.mark.usefixtures("imported_content")


def add_session(session: Session, cohort: Cohort, title: str, days: int, hour: int = 9) -> None:
    session.add(
        Workshop(
            cohort_id=cohort.id,
            title=title,
            held_on=site_today() + dt.timedelta(days=days),
            starts_at=dt.time(hour),
            ends_at=dt.time(hour + 3),
            place=f"Ort von {title}",
        )
    )
    session.commit()


def test_a_member_sees_upcoming_sessions_not_past_ones_nor_other_groups(
    client: FlaskClient,
    session: Session,
    login_as: Callable[..., User],
    make_user: Callable[..., User],
    make_cohort: Callable[..., Cohort],
) -> None:
    learner = login_as(Role.LEARNER)
    mine = make_cohort(make_user(Role.TRAINER), learner)
    other = make_cohort(make_user(Role.TRAINER), make_user())
    add_session(session, mine, "Termin in einer Woche", 7)
    add_session(session, mine, "Termin heute", 0)
    add_session(session, mine, "Termin gestern", -1)
    add_session(session, other, "Fremder Termin", 3)

    page = client.get("/dashboard").get_data(as_text=True)
    assert "Kommende Workshops" in page
    assert page.index("Termin heute") < page.index("Termin in einer Woche")
    assert "Ort von Termin in einer Woche" in page and "09:00 – 12:00" in page and mine.name in page
    assert "Termin gestern" not in page and "Fremder Termin" not in page


def test_five_are_shown_with_the_count_of_the_rest(
    session: Session, make_user: Callable[..., User], make_cohort: Callable[..., Cohort]
) -> None:
    learner = make_user()
    first = make_cohort(make_user(Role.TRAINER), learner)
    second = make_cohort(make_user(Role.TRAINER), learner)
    for day in range(4):
        add_session(session, first, f"Erste {day}", day * 2)
        add_session(session, second, f"Zweite {day}", day * 2 + 1)
    add_session(session, second, "Früh", 0, hour=8)

    upcoming = upcoming_workshops(session, learner.id, site_today())
    titles = [row.workshop.title for row in upcoming.workshops]
    assert titles == ["Früh", "Erste 0", "Zweite 0", "Erste 1", "Zweite 1"]
    assert upcoming.more == 4
    assert {row.cohort_name for row in upcoming.workshops} == {first.name, second.name}
    assert upcoming_workshops(session, make_user().id, site_today()).workshops == []


def test_the_dashboard_says_how_many_more_follow_in_constant_queries(
    client: FlaskClient,
    session: Session,
    login_as: Callable[..., User],
    make_user: Callable[..., User],
    make_cohort: Callable[..., Cohort],
) -> None:
    learner = login_as(Role.LEARNER)
    cohort = make_cohort(make_user(Role.TRAINER), learner)
    assert "Es sind noch keine Workshop-Termine geplant." in client.get("/dashboard").get_data(
        as_text=True
    )
    add_session(session, cohort, "Termin 0", 0)
    with count_queries() as few:
        client.get("/dashboard")
    for day in range(1, 9):
        add_session(session, cohort, f"Termin {day}", day)
    with count_queries() as many:
        page = client.get("/dashboard").get_data(as_text=True)
    assert len(many) == len(few)
    assert "Termin 4" in page and "Termin 5" not in page
    assert "4 weitere Workshop-Termine folgen." in page


def test_today_is_the_sites_today_just_after_midnight(
    client: FlaskClient,
    session: Session,
    login_as: Callable[..., User],
    make_user: Callable[..., User],
    make_cohort: Callable[..., Cohort],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """At 00:30 in Halle it is still 23:30 of the day before in UTC: yesterday's workshop is
    over, today's is coming (by UTC days it showed the other way round)."""
    learner = login_as(Role.LEARNER)
    cohort = make_cohort(make_user(Role.TRAINER), learner)
    for title, day in (("Am Sonntag", 6), ("Am Montag", 7)):
        session.add(
            Workshop(
                cohort_id=cohort.id,
                title=title,
                held_on=dt.date(2026, 12, day),
                starts_at=dt.time(9),
                ends_at=dt.time(12),
                place="Halle",
            )
        )
    session.commit()
    half_past_midnight = dt.datetime(2026, 12, 6, 23, 30, tzinfo=dt.UTC)
    monkeypatch.setattr("qualify.web.i18n.utcnow", lambda: half_past_midnight)
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Am Montag" in page and "Am Sonntag" not in page
