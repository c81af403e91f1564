"""What an export writes back: lessons.markdown, questions.source, courses.source_hash

Lessons and questions imported before keep `{}` and NULL until the next import fills them.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 21:45:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("lessons", schema=None) as batch_op:
        batch_op.add_column(sa.Column("markdown", sa.JSON(), nullable=False, server_default="{}"))
    with op.batch_alter_table("lessons", schema=None) as batch_op:
        batch_op.alter_column("markdown", server_default=None)
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source", sa.JSON(), nullable=True))
    with op.batch_alter_table("courses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_hash", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("courses", schema=None) as batch_op:
        batch_op.drop_column("source_hash")
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.drop_column("source")
    with op.batch_alter_table("lessons", schema=None) as batch_op:
        batch_op.drop_column("markdown")
