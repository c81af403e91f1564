"""Courses, lessons, enrolments and lesson completions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qualify.core.orm import Base, CreatedAt, IntPK, LocalisedTitle


class Course(LocalisedTitle, Base):
    __tablename__ = "courses"

    id: Mapped[IntPK]
    slug: Mapped[str] = mapped_column(sa.String(100), unique=True)
    title: Mapped[dict[str, Any]]
    summary: Mapped[dict[str, Any]]
    objectives: Mapped[dict[str, Any]]
    glossary: Mapped[list[Any]] = mapped_column(default=list)
    duration_minutes: Mapped[int]
    position: Mapped[int] = mapped_column(default=0)
    archived: Mapped[bool] = mapped_column(default=False)
    """Set when the course folder disappears: records stay, the catalogue hides the course."""
    source_hash: Mapped[str | None] = mapped_column(sa.String(64))
    """SHA-256 of the course's folder as last imported (contentwrite.folder_fingerprint)."""

    lessons: Mapped[list[Lesson]] = relationship(
        order_by="Lesson.position",
        primaryjoin="and_(Course.id == Lesson.course_id, Lesson.archived.is_(False))",
        viewonly=True,
    )


class Lesson(LocalisedTitle, Base):
    __tablename__ = "lessons"
    __table_args__ = (sa.UniqueConstraint("course_id", "slug"),)

    id: Mapped[IntPK]
    course_id: Mapped[int] = mapped_column(sa.ForeignKey("courses.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(sa.String(100))
    position: Mapped[int]
    minutes: Mapped[int]
    title: Mapped[dict[str, Any]]
    html: Mapped[dict[str, Any]]
    markdown: Mapped[dict[str, Any]] = mapped_column(default=dict)
    """The Markdown the HTML was rendered from, per language: what an export writes."""
    sources: Mapped[dict[str, Any]]
    reviewed: Mapped[dict[str, Any] | None]
    """When the lesson's facts were last checked, and by whom ({"on": "2026-12-06", "by":
    ...}, coursefile.Review), from the German file's `reviewed:`; NULL when it has none."""
    archived: Mapped[bool] = mapped_column(default=False)

    course: Mapped[Course] = relationship()


class Enrolment(Base):
    __tablename__ = "enrolments"
    __table_args__ = (sa.UniqueConstraint("user_id", "course_id"),)

    id: Mapped[IntPK]
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[int] = mapped_column(
        sa.ForeignKey("courses.id", ondelete="CASCADE"), index=True
    )
    enrolled_at: Mapped[CreatedAt]
    last_lesson_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("lessons.id", ondelete="SET NULL")
    )

    course: Mapped[Course] = relationship()


class LessonCompletion(Base):
    __tablename__ = "lesson_completions"
    __table_args__ = (sa.UniqueConstraint("user_id", "lesson_id"),)

    id: Mapped[IntPK]
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    lesson_id: Mapped[int] = mapped_column(
        sa.ForeignKey("lessons.id", ondelete="CASCADE"), index=True
    )
    completed_at: Mapped[dt.datetime]


class CourseImage(Base):
    """An image lessons of a course show, kept in the database so every app server can serve
    it. The name ends in the first hex digits of the SHA-256 (courses/imagefile.py), so the
    bytes behind a name never change and browsers may cache them for good."""

    __tablename__ = "course_images"
    __table_args__ = (
        sa.UniqueConstraint("course_id", "name"),
        sa.CheckConstraint("byte_size > 0", name="byte_size_positive"),
    )

    id: Mapped[IntPK]
    course_id: Mapped[int] = mapped_column(sa.ForeignKey("courses.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(80))
    content_type: Mapped[str] = mapped_column(sa.String(20))
    data: Mapped[bytes] = mapped_column(sa.LargeBinary(), deferred=True)
    """Loaded only when the bytes are sent or exported, not for lists or a 304."""
    width: Mapped[int]
    height: Mapped[int]
    byte_size: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    uploaded_at: Mapped[CreatedAt]
    uploaded_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
