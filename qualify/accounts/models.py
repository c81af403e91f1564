"""Users and their roles."""

from __future__ import annotations

import enum
import hashlib

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qualify.core.orm import Base, CreatedAt, IntPK


class Role(enum.StrEnum):
    LEARNER = "learner"
    TRAINER = "trainer"
    ADMIN = "admin"


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        sa.CheckConstraint("role IN ('learner', 'trainer', 'admin')", name="role_known"),
    )

    id: Mapped[IntPK]
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    password_hash: Mapped[str] = mapped_column(sa.String(200))
    role: Mapped[str] = mapped_column(sa.String(20), default=Role.LEARNER)
    locale: Mapped[str] = mapped_column(sa.String(10), default="de")
    created_at: Mapped[CreatedAt]

    # Flask-Login protocol, spelled out instead of UserMixin so the session id is ours.
    is_active = True
    is_authenticated = True
    is_anonymous = False

    def get_id(self) -> str:
        """Session id that changes with the password, so a new password ends old sessions."""
        return f"{self.id}.{self.session_fingerprint()}"

    def session_fingerprint(self) -> str:
        return hashlib.sha256(self.password_hash.encode()).hexdigest()[:20]

    @property
    def role_enum(self) -> Role:
        return Role(self.role)
