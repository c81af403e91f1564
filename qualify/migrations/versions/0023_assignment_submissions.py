"""assignment_submissions and assignment_versions: practice assignments handed in and marked

A practice assignment is an essay question of a course's quiz that attempts never draw; the
learner hands it in on its own page and a trainer marks it. One submission per learner and
question, with its versions (draft, handed in, marked; a failed mark opens a new one).

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-06 06:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from qualify.core.orm import UTCDateTime

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assignment_submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["questions.id"],
            name=op.f("fk_assignment_submissions_question_id_questions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_assignment_submissions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignment_submissions")),
        sa.UniqueConstraint(
            "user_id", "question_id", name=op.f("uq_assignment_submissions_user_id_question_id")
        ),
    )
    op.create_index(
        op.f("ix_assignment_submissions_user_id"), "assignment_submissions", ["user_id"]
    )
    op.create_index(
        op.f("ix_assignment_submissions_question_id"), "assignment_submissions", ["question_id"]
    )
    op.create_table(
        "assignment_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("saved_at", UTCDateTime(), nullable=False),
        sa.Column("handed_in_at", UTCDateTime(), nullable=True),
        sa.Column("marked_at", UTCDateTime(), nullable=True),
        sa.Column("marked_by_id", sa.Integer(), nullable=True),
        sa.Column("points", sa.Integer(), nullable=True),
        sa.Column("max_points", sa.Integer(), nullable=True),
        sa.Column("pass_mark", sa.Integer(), nullable=True),
        sa.Column("passed", sa.Boolean(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "marked_at IS NULL OR handed_in_at IS NOT NULL",
            name=op.f("ck_assignment_versions_marked_after_hand_in"),
        ),
        sa.CheckConstraint(
            "points IS NULL OR (points >= 0 AND points <= max_points)",
            name=op.f("ck_assignment_versions_points_in_range"),
        ),
        sa.ForeignKeyConstraint(
            ["marked_by_id"],
            ["users.id"],
            name=op.f("fk_assignment_versions_marked_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["assignment_submissions.id"],
            name=op.f("fk_assignment_versions_submission_id_assignment_submissions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignment_versions")),
        sa.UniqueConstraint(
            "submission_id", "number", name=op.f("uq_assignment_versions_submission_id_number")
        ),
    )
    op.create_index(
        op.f("ix_assignment_versions_submission_id"), "assignment_versions", ["submission_id"]
    )


def downgrade() -> None:
    op.drop_table("assignment_versions")
    op.drop_table("assignment_submissions")
