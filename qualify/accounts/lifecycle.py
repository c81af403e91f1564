"""How accounts begin: registration with address confirmation, and invitations.

Registration answers alike whether or not the address has an account (the owner of an
existing account is told by mail instead), so the form reveals nobody's address. Learning
works before confirmation; notification mails wait for it (jobs.waits_for_user_id).
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from qualify.accounts import tokens
from qualify.accounts.models import Role, TokenPurpose, User
from qualify.accounts.names import name_is_printable, tidy_name
from qualify.accounts.passwords import hash_password, password_problems
from qualify.accounts.service import (
    AccountError,
    MailWriter,
    confirm_address,
    find_user_by_email,
    mail_invitation,
    mail_link,
    normalise_email,
)
from qualify.audit.actions import AuditAction
from qualify.audit.service import COMMAND_LINE, record

log = logging.getLogger(__name__)


def register(
    session: Session,
    *,
    email: str,
    name: str,
    password: str,
    locale: str,
    mails: MailWriter,
    now: dt.datetime,
    target_group: str | None = None,
) -> User | None:
    """A new learner account with a confirmation mail; for an address that has an account,
    a mail telling its owner instead (its stored target group stays), and None. Both take
    one password hash of time.
    Raises AccountError('weak_password' or 'bad_name') before anything is written."""
    email = normalise_email(email)
    _check_name_and_password(email, name, password)
    password_hash = hash_password(password)
    existing = find_user_by_email(session, email)
    if existing is None:
        user = User(
            email=email,
            name=tidy_name(name),
            password_hash=password_hash,
            locale=locale,
            target_group=target_group,
        )
        session.add(user)
        try:
            session.flush()
        except IntegrityError:  # registered a moment ago by a second request
            session.rollback()
            existing = find_user_by_email(session, email)
    if existing is not None:
        _tell_owner(session, existing, mails, now)
        session.commit()
        return None
    mail_link(session, user, TokenPurpose.CONFIRM_EMAIL, mails, now)
    session.commit()
    log.info("user %s registered", user.id)
    return user


def _tell_owner(session: Session, user: User, mails: MailWriter, now: dt.datetime) -> None:
    """Someone registered with this address: its owner learns it, with a reset link (or,
    invited and not yet in, with a new invitation link)."""
    if not user.is_active:  # deactivated or deleted: no mail
        log.info("registration attempted for the inactive user %s", user.id)
        return
    if user.password_hash is None:
        mail_invitation(session, user, None, mails, now)
    else:
        mail_link(session, user, TokenPurpose.PASSWORD_RESET, mails, now, kind="already_registered")
    log.info("registration attempted for the existing user %s", user.id)


def send_confirmation(session: Session, user: User, mails: MailWriter, now: dt.datetime) -> None:
    """Mail a new confirmation link (the profile's "send again")."""
    if user.confirmed_at is not None:
        return
    mail_link(session, user, TokenPurpose.CONFIRM_EMAIL, mails, now)
    session.commit()


def confirm_email(session: Session, token: str, now: dt.datetime) -> User:
    """Use a confirmation link: the address is confirmed and held mails go out.
    Raises tokens.TokenRefused."""
    user = tokens.use(session, TokenPurpose.CONFIRM_EMAIL, token, now)
    confirm_address(session, user, now)
    session.commit()
    log.info("user %s confirmed their address", user.id)
    return user


def invite(
    session: Session,
    *,
    email: str,
    role: Role,
    inviter: User | None,
    mails: MailWriter,
    now: dt.datetime,
    name: str = "",
    locale: str = "de",
    ip_address: str | None = None,
    commit: bool = True,
    target_group: str | None = None,
) -> User:
    """An account without a password and an invitation mail; the link lets the person set
    name and password. Audited (inviter None: the command line). With commit=False it
    stays in the caller's transaction (a cohort adds the person in the same one). The
    target group comes from a trainer's participant list; the person can change it.
    Raises AccountError('email_taken' or 'bad_name')."""
    email = normalise_email(email)
    if name and not name_is_printable(name):
        raise AccountError("bad_name")
    if find_user_by_email(session, email) is not None:
        raise AccountError("email_taken")
    user = User(
        email=email,
        name=tidy_name(name),
        password_hash=None,
        role=role,
        locale=locale,
        target_group=target_group,
    )
    session.add(user)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise AccountError("email_taken") from None
    mail_invitation(session, user, inviter, mails, now)
    _audit(session, AuditAction.INVITATION_SENT, user, inviter, ip_address, now)
    if commit:
        session.commit()
    log.info("user %s invited as %s by %s", user.id, role, inviter.id if inviter else "the CLI")
    return user


def resend_invitation(
    session: Session,
    user: User,
    inviter: User | None,
    mails: MailWriter,
    now: dt.datetime,
    ip_address: str | None = None,
) -> None:
    """A new invitation link for someone who has not accepted yet (the old link stops
    working). Audited. Raises AccountError('not_invited') once they have a password."""
    if user.password_hash is not None or user.deleted_at is not None:
        raise AccountError("not_invited")
    mail_invitation(session, user, inviter, mails, now)
    _audit(session, AuditAction.INVITATION_RESENT, user, inviter, ip_address, now)
    session.commit()


def _audit(
    session: Session,
    action: AuditAction,
    user: User,
    inviter: User | None,
    ip_address: str | None,
    now: dt.datetime,
) -> None:
    record(
        session,
        actor_id=inviter.id if inviter is not None else None,
        action=action,
        subject_user_id=user.id,
        details={"role": user.role} if inviter is not None else {**COMMAND_LINE, "role": user.role},
        ip_address=ip_address,
        now=now,
    )


def accept_invitation(
    session: Session, token: str, *, name: str, password: str, now: dt.datetime
) -> User:
    """Use an invitation link: the person sets name and password, and the address counts
    as confirmed. Raises tokens.TokenRefused or AccountError('weak_password', 'bad_name')."""
    user = tokens.use(session, TokenPurpose.INVITATION, token, now)
    try:
        _check_name_and_password(user.email, name, password)
    except AccountError:
        session.rollback()
        raise
    user.name = tidy_name(name)
    user.password_hash = hash_password(password)
    confirm_address(session, user, now)
    session.commit()
    log.info("user %s accepted their invitation", user.id)
    return user


def _check_name_and_password(email: str, name: str, password: str) -> None:
    if not name_is_printable(name):
        raise AccountError("bad_name")
    if password_problems(password, email=email, name=name):
        raise AccountError("weak_password")
