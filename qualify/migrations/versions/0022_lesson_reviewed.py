"""lessons.reviewed: when a lesson's facts were last checked, and by whom

From the German lesson file's `reviewed:` ({"on": "2026-12-06", "by": "..."}); NULL for a
lesson without one, and for every lesson until its course is imported again.

Revision ID: 0022
Revises: 0019
Create Date: 2026-12-06 12:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("lessons", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reviewed", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("lessons", schema=None) as batch_op:
        batch_op.drop_column("reviewed")
