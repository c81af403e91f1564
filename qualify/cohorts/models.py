"""Cohorts: a group that takes a qualification together, its trainers and participants.

The tables name qualifications and users by foreign key only (no relationship to
certificates' classes), so this package sits low in the layer order and every domain that
shows learners to trainers can ask it who may see whom (scope.py).
"""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qualify.cohorts.places import PLACES
from qualify.core.orm import Base, CreatedAt, IntPK


class CohortState(enum.StrEnum):
    PLANNED = "planned"
    RUNNING = "running"
    FINISHED = "finished"


class Cohort(Base):
    __tablename__ = "cohorts"
    __table_args__ = (
        sa.CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
        sa.CheckConstraint("capacity > 0", name="capacity_positive"),
        sa.CheckConstraint("at_risk_days > 0", name="at_risk_days_positive"),
        sa.CheckConstraint(
            "place IN (" + ", ".join(f"'{p}'" for p in PLACES) + ")", name="place_known"
        ),
    )

    id: Mapped[IntPK]
    name: Mapped[str] = mapped_column(sa.String(200))
    qualification_id: Mapped[int] = mapped_column(
        sa.ForeignKey("qualifications.id", ondelete="RESTRICT"), index=True
    )
    starts_on: Mapped[dt.date]
    ends_on: Mapped[dt.date]
    place: Mapped[str] = mapped_column(sa.String(60))
    capacity: Mapped[int]
    # A participant without activity for this many days is marked "at risk".
    at_risk_days: Mapped[int] = mapped_column(default=14)
    created_at: Mapped[CreatedAt]
    # The link people join with (/join/<token>) and until when it works. Unlike account
    # links it is meant to be shared with the whole group, so it is kept as it is shown;
    # a new link replaces it.
    join_token: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    join_expires_at: Mapped[dt.datetime | None]

    trainers: Mapped[list[CohortTrainer]] = relationship(
        back_populates="cohort", cascade="all, delete-orphan"
    )
    members: Mapped[list[CohortMember]] = relationship(
        back_populates="cohort", cascade="all, delete-orphan"
    )

    def state_on(self, day: dt.date) -> CohortState:
        """Planned before its first day, running until its last, finished after."""
        if day < self.starts_on:
            return CohortState.PLANNED
        return CohortState.RUNNING if day <= self.ends_on else CohortState.FINISHED

    def __repr__(self) -> str:
        return f"<Cohort {self.id} {self.name!r}>"


class CohortTrainer(Base):
    __tablename__ = "cohort_trainers"
    __table_args__ = (sa.UniqueConstraint("cohort_id", "user_id"),)

    id: Mapped[IntPK]
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohorts.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)

    cohort: Mapped[Cohort] = relationship(back_populates="trainers")

    def __repr__(self) -> str:
        return f"<CohortTrainer cohort={self.cohort_id} user={self.user_id}>"


class CohortMember(Base):
    """A participant. Organisation and target group feed the funder report."""

    __tablename__ = "cohort_members"
    __table_args__ = (sa.UniqueConstraint("cohort_id", "user_id"),)

    id: Mapped[IntPK]
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohorts.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    organisation: Mapped[str | None] = mapped_column(sa.String(200))
    joined_at: Mapped[CreatedAt]

    cohort: Mapped[Cohort] = relationship(back_populates="members")

    def __repr__(self) -> str:
        return f"<CohortMember cohort={self.cohort_id} user={self.user_id}>"


class Workshop(Base):
    """An in-person session of a cohort; the hours of those present count toward the
    cohort's qualification (as workshop credits, see learners/attendance.py)."""

    __tablename__ = "workshops"
    __table_args__ = (sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),)

    id: Mapped[IntPK]
    cohort_id: Mapped[int] = mapped_column(
        sa.ForeignKey("cohorts.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(200))
    held_on: Mapped[dt.date]
    starts_at: Mapped[dt.time]
    ends_at: Mapped[dt.time]
    place: Mapped[str] = mapped_column(sa.String(200))
    trainer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[CreatedAt]

    attendances: Mapped[list[Attendance]] = relationship(
        back_populates="workshop", cascade="all, delete-orphan"
    )

    @property
    def hours(self) -> float:
        """The session's length in hours (the most anyone can be present)."""
        start = self.starts_at.hour * 60 + self.starts_at.minute
        end = self.ends_at.hour * 60 + self.ends_at.minute
        return (end - start) / 60

    def __repr__(self) -> str:
        return f"<Workshop {self.id} cohort={self.cohort_id} {self.held_on}>"


class Attendance(Base):
    """A participant present at a session, for this many hours (absent: no row)."""

    __tablename__ = "attendances"
    __table_args__ = (
        sa.UniqueConstraint("workshop_id", "user_id"),
        sa.CheckConstraint("hours > 0", name="hours_positive"),
    )

    id: Mapped[IntPK]
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshops.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    hours: Mapped[float]
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    recorded_at: Mapped[dt.datetime]

    workshop: Mapped[Workshop] = relationship(back_populates="attendances")

    def __repr__(self) -> str:
        return f"<Attendance workshop={self.workshop_id} user={self.user_id} {self.hours}h>"
