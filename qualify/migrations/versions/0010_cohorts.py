"""cohorts: groups that take a qualification together, their trainers and participants

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 18:14:35.507701
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import qualify.core.orm

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cohorts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("qualification_id", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=60), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("at_risk_days", sa.Integer(), nullable=False),
        sa.Column("created_at", qualify.core.orm.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "place IN ('Altmarkkreis Salzwedel', 'Anhalt-Bitterfeld', 'Börde', 'Burgenlandkreis', 'Dessau-Roßlau', 'Halle (Saale)', 'Harz', 'Jerichower Land', 'Magdeburg', 'Mansfeld-Südharz', 'Saalekreis', 'Salzlandkreis', 'Stendal', 'Wittenberg', 'online')",
            name=op.f("ck_cohorts_place_known"),
        ),
        sa.CheckConstraint("at_risk_days > 0", name=op.f("ck_cohorts_at_risk_days_positive")),
        sa.CheckConstraint("capacity > 0", name=op.f("ck_cohorts_capacity_positive")),
        sa.CheckConstraint("ends_on >= starts_on", name=op.f("ck_cohorts_ends_after_start")),
        sa.ForeignKeyConstraint(
            ["qualification_id"],
            ["qualifications.id"],
            name=op.f("fk_cohorts_qualification_id_qualifications"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cohorts")),
    )
    with op.batch_alter_table("cohorts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cohorts_qualification_id"), ["qualification_id"], unique=False
        )

    op.create_table(
        "cohort_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=True),
        sa.Column("joined_at", qualify.core.orm.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["cohorts.id"],
            name=op.f("fk_cohort_members_cohort_id_cohorts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_cohort_members_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cohort_members")),
        sa.UniqueConstraint(
            "cohort_id", "user_id", name=op.f("uq_cohort_members_cohort_id_user_id")
        ),
    )
    with op.batch_alter_table("cohort_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cohort_members_user_id"), ["user_id"], unique=False)

    op.create_table(
        "cohort_trainers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["cohorts.id"],
            name=op.f("fk_cohort_trainers_cohort_id_cohorts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_cohort_trainers_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cohort_trainers")),
        sa.UniqueConstraint(
            "cohort_id", "user_id", name=op.f("uq_cohort_trainers_cohort_id_user_id")
        ),
    )
    with op.batch_alter_table("cohort_trainers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cohort_trainers_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("cohort_trainers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cohort_trainers_user_id"))

    op.drop_table("cohort_trainers")
    with op.batch_alter_table("cohort_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cohort_members_user_id"))

    op.drop_table("cohort_members")
    with op.batch_alter_table("cohorts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cohorts_qualification_id"))

    op.drop_table("cohorts")
