"""Barrier reports: one mail to every admin and to the operator's accessibility contact,
written to the outbox in one transaction."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from qualify.accounts.models import Role, User
from qualify.jobs.mail import enqueue_mail

log = logging.getLogger(__name__)

Mail = tuple[str, str, str]  # subject, plain text, HTML


def admin_addresses(session: Session) -> list[str]:
    """Addresses of admins who can act: not deactivated, not deleted."""
    query = (
        sa.select(User.email)
        .where(User.role == Role.ADMIN, User.deactivated_at.is_(None), User.deleted_at.is_(None))
        .order_by(User.id)
    )
    return list(session.scalars(query))


def report_recipients(session: Session, accessibility_contact: str | None) -> list[str]:
    """The admins, and the accessibility contact unless it is one of them."""
    recipients = admin_addresses(session)
    known = {address.lower() for address in recipients}
    if accessibility_contact and accessibility_contact.lower() not in known:
        recipients.append(accessibility_contact)
    return recipients


def report_barrier(
    session: Session,
    *,
    accessibility_contact: str | None,
    compose: Callable[[], Mail],
    now: dt.datetime,
) -> int:
    """Put the report's mail in the outbox for each recipient and commit; how many."""
    recipients = report_recipients(session, accessibility_contact)
    subject, text, html = compose()
    for address in recipients:
        enqueue_mail(session, to=address, subject=subject, text=text, html=html, now=now)
    session.commit()
    if not recipients:
        # Nobody to tell: keep the report in the server log rather than lose it.
        log.warning("Barrier report with no admin or accessibility contact to mail:\n%s", text)
    return len(recipients)
