"""Who may author which course, the open draft of a course, and its published versions."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qualify.core.orm import Base, CreatedAt, IntPK


class CourseAuthor(Base):
    """A trainer an admin allowed to edit and publish one course (admins may edit all)."""

    __tablename__ = "course_authors"
    __table_args__ = (sa.UniqueConstraint("course_id", "user_id"),)

    id: Mapped[IntPK]
    course_id: Mapped[int] = mapped_column(sa.ForeignKey("courses.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    granted_at: Mapped[CreatedAt]


class CourseDraft(Base):
    """The unpublished state of a course: every file of its folder (path -> text).

    One draft per course, shared by its authors; `revision` counts saves, so two saves
    that read the same revision cannot both win (SQLAlchemy's version counter)."""

    __tablename__ = "course_drafts"

    id: Mapped[IntPK]
    course_id: Mapped[int] = mapped_column(
        sa.ForeignKey("courses.id", ondelete="CASCADE"), unique=True
    )
    files: Mapped[dict[str, Any]]
    base_version: Mapped[int]
    """The version the draft was opened from; publishing writes base_version + 1."""
    created_at: Mapped[CreatedAt]
    updated_at: Mapped[dt.datetime]
    updated_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    revision: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": revision}


class VersionOrigin(enum.StrEnum):
    BROWSER = "browser"  # published in the editor
    FILES = "files"  # imported from course_content/ (`qualify content import`)


class CourseVersion(Base):
    """One published state of a course, stored as the files that changed since the one
    before (path -> text, or None for a removed file); version 1 holds every file."""

    __tablename__ = "course_versions"
    __table_args__ = (sa.UniqueConstraint("course_id", "number"),)

    id: Mapped[IntPK]
    course_id: Mapped[int] = mapped_column(sa.ForeignKey("courses.id", ondelete="CASCADE"))
    number: Mapped[int]
    origin: Mapped[str] = mapped_column(sa.String(10))
    files: Mapped[dict[str, Any]]
    note: Mapped[str] = mapped_column(sa.String(500), default="")
    published_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    published_at: Mapped[CreatedAt]


class TranslationMark(Base):
    """When a lesson's translation was last saved, the German text it was made from (its
    SHA-256): the translation is outdated once the German text differs."""

    __tablename__ = "translation_marks"
    __table_args__ = (sa.UniqueConstraint("course_id", "lesson", "locale"),)

    id: Mapped[IntPK]
    course_id: Mapped[int] = mapped_column(sa.ForeignKey("courses.id", ondelete="CASCADE"))
    lesson: Mapped[str] = mapped_column(sa.String(100))
    locale: Mapped[str] = mapped_column(sa.String(10))
    german_hash: Mapped[str] = mapped_column(sa.String(64))
