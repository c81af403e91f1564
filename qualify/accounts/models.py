"""Users, their roles, and the browsers they are signed in with."""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qualify.core.orm import Base, CreatedAt, IntPK


class Role(enum.StrEnum):
    LEARNER = "learner"
    TRAINER = "trainer"
    ADMIN = "admin"


class TargetGroup(enum.StrEnum):
    """Whom the funder report counts a person as; stated by the person (or, for a new
    account, by the trainer's participant list). NULL: not stated."""

    ADMINISTRATION = "administration"  # staff of public administrations and job centres
    MIGRANT_ORGANISATION = "migrant_organisation"  # members of migrant organisations
    OTHER = "other"


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        sa.CheckConstraint("role IN ('learner', 'trainer', 'admin')", name="role_known"),
        sa.CheckConstraint(
            "target_group IN (" + ", ".join(f"'{g}'" for g in TargetGroup) + ")",
            name="target_group_known",
        ),
        sa.CheckConstraint(
            "extra_time_percent BETWEEN 0 AND 200", name="extra_time_percent_in_range"
        ),
    )

    id: Mapped[IntPK]
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    # None until an invited person sets a password (no password can sign them in).
    password_hash: Mapped[str | None] = mapped_column(sa.String(200))
    role: Mapped[str] = mapped_column(sa.String(20), default=Role.LEARNER)
    locale: Mapped[str] = mapped_column(sa.String(10), default="de")
    created_at: Mapped[CreatedAt]
    # The address was shown to work: a confirmation link, an invitation or a reset link was
    # used, or an admin created the account. Notification mails wait for it.
    confirmed_at: Mapped[dt.datetime | None]
    last_login_at: Mapped[dt.datetime | None]
    # A deactivated account cannot sign in; an admin can reactivate it.
    deactivated_at: Mapped[dt.datetime | None]
    # A deleted account keeps its row (certificates and statistics refer to it), anonymised.
    deleted_at: Mapped[dt.datetime | None]
    # For the funder's statistics only, counted in groups of 5 or more (reports/).
    target_group: Mapped[str | None] = mapped_column(sa.String(30))
    # An accommodation (a disability, reading in a second language): this much more time in
    # every timed quiz, set by a trainer of the person's group or an admin.
    extra_time_percent: Mapped[int] = mapped_column(default=0, server_default="0")

    # Flask-Login protocol, spelled out instead of UserMixin so the session id is ours.
    is_authenticated = True
    is_anonymous = False
    login_token = None  # the token of the LoginSession this request runs in (not stored)

    def get_id(self) -> str:
        """What the session and remember cookies hold: the user and their login session's
        token, so ending that LoginSession on the server ends both cookies."""
        if self.login_token is None:
            raise RuntimeError("get_id needs a login session (accounts.service.open_login_session)")
        return f"{self.id}.{self.login_token}"

    @property
    def is_active(self) -> bool:
        """Flask-Login refuses to sign in an inactive user: deactivated or deleted."""
        return self.deactivated_at is None and self.deleted_at is None

    @property
    def role_enum(self) -> Role:
        return Role(self.role)


class LoginSession(Base):
    """One signed-in browser. Its cookie holds a random token and the database only its hash,
    so logout, "log out on all devices" and a new password end it on the server."""

    __tablename__ = "login_sessions"

    id: Mapped[IntPK]
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[CreatedAt]
    ended_at: Mapped[dt.datetime | None]

    user: Mapped[User] = relationship()


class TokenPurpose(enum.StrEnum):
    PASSWORD_RESET = "password_reset"  # noqa: S105 - a purpose, not a secret
    CONFIRM_EMAIL = "confirm_email"
    INVITATION = "invitation"


class AccountToken(Base):
    """A single-use link sent by mail: password reset, address confirmation, invitation.
    Only the token's hash is stored."""

    __tablename__ = "account_tokens"
    __table_args__ = (
        sa.CheckConstraint(
            "purpose IN ('password_reset', 'confirm_email', 'invitation')", name="purpose_known"
        ),
    )

    id: Mapped[IntPK]
    purpose: Mapped[str] = mapped_column(sa.String(30))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[CreatedAt]
    expires_at: Mapped[dt.datetime]
    used_at: Mapped[dt.datetime | None]

    user: Mapped[User] = relationship()
