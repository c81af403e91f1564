"""Quizzes, their question pools, and learners' attempts with per-question snapshots."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qualify.db import Base, IntPK


class AttemptStatus(enum.StrEnum):
    OPEN = "open"
    SUBMITTED = "submitted"


class Quiz(Base):
    __tablename__ = "quizzes"

    id: Mapped[IntPK]
    course_id: Mapped[int] = mapped_column(
        sa.ForeignKey("courses.id", ondelete="CASCADE"), unique=True
    )
    pass_mark: Mapped[int]
    draw: Mapped[int | None]

    questions: Mapped[list[Question]] = relationship(
        order_by="Question.position",
        primaryjoin="and_(Quiz.id == Question.quiz_id, Question.archived.is_(False))",
        viewonly=True,
    )


class Question(Base):
    __tablename__ = "questions"
    __table_args__ = (sa.UniqueConstraint("quiz_id", "slug"),)

    id: Mapped[IntPK]
    quiz_id: Mapped[int] = mapped_column(sa.ForeignKey("quizzes.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(sa.String(100))
    position: Mapped[int]
    type: Mapped[str] = mapped_column(sa.String(40))
    spec: Mapped[dict[str, Any]]
    archived: Mapped[bool] = mapped_column(default=False)


class QuizAttempt(Base):
    __tablename__ = "quiz_attempts"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "quiz_id", "number"),
        sa.CheckConstraint("status IN ('open', 'submitted')", name="status_known"),
        sa.CheckConstraint("(status = 'open') = (submitted_at IS NULL)", name="submitted_has_date"),
    )

    id: Mapped[IntPK]
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    quiz_id: Mapped[int] = mapped_column(
        sa.ForeignKey("quizzes.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    status: Mapped[str] = mapped_column(sa.String(20), default=AttemptStatus.OPEN)
    pass_mark: Mapped[int]
    started_at: Mapped[dt.datetime]
    submitted_at: Mapped[dt.datetime | None]
    points: Mapped[float | None]
    max_points: Mapped[float | None]
    percent: Mapped[float | None]
    passed: Mapped[bool | None]

    quiz: Mapped[Quiz] = relationship()
    questions: Mapped[list[AttemptQuestion]] = relationship(
        order_by="AttemptQuestion.position", back_populates="attempt"
    )

    @property
    def is_open(self) -> bool:
        return self.status == AttemptStatus.OPEN


class AttemptQuestion(Base):
    """A question as this learner saw it: a copy of its spec, its layout, answer and grade."""

    __tablename__ = "attempt_questions"
    __table_args__ = (sa.UniqueConstraint("attempt_id", "position"),)

    id: Mapped[IntPK]
    attempt_id: Mapped[int] = mapped_column(
        sa.ForeignKey("quiz_attempts.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    question_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("questions.id", ondelete="SET NULL")
    )
    spec: Mapped[dict[str, Any]]
    layout: Mapped[dict[str, Any]]
    response: Mapped[Any | None] = mapped_column(sa.JSON())
    points: Mapped[float | None]

    attempt: Mapped[QuizAttempt] = relationship(back_populates="questions")
