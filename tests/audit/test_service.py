"""The audit log: entries join the action's transaction, are never changed, are listed with
filters and paging, and are pruned after the retention period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from qualify.accounts import service as accounts
from qualify.accounts.models import Role, User
from qualify.audit import service as audit
from qualify.audit.actions import AuditAction
from qualify.audit.models import AuditEvent
from qualify.config import ConfigError, load_config

T0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


def add_events(session: Session, count: int, start: dt.datetime = T0, **kwargs: object) -> None:
    for n in range(count):
        fields = {"actor_id": 1, "action": AuditAction.ROLE_CHANGED, **kwargs}
        audit.record(session, now=start + dt.timedelta(hours=n), **fields)  # type: ignore[arg-type]
    session.commit()


def test_record_joins_the_callers_transaction(session: Session) -> None:
    audit.record(
        session,
        actor_id=3,
        action=AuditAction.USER_DEACTIVATED,
        subject_user_id=4,
        details={"why": "test"},
        ip_address="192.0.2.7",
        now=T0,
    )
    session.rollback()
    assert session.scalar(sa.select(sa.func.count(AuditEvent.id))) == 0


def test_a_rolled_back_action_leaves_no_entry(
    session: Session, make_user: Callable[..., User]
) -> None:
    admin, learner = make_user(Role.ADMIN), make_user(Role.LEARNER)

    def fail(_session: Session) -> None:
        raise RuntimeError("the database went away")

    sa.event.listen(session, "before_commit", fail)
    with pytest.raises(RuntimeError):
        accounts.deactivate_user(
            session, actor_id=admin.id, user_id=learner.id, ip_address="192.0.2.1", now=T0
        )
    sa.event.remove(session, "before_commit", fail)
    session.rollback()
    assert session.get_one(User, learner.id).deactivated_at is None
    assert session.scalar(sa.select(sa.func.count(AuditEvent.id))) == 0


def test_an_action_and_its_entry_are_stored_together(
    session: Session, make_user: Callable[..., User]
) -> None:
    admin, learner = make_user(Role.ADMIN), make_user(Role.LEARNER)
    accounts.change_role(
        session,
        actor_id=admin.id,
        user_id=learner.id,
        role=Role.TRAINER,
        now=T0,
        ip_address="2001:db8::1",
    )
    [event] = session.scalars(sa.select(AuditEvent))
    assert (event.actor_id, event.action, event.subject_user_id) == (
        admin.id,
        "role_changed",
        learner.id,
    )
    assert event.details == {"from": "learner", "to": "trainer"}
    assert event.ip_address == "2001:db8::1" and event.at == T0


def test_record_refuses_an_unknown_action(session: Session) -> None:
    with pytest.raises(ValueError, match="not a valid AuditAction"):
        audit.record(session, actor_id=1, action="made_coffee", now=T0)  # type: ignore[arg-type]


def test_the_database_refuses_to_change_an_entry(session: Session) -> None:
    add_events(session, 1)
    with pytest.raises(DatabaseError, match="append-only"):
        session.execute(sa.update(AuditEvent).values(action="user_created"))
    session.rollback()
    assert session.scalar(sa.select(AuditEvent.action)) == "role_changed"


def test_the_database_allows_deleting_entries(session: Session) -> None:
    add_events(session, 2)
    session.execute(sa.delete(AuditEvent))
    session.commit()
    assert session.scalar(sa.select(sa.func.count(AuditEvent.id))) == 0


def test_events_are_listed_newest_first_fifty_a_page(session: Session) -> None:
    add_events(session, 120)
    first = audit.events(session, audit.EventFilters(), 1)
    assert (first.total, first.pages, len(first.items)) == (120, 3, 50)
    assert first.items[0].at == T0 + dt.timedelta(hours=119)
    assert [e.at for e in first.items] == sorted((e.at for e in first.items), reverse=True)
    last = audit.events(session, audit.EventFilters(), 3)
    assert len(last.items) == 20 and last.items[-1].at == T0
    assert not last.has_next and last.has_previous
    # a page past the end shows the last page; nonsense shows the first
    assert audit.events(session, audit.EventFilters(), 99).number == 3
    assert audit.events(session, audit.EventFilters(), -5).number == 1


def test_events_are_filtered(session: Session) -> None:
    add_events(session, 3, actor_id=1, subject_user_id=7)
    add_events(session, 2, start=T0 + dt.timedelta(days=3), actor_id=2, subject_user_id=8)
    add_events(session, 1, action=AuditAction.CERTIFICATE_REVOKED, actor_id=None)

    def count(**filters: object) -> int:
        return audit.events(session, audit.EventFilters(**filters), 1).total  # type: ignore[arg-type]

    assert count() == 6
    assert count(action=AuditAction.CERTIFICATE_REVOKED) == 1
    assert count(actor_id=2) == 2
    assert count(subject_user_id=7) == 3
    assert count(since=(T0 + dt.timedelta(days=3)).date()) == 2
    assert count(until=T0.date()) == 4
    assert count(since=T0.date(), until=T0.date(), actor_id=1) == 3
    assert count(until=dt.date.max, since=dt.date.min) == 6


def test_days_are_days_of_the_sites_time_zone(session: Session) -> None:
    """00:30 in Berlin on 1 March is 23:30 UTC on 28 February: the list shows it on the 1st,
    so a filter for the 1st must find it (as UTC days, it did not)."""
    add_events(session, 1, start=dt.datetime(2026, 2, 28, 23, 30, tzinfo=dt.UTC))
    berlin = ZoneInfo("Europe/Berlin")

    def count(day: dt.date) -> int:
        filters = audit.EventFilters(since=day, until=day, zone=berlin)
        return audit.events(session, filters, 1).total

    assert count(dt.date(2026, 3, 1)) == 1 and count(dt.date(2026, 2, 28)) == 0


def test_prune_deletes_only_what_is_past_retention(session: Session) -> None:
    add_events(session, 5)
    assert audit.prune(session, T0 + dt.timedelta(hours=2)) == 2
    left = session.scalars(sa.select(AuditEvent.at).order_by(AuditEvent.at)).all()
    assert left == [T0 + dt.timedelta(hours=n) for n in (2, 3, 4)]


def test_retention_days_come_from_the_environment(tmp_path) -> None:  # noqa: ANN001
    env = {"QUALIFY_SECRET_KEY": "x" * 40}
    assert load_config(tmp_path, env)["AUDIT_RETENTION_DAYS"] == 730
    config = load_config(tmp_path, {**env, "QUALIFY_AUDIT_RETENTION_DAYS": "365"})
    assert config["AUDIT_RETENTION_DAYS"] == 365
    for wrong in ("0", "-3", "two years", "1.5", "١٢"):
        with pytest.raises(ConfigError, match="QUALIFY_AUDIT_RETENTION_DAYS"):
            load_config(tmp_path, {**env, "QUALIFY_AUDIT_RETENTION_DAYS": wrong})
