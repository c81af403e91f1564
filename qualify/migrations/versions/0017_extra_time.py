"""users.extra_time_percent: more time in every timed quiz, an accommodation

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 01:35:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("extra_time_percent", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_users_extra_time_percent_in_range"),
            "extra_time_percent BETWEEN 0 AND 200",
        )


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_users_extra_time_percent_in_range"), type_="check")
        batch_op.drop_column("extra_time_percent")
