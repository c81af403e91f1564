"""users.target_group: whom the funder report counts a person as (stated by themself)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("target_group", sa.String(length=30), nullable=True))
        batch_op.create_check_constraint(
            batch_op.f("ck_users_target_group_known"),
            "target_group IN ('administration', 'migrant_organisation', 'other')",
        )


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_users_target_group_known"), type_="check")
        batch_op.drop_column("target_group")
