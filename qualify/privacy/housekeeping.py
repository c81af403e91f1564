"""Housekeeping tasks for the worker (`qualify worker`, `qualify housekeeping`): each is one
transaction, deletes by a condition (so workers running it side by side do no harm) and
says how many rows it removed. create_app hands them to the worker with their periods."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Session

from qualify.accounts.models import AccountToken, LoginSession, Role, User
from qualify.assessment.models import QuizAttempt
from qualify.certificates.models import Certificate, WorkshopCredit
from qualify.courses.models import Enrolment
from qualify.jobs.mail import MAIL
from qualify.jobs.models import Job

# Rows that show an account was used: any of them keeps an unconfirmed account.
ACTIVITY = (Enrolment.user_id, QuizAttempt.user_id, Certificate.user_id, WorkshopCredit.user_id)
EXPIRED_TOKENS_KEPT = dt.timedelta(days=7)  # a late click still says "expired", not "unknown"


def remove_unconfirmed_accounts(session: Session, now: dt.datetime, *, days: int) -> dict[str, int]:
    """Remove accounts whose address was never confirmed, made more than `days` ago, with no
    sign of use: no sign-in within the period, no enrolment, attempt, certificate or workshop
    credit, and no link still open (an invitation or confirmation being used keeps one).
    Their mails go with them; the rows are really deleted (the database cascades)."""
    cutoff = now - dt.timedelta(days=days)
    removed = session.scalars(
        sa.delete(User)
        .where(
            User.confirmed_at.is_(None),
            User.deleted_at.is_(None),
            User.role != Role.ADMIN.value,
            User.created_at < cutoff,
            sa.or_(User.last_login_at.is_(None), User.last_login_at < cutoff),
            *(~sa.exists().where(column == User.id) for column in ACTIVITY),
            ~sa.exists().where(
                LoginSession.user_id == User.id, LoginSession.created_at >= cutoff
            ),  # a sign-in within the period, also where last_login_at is not kept
            ~sa.exists().where(
                AccountToken.user_id == User.id,
                AccountToken.used_at.is_(None),
                AccountToken.expires_at > now,
            ),
        )
        .returning(User.email)
        .execution_options(synchronize_session=False)
    ).all()
    if removed:
        session.execute(sa.delete(Job).where(*mails_to(list(removed))))
    session.commit()
    return {"unconfirmed accounts": len(removed)}


def mails_to(addresses: list[str]) -> tuple[sa.ColumnElement[bool], ...]:
    """The conditions of mail jobs addressed to one of `addresses`."""
    return (Job.kind == MAIL, Job.payload["to"].as_string().in_(addresses))


def prune_login_sessions(session: Session, now: dt.datetime, *, days: int) -> dict[str, int]:
    """Forget sign-ins that ended more than `days` ago."""
    cutoff = now - dt.timedelta(days=days)
    removed = session.execute(
        sa.delete(LoginSession).where(LoginSession.ended_at < cutoff)
    ).rowcount
    session.commit()
    return {"ended login sessions": removed}


def prune_account_tokens(session: Session, now: dt.datetime) -> dict[str, int]:
    """Forget mailed links expired more than a week ago (used ones expire too)."""
    removed = session.execute(
        sa.delete(AccountToken).where(AccountToken.expires_at < now - EXPIRED_TOKENS_KEPT)
    ).rowcount
    session.commit()
    return {"expired account links": removed}
