"""Practice assignments handed in: one submission per learner and assignment question, with
its versions (a draft, handed in, marked; a failed mark opens a new version)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qualify.core.orm import Base, CreatedAt, IntPK


class AssignmentSubmission(Base):
    """A learner's work on one assignment question. `revision` grows with every write: a
    form carries the revision it was shown with, so a stale tab or a second click is told
    instead of overwriting (optimistic locking)."""

    __tablename__ = "assignment_submissions"
    __table_args__ = (sa.UniqueConstraint("user_id", "question_id"),)

    id: Mapped[IntPK]
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(
        sa.ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    revision: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[CreatedAt]

    versions: Mapped[list[AssignmentVersion]] = relationship(
        order_by="AssignmentVersion.number",
        back_populates="submission",
        cascade="all, delete-orphan",
    )

    @property
    def current(self) -> AssignmentVersion | None:
        return self.versions[-1] if self.versions else None


class AssignmentVersion(Base):
    """One version of the text: a draft until handed in, then read-only, then marked."""

    __tablename__ = "assignment_versions"
    __table_args__ = (
        sa.UniqueConstraint("submission_id", "number"),
        sa.CheckConstraint(
            "marked_at IS NULL OR handed_in_at IS NOT NULL", name="marked_after_hand_in"
        ),
        sa.CheckConstraint(
            "points IS NULL OR (points >= 0 AND points <= max_points)", name="points_in_range"
        ),
    )

    id: Mapped[IntPK]
    submission_id: Mapped[int] = mapped_column(
        sa.ForeignKey("assignment_submissions.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    text: Mapped[str | None] = mapped_column(sa.Text())
    """None once the account is deleted (the marks stay as statistics)."""
    saved_at: Mapped[dt.datetime]
    handed_in_at: Mapped[dt.datetime | None]
    marked_at: Mapped[dt.datetime | None]
    marked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    points: Mapped[int | None]
    max_points: Mapped[int | None]
    pass_mark: Mapped[int | None]
    """The percent needed when it was marked."""
    passed: Mapped[bool | None]
    comment: Mapped[str | None] = mapped_column(sa.Text())

    submission: Mapped[AssignmentSubmission] = relationship(back_populates="versions")

    @property
    def percent(self) -> float | None:
        if self.points is None or not self.max_points:
            return None
        return round(self.points * 100 / self.max_points, 1)
