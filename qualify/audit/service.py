"""Write, list and prune audit events.

`record` joins the caller's transaction and never commits: an action and its entry are
stored together or not at all. Ids only: the audit package knows no accounts.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from qualify.audit.actions import AuditAction
from qualify.audit.models import AuditEvent
from qualify.core.paging import Page, paginate

log = logging.getLogger(__name__)

PER_PAGE = 50
# Details of an action done with the `qualify` command on the server (no actor, no address).
COMMAND_LINE: Mapping[str, str] = {"via": "command line"}


def record(
    session: Session,
    *,
    actor_id: int | None,
    action: AuditAction,
    subject_user_id: int | None = None,
    subject: str | None = None,
    details: Mapping[str, Any] | None = None,
    ip_address: str | None = None,
    now: dt.datetime,
) -> AuditEvent:
    """Add an event to the caller's transaction (no commit). `actor_id` None: the command
    line (pass COMMAND_LINE in the details) or the site itself."""
    event = AuditEvent(
        at=now,
        actor_id=actor_id,
        action=AuditAction(action).value,
        subject_user_id=subject_user_id,
        subject=subject[:200] if subject else None,
        details=dict(details or {}),
        ip_address=ip_address[:45] if ip_address else None,
    )
    session.add(event)
    return event


def by_command_line(actor_id: int | None, **details: Any) -> dict[str, Any]:
    """Details of an action, marked as done on the command line when nobody signed in did it."""
    return {**details, **(COMMAND_LINE if actor_id is None else {})}


@dataclass(frozen=True)
class EventFilters:
    """What the admin's audit list is narrowed to; None means any. Dates are days of `zone`
    (the site's time zone, in which the list shows its times), both included. An actor_id
    or subject_user_id of 0 matches nothing (an unknown e-mail)."""

    action: AuditAction | None = None
    actor_id: int | None = None
    subject_user_id: int | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    zone: dt.tzinfo = dt.UTC


def _day_start(day: dt.date, zone: dt.tzinfo) -> dt.datetime | None:
    """Midnight of the day in `zone`, in UTC; None at the edge of the calendar (1 January of
    the year 1 in a zone east of UTC), which bounds nothing."""
    try:
        return dt.datetime.combine(day, dt.time.min, tzinfo=zone).astimezone(dt.UTC)
    except OverflowError:
        return None


def events(session: Session, filters: EventFilters, page: int = 1) -> Page[AuditEvent]:
    """One page of events, newest first (two queries)."""
    query = sa.select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if filters.action is not None:
        query = query.where(AuditEvent.action == filters.action.value)
    if filters.actor_id is not None:
        query = query.where(AuditEvent.actor_id == filters.actor_id)
    if filters.subject_user_id is not None:
        query = query.where(AuditEvent.subject_user_id == filters.subject_user_id)
    start = _day_start(filters.since, filters.zone) if filters.since else None
    if start is not None:
        query = query.where(AuditEvent.at >= start)
    if filters.until is not None and filters.until < dt.date.max:
        end = _day_start(filters.until + dt.timedelta(days=1), filters.zone)
        if end is not None:
            query = query.where(AuditEvent.at < end)
    return paginate(session, query, page, PER_PAGE)


def prune(session: Session, older_than: dt.datetime) -> int:
    """Delete the events recorded before `older_than` (the retention period ran out);
    return how many. One transaction."""
    result = session.execute(sa.delete(AuditEvent).where(AuditEvent.at < older_than))
    session.commit()
    count = result.rowcount or 0
    log.info("%s audit events older than %s deleted", count, older_than.isoformat())
    return count


def prune_expired(session: Session, now: dt.datetime, *, days: int) -> dict[str, int]:
    """The worker's housekeeping: events older than the retention period go."""
    return {"audit events": prune(session, now - dt.timedelta(days=days))}
