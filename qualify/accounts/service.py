"""Account services: register, authenticate, set a password; what admins do to accounts
(role, deactivate, reactivate, send a reset link), each with its audit entry.

Each function is one transaction and takes the session it works in.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from qualify.accounts import tokens
from qualify.accounts.models import LoginSession, Role, TokenPurpose, User
from qualify.accounts.names import name_is_printable, tidy_name
from qualify.accounts.passwords import (
    hash_password,
    needs_rehash,
    password_problems,
    verify_password,
)
from qualify.accounts.tokens import token_hash
from qualify.audit.actions import AuditAction
from qualify.audit.service import by_command_line as command_line_details
from qualify.audit.service import record
from qualify.core.clock import utcnow
from qualify.jobs.mail import enqueue_mail
from qualify.jobs.service import release_waiting

log = logging.getLogger(__name__)

# Verifying against this hash when the e-mail is unknown keeps login time the same for
# known and unknown addresses, so timing does not reveal who has an account.
_DUMMY_HASH = hash_password("not-a-real-password-just-for-timing")


class AccountError(ValueError):
    """A request about an account that cannot be carried out; `code` names why."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def normalise_email(email: str) -> str:
    return email.strip().lower()


def get_user(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def find_user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def create_user(
    session: Session,
    *,
    email: str,
    name: str,
    password: str,
    role: Role = Role.LEARNER,
    locale: str = "de",
    by_command_line: bool = False,
) -> User:
    """Create an account whose address counts as confirmed (an admin or the command line
    made it); raise AccountError('email_taken', 'weak_password' or 'bad_name'). An account
    made on the command line (`qualify users create`) is audited."""
    email = normalise_email(email)
    if not name_is_printable(name):
        raise AccountError("bad_name")
    if password_problems(password, email=email, name=name):
        raise AccountError("weak_password")
    user = User(
        email=email,
        name=tidy_name(name),
        password_hash=hash_password(password),
        role=role.value,
        locale=locale,
        confirmed_at=utcnow(),
    )
    session.add(user)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise AccountError("email_taken") from None
    if by_command_line:
        record(
            session,
            actor_id=None,
            action=AuditAction.USER_CREATED,
            subject_user_id=user.id,
            details=command_line_details(None, role=user.role),
            now=utcnow(),
        )
    session.commit()
    log.info("user %s created with role %s", user.id, user.role)
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """Return the user for these credentials, upgrading an outdated hash on the way.

    Raises AccountError('deactivated') for a deactivated account, but only after the right
    password: only its owner learns why they cannot sign in.
    """
    user = find_user_by_email(session, email)
    if user is None or user.password_hash is None or user.deleted_at is not None:
        verify_password(_DUMMY_HASH, password)
        return None
    if not verify_password(user.password_hash, password):
        log.info("failed login for user %s", user.id)
        return None
    if user.deactivated_at is not None:
        log.info("deactivated user %s tried to log in", user.id)
        raise AccountError("deactivated")
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        session.commit()
    return user


def set_password(
    session: Session, user_id: int, password: str, *, by_command_line: bool = False
) -> User:
    """A new password; it ends every login session of the account. Set on the command line
    (`qualify users set-password`), it is audited."""
    user = session.get_one(User, user_id)
    if password_problems(password, email=user.email, name=user.name):
        raise AccountError("weak_password")
    user.password_hash = hash_password(password)
    now = utcnow()
    _end_login_sessions(session, user_id, now)
    if by_command_line:
        record(
            session,
            actor_id=None,
            action=AuditAction.PASSWORD_SET,
            subject_user_id=user_id,
            details=command_line_details(None),
            now=now,
        )
    session.commit()
    log.info("password of user %s changed", user_id)
    return user


def change_role(
    session: Session,
    *,
    actor_id: int,
    user_id: int,
    role: Role,
    now: dt.datetime,
    ip_address: str | None = None,
) -> User:
    """Give a user another role; an admin cannot demote themself (the site keeps an admin)."""
    user = session.get_one(User, user_id)
    if user.id == actor_id and role is not Role.ADMIN:
        raise AccountError("own_role")
    if user.role != role.value:
        details = {"from": user.role, "to": role.value}
        user.role = role.value
        _audit(session, actor_id, AuditAction.ROLE_CHANGED, user, ip_address, now, details)
    session.commit()
    log.info("user %s set role of user %s to %s", actor_id, user_id, role)
    return user


def deactivate_user(
    session: Session, *, actor_id: int, user_id: int, ip_address: str | None, now: dt.datetime
) -> User:
    """Stop an account from signing in and end its login sessions. Raises
    AccountError('own_account') for the admin's own account, 'deleted' for a deleted one."""
    user = session.get_one(User, user_id)
    if user.id == actor_id:
        raise AccountError("own_account")
    if user.deleted_at is not None:
        raise AccountError("deleted")
    if user.deactivated_at is None:
        user.deactivated_at = now
        _end_login_sessions(session, user.id, now)
        _audit(session, actor_id, AuditAction.USER_DEACTIVATED, user, ip_address, now)
    session.commit()
    log.info("user %s deactivated user %s", actor_id, user_id)
    return user


def reactivate_user(
    session: Session, *, actor_id: int, user_id: int, ip_address: str | None, now: dt.datetime
) -> User:
    """Let a deactivated account sign in again. Raises AccountError('deleted')."""
    user = session.get_one(User, user_id)
    if user.deleted_at is not None:
        raise AccountError("deleted")
    if user.deactivated_at is not None:
        user.deactivated_at = None
        _audit(session, actor_id, AuditAction.USER_REACTIVATED, user, ip_address, now)
    session.commit()
    log.info("user %s reactivated user %s", actor_id, user_id)
    return user


def _audit(
    session: Session,
    actor_id: int,
    action: AuditAction,
    user: User,
    ip_address: str | None,
    now: dt.datetime,
    details: dict[str, str] | None = None,
) -> None:
    record(
        session,
        actor_id=actor_id,
        action=action,
        subject_user_id=user.id,
        details=details,
        ip_address=ip_address,
        now=now,
    )


def update_profile(
    session: Session, user_id: int, *, name: str, locale: str, target_group: str | None
) -> User:
    """Change name, language and target group (None: not stated); raise
    AccountError('bad_name') for a name that is not one line of printable text (it is
    printed on certificates)."""
    if not name_is_printable(name):
        raise AccountError("bad_name")
    user = session.get_one(User, user_id)
    user.name = tidy_name(name)
    user.locale = locale
    user.target_group = target_group
    session.commit()
    return user


def open_login_session(session: Session, user: User) -> None:
    """Start a login session for one browser and give `user` its token (for get_id)."""
    token = secrets.token_urlsafe(32)
    session.add(LoginSession(user_id=user.id, token_hash=token_hash(token)))
    user.last_login_at = utcnow()
    session.commit()
    user.login_token = token


def user_of_login_session(session: Session, user_id: int, token: str) -> User | None:
    """The user of an open login session with this token, or None (ended or forged, or the
    account was deactivated or deleted since: their sessions end then, this is the backstop)."""
    user = session.scalar(
        sa.select(User)
        .join(LoginSession, LoginSession.user_id == User.id)
        .where(
            User.id == user_id,
            LoginSession.token_hash == token_hash(token),
            LoginSession.ended_at.is_(None),
            User.deactivated_at.is_(None),
            User.deleted_at.is_(None),
        )
    )
    if user is not None:
        user.login_token = token
    return user


def end_login_session(session: Session, user_id: int, token: str, now: dt.datetime) -> None:
    """Logout: this browser's session ends; the cookies it had no longer sign anyone in."""
    _end_login_sessions(session, user_id, now, LoginSession.token_hash == token_hash(token))
    session.commit()


def end_all_login_sessions(session: Session, user_id: int, now: dt.datetime) -> None:
    """Log out on all devices."""
    _end_login_sessions(session, user_id, now)
    session.commit()
    log.info("user %s ended all login sessions", user_id)


def _end_login_sessions(
    session: Session, user_id: int, now: dt.datetime, *only: sa.ColumnElement[bool]
) -> None:
    """End the user's open login sessions (those matching `only`, when given)."""
    session.execute(
        sa.update(LoginSession)
        .where(LoginSession.user_id == user_id, LoginSession.ended_at.is_(None), *only)
        .values(ended_at=now)
    )


class MailWriter(Protocol):
    """Writes account mails: the link for a token, and subject, text and HTML in the
    user's language (accounts.mails.AccountMails; services do not render templates)."""

    def link(self, purpose: TokenPurpose, token: str) -> str: ...

    def compose(self, kind: str, user: User, link: str, **context: Any) -> tuple[str, str, str]: ...


def mail_link(
    session: Session,
    user: User,
    purpose: TokenPurpose,
    mails: MailWriter,
    now: dt.datetime,
    kind: str | None = None,
    **context: Any,
) -> None:
    """Issue a new link of this purpose (older unused ones stop working) and put the mail
    that carries it (`kind`, by default named like the purpose) in the outbox, both in the
    caller's transaction."""
    tokens.withdraw(session, purpose, user.id, now)
    token = tokens.issue(session, purpose, user, now)
    link = mails.link(purpose, token)
    subject, text, html = mails.compose(kind or purpose.value, user, link, **context)
    enqueue_mail(session, to=user.email, subject=subject, text=text, html=html, now=now)


def mail_invitation(
    session: Session, user: User, inviter: User | None, mails: MailWriter, now: dt.datetime
) -> None:
    """The invitation link, naming who invites (the site itself for the command line)."""
    inviter_name = inviter.name if inviter is not None else "qualify"
    mail_link(
        session, user, TokenPurpose.INVITATION, mails, now, inviter=inviter_name, role=user.role
    )


def confirm_address(session: Session, user: User, now: dt.datetime) -> None:
    """The address works (a link sent to it was used): notifications held for it go out."""
    if user.confirmed_at is None:
        user.confirmed_at = now
        release_waiting(session, user.id, now)


def request_password_reset(
    session: Session, email: str, mails: MailWriter, now: dt.datetime
) -> None:
    """Mail a one-hour reset link if the address has a usable account; say nothing either way.

    The token and the mail are written in one transaction; the worker sends the mail, so an
    address with an account and one without take the request about the same time.
    """
    user = find_user_by_email(session, email)
    if user is None or not user.is_active:
        return
    if user.password_hash is None:  # invited, not yet in: the invitation sets the password
        mail_invitation(session, user, None, mails, now)
    else:
        mail_link(session, user, TokenPurpose.PASSWORD_RESET, mails, now)
    session.commit()
    log.info("password reset link sent to user %s", user.id)


def send_password_reset(
    session: Session,
    *,
    actor_id: int,
    user_id: int,
    mails: MailWriter,
    ip_address: str | None,
    now: dt.datetime,
) -> User:
    """An admin mails a user a reset link (the same link and mail as "forgot password").
    Raises AccountError('deleted'), ('deactivated'): such an account cannot sign in, or
    ('invited'): someone who has not accepted their invitation gets it again instead."""
    user = session.get_one(User, user_id)
    if user.deleted_at is not None:
        raise AccountError("deleted")
    if user.deactivated_at is not None:
        raise AccountError("deactivated")
    if user.password_hash is None:
        raise AccountError("invited")
    mail_link(session, user, TokenPurpose.PASSWORD_RESET, mails, now)
    _audit(session, actor_id, AuditAction.PASSWORD_RESET_SENT, user, ip_address, now)
    session.commit()
    log.info("user %s sent user %s a password reset link", actor_id, user_id)
    return user


def reset_password(session: Session, token: str, password: str, now: dt.datetime) -> User:
    """Set a new password through a reset link (once, within the hour); every session of
    the account ends, and the address counts as confirmed (the link reached it).
    Raises TokenRefused or AccountError('weak_password')."""
    user = tokens.use(session, TokenPurpose.PASSWORD_RESET, token, now)
    if password_problems(password, email=user.email, name=user.name):
        session.rollback()
        raise AccountError("weak_password")
    user.password_hash = hash_password(password)
    confirm_address(session, user, now)
    _end_login_sessions(session, user.id, now)
    session.commit()
    log.info("password of user %s reset through a mailed link", user.id)
    return user
