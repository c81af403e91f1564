"""The mail that tells a learner about a new certificate, sent with the award.

Awarding (service.py) stays free of Flask; this module renders the mail in the learner's
language. It waits in the outbox until the learner's address is confirmed.
"""

from __future__ import annotations

import datetime as dt

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from qualify.accounts.mails import site_url
from qualify.accounts.models import User
from qualify.certificates.models import Certificate
from qualify.certificates.service import award_due_qualifications
from qualify.core.locales import text_direction
from qualify.jobs.mail import enqueue_mail


def award_and_tell(session: Session, user_id: int, now: dt.datetime) -> list[Certificate]:
    """Award what the learner has earned and put a mail about each certificate in the
    outbox, in the same transaction (the after-pass hook, wired in by create_app)."""
    awarded = award_due_qualifications(session, user_id, now)
    tell(session, awarded, now)
    return awarded


def tell(session: Session, certificates: list[Certificate], now: dt.datetime) -> None:
    """Put a mail about each new certificate in the outbox (no commit: the caller's)."""
    for certificate in certificates:
        _tell(session, session.get_one(User, certificate.user_id), certificate, now)


def _tell(session: Session, user: User, certificate: Certificate, now: dt.datetime) -> None:
    with force_locale(user.locale):
        title = certificate.title_in(user.locale)
        context = {
            "user": user,
            "title": title,
            "locale": user.locale,
            "direction": text_direction(user.locale),
            "dashboard_link": site_url("dashboard.index"),
            "verify_link": site_url("certificates.verify", code=certificate.code),
        }
        subject = _("Your certificate: %(title)s", title=title)
        text = render_template("certificates/mail/awarded.txt", **context)
        html = render_template("certificates/mail/awarded.html", **context)
    waits = None if user.confirmed_at is not None else user.id
    enqueue_mail(
        session,
        to=user.email,
        subject=subject,
        text=text,
        html=html,
        now=now,
        waits_for_user_id=waits,
    )
