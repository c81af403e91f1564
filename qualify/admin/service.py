"""Read functions of the admin pages: the audit log with the people it names.

The audit package stores ids only (it sits below accounts); the names and addresses come
from here, in one query per page.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from qualify.accounts.models import User
from qualify.accounts.service import find_user_by_email
from qualify.audit import service as audit
from qualify.audit.models import AuditEvent
from qualify.core.orm import MAX_ID
from qualify.core.paging import Page

NOBODY = 0  # an id no account has: a filter for an unknown person matches nothing


@dataclass(frozen=True)
class AuditLogPage:
    events: Page[AuditEvent]
    people: dict[int, User]  # actors and subjects of these events that still have a row


def audit_log(session: Session, filters: audit.EventFilters, page: int) -> AuditLogPage:
    """One page of the audit log and its people (three queries)."""
    events = audit.events(session, filters, page)
    ids = {e.actor_id for e in events.items} | {e.subject_user_id for e in events.items}
    ids.discard(None)
    people = {u.id: u for u in session.scalars(sa.select(User).where(User.id.in_(ids)))}
    return AuditLogPage(events, people)


def person_id(session: Session, text: str) -> int:
    """The account a filter names by number or e-mail address; NOBODY when none has it."""
    text = text.strip()
    if text.isascii() and text.isdigit():
        number = int(text)
        return number if 0 < number <= MAX_ID else NOBODY
    user = find_user_by_email(session, text)
    return user.id if user is not None else NOBODY
