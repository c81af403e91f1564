"""badges: each badge's place in the revocation status list

Revision ID: 0021
Revises: 0018
Create Date: 2026-12-06 04:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "badge_status_entries",
        sa.Column("certificate_id", sa.Integer(), nullable=False),
        sa.Column("status_index", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status_index >= 0 AND status_index < 131072",
            name=op.f("ck_badge_status_entries_index_in_list"),
        ),
        sa.ForeignKeyConstraint(
            ["certificate_id"],
            ["certificates.id"],
            name=op.f("fk_badge_status_entries_certificate_id_certificates"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("certificate_id", name=op.f("pk_badge_status_entries")),
        sa.UniqueConstraint("status_index", name=op.f("uq_badge_status_entries_status_index")),
    )


def downgrade() -> None:
    op.drop_table("badge_status_entries")
