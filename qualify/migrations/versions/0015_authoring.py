"""Course authoring: authors per course, one draft per course, published versions,
translation marks

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05 23:50:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import qualify.core.orm

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "course_authors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("granted_at", qualify.core.orm.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["courses.id"],
            name=op.f("fk_course_authors_course_id_courses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_course_authors_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_course_authors")),
        sa.UniqueConstraint(
            "course_id", "user_id", name=op.f("uq_course_authors_course_id_user_id")
        ),
    )
    op.create_index(op.f("ix_course_authors_user_id"), "course_authors", ["user_id"])
    op.create_table(
        "course_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("files", sa.JSON(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("created_at", qualify.core.orm.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", qualify.core.orm.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["courses.id"],
            name=op.f("fk_course_drafts_course_id_courses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"],
            ["users.id"],
            name=op.f("fk_course_drafts_updated_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_course_drafts")),
        sa.UniqueConstraint("course_id", name=op.f("uq_course_drafts_course_id")),
    )
    op.create_table(
        "course_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("origin", sa.String(length=10), nullable=False),
        sa.Column("files", sa.JSON(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("published_by", sa.Integer(), nullable=True),
        sa.Column("published_at", qualify.core.orm.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["courses.id"],
            name=op.f("fk_course_versions_course_id_courses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["published_by"],
            ["users.id"],
            name=op.f("fk_course_versions_published_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_course_versions")),
        sa.UniqueConstraint(
            "course_id", "number", name=op.f("uq_course_versions_course_id_number")
        ),
    )
    op.create_table(
        "translation_marks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("lesson", sa.String(length=100), nullable=False),
        sa.Column("locale", sa.String(length=10), nullable=False),
        sa.Column("german_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["courses.id"],
            name=op.f("fk_translation_marks_course_id_courses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_translation_marks")),
        sa.UniqueConstraint(
            "course_id",
            "lesson",
            "locale",
            name=op.f("uq_translation_marks_course_id_lesson_locale"),
        ),
    )


def downgrade() -> None:
    op.drop_table("translation_marks")
    op.drop_table("course_versions")
    op.drop_table("course_drafts")
    op.drop_index(op.f("ix_course_authors_user_id"), table_name="course_authors")
    op.drop_table("course_authors")
