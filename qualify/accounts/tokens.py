"""Single-use account links: issue one (only its hash is stored), use it once, before it
expires. Password reset, address confirmation and invitations all use them."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

import sqlalchemy as sa
from sqlalchemy.orm import Session

from qualify.accounts.models import AccountToken, TokenPurpose, User

LIFETIME = {
    TokenPurpose.PASSWORD_RESET: dt.timedelta(hours=1),
    TokenPurpose.CONFIRM_EMAIL: dt.timedelta(days=7),
    TokenPurpose.INVITATION: dt.timedelta(days=14),
}


class TokenRefused(ValueError):
    """The link is unknown, used already, or expired."""


def issue(session: Session, purpose: TokenPurpose, user: User, now: dt.datetime) -> str:
    """A new token in the caller's transaction (no commit); the raw token goes in the link."""
    token = secrets.token_urlsafe(32)
    session.add(
        AccountToken(
            purpose=purpose.value,
            token_hash=token_hash(token),
            user_id=user.id,
            expires_at=now + LIFETIME[purpose],
        )
    )
    return token


def withdraw(session: Session, purpose: TokenPurpose, user_id: int, now: dt.datetime) -> None:
    """Let the user's unused links of this purpose expire now (a new one replaces them)."""
    session.execute(
        sa.update(AccountToken)
        .where(
            AccountToken.user_id == user_id,
            AccountToken.purpose == purpose.value,
            AccountToken.used_at.is_(None),
            AccountToken.expires_at > now,
        )
        .values(expires_at=now)
    )


def use(session: Session, purpose: TokenPurpose, token: str, now: dt.datetime) -> User:
    """Spend a token in the caller's transaction and return its user. The conditional
    UPDATE lets only one of two concurrent uses through."""
    spent = session.execute(
        sa.update(AccountToken)
        .where(*_usable(purpose, token, now))
        .values(used_at=now)
        .returning(AccountToken.user_id)
    ).scalar()
    if spent is None:
        raise TokenRefused(purpose.value)
    return session.get_one(User, spent)


def is_usable(session: Session, purpose: TokenPurpose, token: str, now: dt.datetime) -> bool:
    """Whether the link still works (to show the form or say it expired)."""
    found = session.scalar(sa.select(AccountToken.id).where(*_usable(purpose, token, now)))
    return found is not None


def user_of_usable(
    session: Session, purpose: TokenPurpose, token: str, now: dt.datetime
) -> User | None:
    """Whose link this is, while it still works (an invitation form shows the address)."""
    return session.scalar(
        sa.select(User).join(AccountToken.user).where(*_usable(purpose, token, now))
    )


def _usable(purpose: TokenPurpose, token: str, now: dt.datetime) -> tuple:
    """The conditions of a token that still works: this purpose, unused, not expired."""
    return (
        AccountToken.token_hash == token_hash(token),
        AccountToken.purpose == purpose.value,
        AccountToken.used_at.is_(None),
        AccountToken.expires_at > now,
    )


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
