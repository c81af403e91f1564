"""Quizzes, their question pools, learners' attempts with per-question snapshots, and the
extra attempts trainers grant."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qualify.accounts.models import User
from qualify.assessment.questiontypes import Grade
from qualify.assessment.quizfile import QuizSettings
from qualify.core.orm import Base, IntPK
from qualify.courses.models import Course


class AttemptStatus(enum.StrEnum):
    OPEN = "open"  # the learner is answering
    PENDING_REVIEW = "pending_review"  # submitted; a trainer still grades essays
    GRADED = "graded"  # submitted and fully graded


class Quiz(Base):
    __tablename__ = "quizzes"

    id: Mapped[IntPK]
    course_id: Mapped[int] = mapped_column(
        sa.ForeignKey("courses.id", ondelete="CASCADE"), unique=True
    )
    pass_mark: Mapped[int]
    settings_data: Mapped[dict[str, Any]] = mapped_column("settings", default=dict)
    leads_to_certificate: Mapped[bool] = mapped_column(default=False)
    """A qualification requires this course (set at import): the key stays hidden."""

    course: Mapped[Course] = relationship()
    questions: Mapped[list[Question]] = relationship(
        order_by="Question.position",
        primaryjoin="and_(Quiz.id == Question.quiz_id, Question.archived.is_(False))",
        viewonly=True,
    )

    @property
    def settings(self) -> QuizSettings:
        return QuizSettings.from_json(self.settings_data)


class Question(Base):
    __tablename__ = "questions"
    __table_args__ = (sa.UniqueConstraint("quiz_id", "slug"),)

    id: Mapped[IntPK]
    quiz_id: Mapped[int] = mapped_column(sa.ForeignKey("quizzes.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(sa.String(100))
    position: Mapped[int]
    type: Mapped[str] = mapped_column(sa.String(40))
    spec: Mapped[dict[str, Any]]
    source: Mapped[dict[str, Any] | None]
    """The question as written in quiz.yaml (plain data), which `spec` was parsed from."""
    archived: Mapped[bool] = mapped_column(default=False)


class QuizAttempt(Base):
    __tablename__ = "quiz_attempts"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "quiz_id", "number"),
        sa.CheckConstraint("status IN ('open', 'pending_review', 'graded')", name="status_known"),
        sa.CheckConstraint("(status = 'open') = (submitted_at IS NULL)", name="submitted_has_date"),
        # At most one open attempt per learner and quiz, even with two tabs starting at once.
        sa.Index(
            "uq_quiz_attempts_one_open",
            "user_id",
            "quiz_id",
            unique=True,
            sqlite_where=sa.text("status = 'open'"),
            postgresql_where=sa.text("status = 'open'"),
        ),
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
    deadline_at: Mapped[dt.datetime | None]
    submitted_at: Mapped[dt.datetime | None]
    points: Mapped[float | None]
    max_points: Mapped[float | None]
    percent: Mapped[float | None]
    passed: Mapped[bool | None]

    quiz: Mapped[Quiz] = relationship()
    user: Mapped[User] = relationship()
    questions: Mapped[list[AttemptQuestion]] = relationship(
        order_by="AttemptQuestion.position", back_populates="attempt"
    )

    @property
    def is_open(self) -> bool:
        return self.status == AttemptStatus.OPEN

    @property
    def is_pending(self) -> bool:
        return self.status == AttemptStatus.PENDING_REVIEW


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
    detail: Mapped[dict[str, Any] | None]
    """{"parts": [bool, ...], "feedback": [{lang: text}, ...], "pending": bool}"""
    reviewer_comment: Mapped[str | None] = mapped_column(sa.Text())
    reviewed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    reviewed_at: Mapped[dt.datetime | None]

    attempt: Mapped[QuizAttempt] = relationship(back_populates="questions")

    @property
    def pending(self) -> bool:
        return bool(self.detail and self.detail.get("pending"))

    @property
    def grade(self) -> Grade:
        """The stored points as a Grade, so pages ask it whether the answer was right."""
        return Grade(self.points or 0.0, float(self.spec["points"]), pending=self.pending)

    @property
    def input_name(self) -> str:
        """The name of this question's inputs in the page's form (parts add "-<part>")."""
        return f"q{self.position}"


class ExtraAttempt(Base):
    """One more attempt for one learner, granted by a trainer (kept for the record)."""

    __tablename__ = "extra_attempts"

    id: Mapped[IntPK]
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    quiz_id: Mapped[int] = mapped_column(sa.ForeignKey("quizzes.id", ondelete="CASCADE"))
    granted_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    granted_at: Mapped[dt.datetime]
    reason: Mapped[str] = mapped_column(sa.String(500), default="")
