"""Housekeeping by the worker: exactly what is kept no longer goes, and running it twice (or
in two workers) does no harm."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy.orm import Session

from qualify.accounts import tokens
from qualify.accounts.models import AccountToken, LoginSession, Role, TokenPurpose, User
from qualify.audit.actions import AuditAction
from qualify.audit.service import record
from qualify.certificates.service import credit_workshop
from qualify.core.clock import utcnow
from qualify.courses import service as courses
from qualify.extensions import db
from qualify.jobs import worker
from qualify.jobs.mail import enqueue_mail
from qualify.jobs.models import Job
from qualify.jobs.service import prune_finished_jobs
from qualify.privacy import deletion
from qualify.privacy.housekeeping import (
    prune_account_tokens,
    prune_login_sessions,
    remove_unconfirmed_accounts,
)

NOW = utcnow()
LONG_AGO = NOW - dt.timedelta(days=31)
LATELY = NOW - dt.timedelta(days=3)


def user_as(
    session: Session,
    make_user: Callable[..., User],
    email: str,
    *,
    created: dt.datetime = LONG_AGO,
    confirmed: dt.datetime | None = None,
    last_login: dt.datetime | None = None,
) -> User:
    user = make_user(Role.LEARNER, email=email)
    user.created_at, user.confirmed_at, user.last_login_at = created, confirmed, last_login
    session.commit()
    return user


def emails(session: Session) -> set[str]:
    session.expire_all()
    return set(session.scalars(sa.select(User.email)))


@pytest.mark.usefixtures("imported_content")
def test_only_old_unconfirmed_accounts_without_activity_go(
    session: Session, make_user: Callable[..., User]
) -> None:
    empty = user_as(session, make_user, "empty@example.org")
    user_as(session, make_user, "young@example.org", created=LATELY)
    user_as(session, make_user, "confirmed@example.org", confirmed=LONG_AGO)
    user_as(session, make_user, "signed-in@example.org", last_login=LATELY)
    with_session = user_as(session, make_user, "session@example.org")
    session.add(LoginSession(user_id=with_session.id, token_hash="d" * 64, created_at=LATELY))
    enrolled = user_as(session, make_user, "enrolled@example.org")
    course = courses.find_course(session, "testkurs")
    courses.enrol(session, enrolled.id, course.id, NOW)
    credited = user_as(session, make_user, "credited@example.org")
    credit_workshop(
        session, credited.id, "mit-workshop", hours=2, held_on=dt.date(2026, 1, 5),
        title="Tag", recorded_by_id=None, now=NOW,
    )  # fmt: skip
    invited = user_as(session, make_user, "invited@example.org")
    tokens.issue(session, TokenPurpose.PASSWORD_RESET, invited, NOW)  # a link still open
    expired_link = user_as(session, make_user, "expired-link@example.org")
    tokens.issue(session, TokenPurpose.PASSWORD_RESET, expired_link, LONG_AGO)
    admin = make_user(Role.ADMIN, email="admin@example.org")
    admin.created_at = LONG_AGO
    deleted = make_user(Role.LEARNER)
    deletion.delete_account(
        session, user_id=deleted.id, actor_id=admin.id, keep_certificates=True, now=NOW
    )
    deleted.created_at = LONG_AGO
    enqueue_mail(
        session, to=empty.email, subject="Bitte bestätigen", text="t", html="h", now=LONG_AGO
    )
    enqueue_mail(session, to="young@example.org", subject="Bitte", text="t", html="h", now=NOW)
    session.commit()
    before = emails(session)

    assert remove_unconfirmed_accounts(session, NOW, days=30) == {"unconfirmed accounts": 2}
    assert before - emails(session) == {"empty@example.org", "expired-link@example.org"}
    assert {job.payload["to"] for job in session.scalars(sa.select(Job))} == {"young@example.org"}
    assert remove_unconfirmed_accounts(session, NOW, days=30) == {"unconfirmed accounts": 0}
    # A longer period keeps them all.
    assert remove_unconfirmed_accounts(session, NOW, days=60) == {"unconfirmed accounts": 0}


def test_ended_sessions_expired_links_and_finished_jobs_go_after_their_period(
    session: Session, make_user: Callable[..., User]
) -> None:
    user = make_user(Role.LEARNER, email="kept@example.org")
    long_ago, lately = NOW - dt.timedelta(days=91), NOW - dt.timedelta(days=89)
    session.add_all(
        [
            LoginSession(user_id=user.id, token_hash="a" * 64, ended_at=long_ago),
            LoginSession(user_id=user.id, token_hash="b" * 64, ended_at=lately),
            LoginSession(user_id=user.id, token_hash="c" * 64, created_at=long_ago),  # open
        ]
    )
    tokens.issue(session, TokenPurpose.PASSWORD_RESET, user, NOW - dt.timedelta(days=8))
    tokens.issue(session, TokenPurpose.PASSWORD_RESET, user, NOW - dt.timedelta(days=6))
    done_old, done_new, gave_up_old, waiting = (
        enqueue_mail(session, to=user.email, subject=s, text="t", html="h", now=long_ago)
        for s in ("done old", "done new", "gave up old", "waiting")
    )
    done_old.done_at, done_new.done_at, gave_up_old.gave_up_at = long_ago, lately, long_ago
    session.commit()

    assert prune_login_sessions(session, NOW, days=90) == {"ended login sessions": 1}
    assert prune_account_tokens(session, NOW) == {"expired account links": 1}
    assert prune_finished_jobs(session, NOW, days=90) == {"finished jobs": 2}
    session.expire_all()
    assert {s.token_hash[0] for s in session.scalars(sa.select(LoginSession))} == {"b", "c"}
    assert len(session.scalars(sa.select(AccountToken)).all()) == 1
    subjects = {job.payload["subject"] for job in session.scalars(sa.select(Job))}
    assert subjects == {"done new", "waiting"}
    for task in (prune_login_sessions, prune_finished_jobs):
        assert set(task(session, NOW, days=90).values()) == {0}


def test_the_app_wires_housekeeping_with_the_configured_periods(
    app: Flask, session: Session, make_user: Callable[..., User]
) -> None:
    user_as(session, make_user, "old@example.org")
    retention = dt.timedelta(days=app.config["AUDIT_RETENTION_DAYS"])
    for age in (retention + dt.timedelta(days=1), retention - dt.timedelta(days=1)):
        record(session, actor_id=None, action=AuditAction.USER_CREATED, now=NOW - age)
    session.commit()
    result = worker.housekeep(db.sessionmaker, app.extensions["qualify.housekeeping"], NOW)
    assert result.failed == []
    assert result.removed == {
        "unconfirmed accounts": 1,
        "ended login sessions": 0,
        "expired account links": 0,
        "finished jobs": 0,
        "audit events": 1,
    }


def test_qualify_housekeeping_says_what_it_removed(
    runner: FlaskCliRunner, session: Session, make_user: Callable[..., User]
) -> None:
    from qualify.cli import main

    user_as(session, make_user, "old@example.org")
    result = runner.invoke(main, ["housekeeping"])
    assert result.exit_code == 0, result.output
    assert "1 unconfirmed accounts removed" in result.output
    assert "0 finished jobs removed" in result.output
    assert "old@example.org" not in emails(session)


def test_the_worker_keeps_house_at_start_and_survives_a_failing_task(session: Session) -> None:
    stop = threading.Event()
    calls: list[str] = []

    def failing(_session: Session, _now: dt.datetime) -> dict[str, int]:
        calls.append("failing")
        raise RuntimeError("disk full")

    def last(_session: Session, _now: dt.datetime) -> dict[str, int]:
        calls.append("last")
        stop.set()
        return {"things": 0}

    worker.run(db.sessionmaker, {}, "w1", stop, idle_seconds=0, housekeeping=[failing, last])
    assert calls == ["failing", "last"]  # logged; the other tasks and the worker go on
