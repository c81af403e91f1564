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


def admin_addresses(session: Session) -> list[tuple[str, str]]:
    """Address and language of each admin who can act: not deactivated, not deleted."""
    query = (
        sa.select(User.email, User.locale)
        .where(User.role == Role.ADMIN, User.deactivated_at.is_(None), User.deleted_at.is_(None))
        .order_by(User.id)
    )
    return [(email, locale) for email, locale in session.execute(query)]


def report_recipients(session: Session, accessibility_contact: str | None) -> list[tuple[str, str]]:
    """The admins, and the accessibility contact (in German) unless it is one of them."""
    recipients = admin_addresses(session)
    known = {address.lower() for address, _locale in recipients}
    if accessibility_contact and accessibility_contact.lower() not in known:
        recipients.append((accessibility_contact, "de"))
    return recipients


def report_barrier(
    session: Session,
    *,
    accessibility_contact: str | None,
    compose: Callable[[str], Mail],
    now: dt.datetime,
) -> int:
    """Put the report's mail in the outbox for each recipient, in their language, and
    commit; how many."""
    recipients = report_recipients(session, accessibility_contact)
    for address, locale in recipients:
        subject, text, html = compose(locale)
        enqueue_mail(session, to=address, subject=subject, text=text, html=html, now=now)
    session.commit()
    if not recipients:
        # Nobody to tell: keep the report in the server log rather than lose it.
        text = compose("de")[1]
        log.warning("Barrier report with no admin or accessibility contact to mail:\n%s", text)
    return len(recipients)
