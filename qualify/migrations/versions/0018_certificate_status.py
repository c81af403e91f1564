"""certificates: expiry, superseding, a Latin transliteration of the name

One current certificate per learner and qualification replaces the plain unique constraint,
so a renewal or a name correction can issue a new certificate and keep the old one.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 03:10:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("holder_name_latin", sa.String(200), nullable=True))
        batch_op.add_column(sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("superseded_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_certificates_superseded_by_id_certificates"),
            "certificates",
            ["superseded_by_id"],
            ["id"],
            ondelete="RESTRICT",
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_certificates_superseded_has_successor"),
            "(superseded_at IS NULL) = (superseded_by_id IS NULL)",
        )
        batch_op.drop_constraint("uq_certificates_user_id_qualification_id", type_="unique")
    op.create_index(
        "uq_certificates_current",
        "certificates",
        ["user_id", "qualification_id"],
        unique=True,
        sqlite_where=sa.text("superseded_by_id IS NULL"),
        postgresql_where=sa.text("superseded_by_id IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("uq_certificates_current", table_name="certificates")
    op.execute("DELETE FROM certificates WHERE superseded_by_id IS NOT NULL")
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.create_unique_constraint(
            "uq_certificates_user_id_qualification_id", ["user_id", "qualification_id"]
        )
        batch_op.drop_constraint(
            batch_op.f("ck_certificates_superseded_has_successor"), type_="check"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_certificates_superseded_by_id_certificates"), type_="foreignkey"
        )
        batch_op.drop_column("superseded_by_id")
        batch_op.drop_column("superseded_at")
        batch_op.drop_column("holder_name_latin")
        batch_op.drop_column("expires_at")
