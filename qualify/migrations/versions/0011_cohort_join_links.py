"""cohort join links: a shared link with an expiry that lets learners join a cohort

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 18:45:47.615470
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import qualify.core.orm

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cohorts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("join_token", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("join_expires_at", qualify.core.orm.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.create_unique_constraint(batch_op.f("uq_cohorts_join_token"), ["join_token"])


def downgrade() -> None:
    with op.batch_alter_table("cohorts", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_cohorts_join_token"), type_="unique")
        batch_op.drop_column("join_expires_at")
        batch_op.drop_column("join_token")
