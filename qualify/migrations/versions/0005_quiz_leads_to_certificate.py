"""quizzes that lead to a certificate keep the key hidden until passed or out of attempts

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("quizzes", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "leads_to_certificate", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
    # Existing rows got false; the next `qualify content import` sets the right value.
    with op.batch_alter_table("quizzes", schema=None) as batch_op:
        batch_op.alter_column("leads_to_certificate", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("quizzes", schema=None) as batch_op:
        batch_op.drop_column("leads_to_certificate")
