"""Qualifications (from certificates/*.yaml) and the certificates awarded for them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qualify.accounts.models import User
from qualify.core.orm import Base, IntPK, LocalisedTitle


class Qualification(LocalisedTitle, Base):
    __tablename__ = "qualifications"

    id: Mapped[IntPK]
    slug: Mapped[str] = mapped_column(sa.String(100), unique=True)
    title: Mapped[dict[str, Any]]
    description: Mapped[dict[str, Any]]
    requirements: Mapped[list[Any]]
    """[{"course": slug, "min_percent": int | None}], as in the YAML file."""
    workshop_hours: Mapped[int] = mapped_column(default=0)
    workshop_description: Mapped[dict[str, Any]] = mapped_column(default=dict)
    archived: Mapped[bool] = mapped_column(default=False)


class Certificate(LocalisedTitle, Base):
    """An awarded qualification. Its content is a snapshot taken at issue and never edited;
    revocation sets revoked_at and revoked_reason and keeps the row."""

    __tablename__ = "certificates"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "qualification_id"),
        sa.CheckConstraint(
            "(revoked_at IS NULL) = (revoked_reason IS NULL)", name="revocation_has_reason"
        ),
    )

    id: Mapped[IntPK]
    code: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    qualification_id: Mapped[int] = mapped_column(
        sa.ForeignKey("qualifications.id", ondelete="RESTRICT")
    )
    issued_at: Mapped[dt.datetime]
    holder_name: Mapped[str] = mapped_column(sa.String(200))
    title: Mapped[dict[str, Any]]
    courses: Mapped[list[Any]]
    """[{"course": slug, "title": {...}, "passed_at": iso date, "percent": float}]"""
    workshop_hours: Mapped[float] = mapped_column(default=0)
    """In-person workshop hours credited when it was issued."""
    revoked_at: Mapped[dt.datetime | None]
    revoked_reason: Mapped[str | None] = mapped_column(sa.String(500))

    qualification: Mapped[Qualification] = relationship()
    user: Mapped[User] = relationship()

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


class WorkshopCredit(Base):
    """Hours of an in-person workshop a trainer credits to a learner for a qualification."""

    __tablename__ = "workshop_credits"
    __table_args__ = (sa.CheckConstraint("hours > 0 AND hours <= 100", name="hours_sensible"),)

    id: Mapped[IntPK]
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    qualification_id: Mapped[int] = mapped_column(
        sa.ForeignKey("qualifications.id", ondelete="CASCADE")
    )
    hours: Mapped[float]
    held_on: Mapped[dt.date]
    title: Mapped[str] = mapped_column(sa.String(200))
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    recorded_at: Mapped[dt.datetime]
    # Set when the credit stands for attendance recorded at a cohort's session: one credit
    # per attendance, changed with it and gone with it.
    attendance_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("attendances.id", ondelete="CASCADE"), unique=True
    )
