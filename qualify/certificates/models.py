"""Qualifications (from certificates/*.yaml) and the certificates awarded for them."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
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
    audience: Mapped[dict[str, Any]] = mapped_column(default=dict)
    """Who the qualification is for, per language."""
    requirements: Mapped[list[Any]]
    """Every course that counts: [{"course": slug, "min_percent": int | None, "role":
    required | elective | assignment | renewal}] (ruledata.counting_courses)."""
    rules: Mapped[dict[str, Any]] = mapped_column(default=dict)
    """The whole rule set as plain data (ruledata.spec_data): what awarding evaluates."""
    workshop_hours: Mapped[int] = mapped_column(default=0)
    workshop_description: Mapped[dict[str, Any]] = mapped_column(default=dict)
    archived: Mapped[bool] = mapped_column(default=False)


class CertificateStatus(StrEnum):
    """What a verifier is told; the first that applies wins (a revoked certificate that has
    also expired is revoked)."""

    VALID = "valid"
    REVOKED = "revoked"
    SUPERSEDED = "superseded"
    EXPIRED = "expired"


class Certificate(LocalisedTitle, Base):
    """An awarded qualification. Its content is a snapshot taken at issue and never edited:
    a correction or a renewal issues a new certificate and marks this one superseded;
    revocation sets revoked_at and revoked_reason and keeps the row."""

    __tablename__ = "certificates"
    __table_args__ = (
        # One current certificate per learner and qualification; superseded ones stay, so
        # their verification links keep answering (with a link to the new one).
        sa.Index(
            "uq_certificates_current",
            "user_id",
            "qualification_id",
            unique=True,
            sqlite_where=sa.text("superseded_by_id IS NULL"),
            postgresql_where=sa.text("superseded_by_id IS NULL"),
        ),
        sa.CheckConstraint(
            "(revoked_at IS NULL) = (revoked_reason IS NULL)", name="revocation_has_reason"
        ),
        sa.CheckConstraint(
            "(superseded_at IS NULL) = (superseded_by_id IS NULL)", name="superseded_has_successor"
        ),
    )

    id: Mapped[IntPK]
    code: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    qualification_id: Mapped[int] = mapped_column(
        sa.ForeignKey("qualifications.id", ondelete="RESTRICT")
    )
    issued_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime | None]
    """End of validity for a qualification that must be renewed; None: valid without end."""
    holder_name: Mapped[str] = mapped_column(sa.String(200))
    """As the holder wrote it, in their own script; frozen at issue."""
    holder_name_latin: Mapped[str | None] = mapped_column(sa.String(200))
    """An optional Latin transliteration the holder gave (e.g. for an Arabic name)."""
    title: Mapped[dict[str, Any]]
    courses: Mapped[list[Any]]
    """[{"course": slug, "title": {...}, "passed_at": iso date, "percent": float}]"""
    workshop_hours: Mapped[float] = mapped_column(default=0)
    """In-person workshop hours credited when it was issued."""
    revoked_at: Mapped[dt.datetime | None]
    revoked_reason: Mapped[str | None] = mapped_column(sa.String(500))
    superseded_at: Mapped[dt.datetime | None]
    superseded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("certificates.id", ondelete="RESTRICT")
    )

    qualification: Mapped[Qualification] = relationship()
    user: Mapped[User] = relationship()
    superseded_by: Mapped[Certificate | None] = relationship(remote_side="Certificate.id")

    def status_at(self, now: dt.datetime) -> CertificateStatus:
        if self.revoked_at is not None:
            return CertificateStatus.REVOKED
        if self.superseded_by_id is not None:
            return CertificateStatus.SUPERSEDED
        if self.expires_at is not None and self.expires_at <= now:
            return CertificateStatus.EXPIRED
        return CertificateStatus.VALID

    @property
    def is_valid(self) -> bool:
        """Neither revoked nor superseded (expiry needs the time: see `status_at`)."""
        return self.revoked_at is None and self.superseded_by_id is None

    def __repr__(self) -> str:
        return f"<Certificate {self.id} user={self.user_id} qualification={self.qualification_id}>"


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


class HolderName(Base):
    """The name a learner wants on their certificates, in their own script, with an optional
    Latin transliteration; set before issue (until then the account's name is used) and
    copied into each certificate, where it stays frozen."""

    __tablename__ = "certificate_names"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    name_latin: Mapped[str | None] = mapped_column(sa.String(200))
    updated_at: Mapped[dt.datetime]
