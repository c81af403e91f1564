"""account lifecycle: confirmation, invitations, deactivation, deletion; audit log; jobs
that wait for a confirmed address

Accounts that exist before this revision count as confirmed: they were made before the site
asked anyone to confirm, and their notification mails should not stop.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import qualify.core.orm

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

UTC = qualify.core.orm.UTCDateTime(timezone=True)
OLD_PURPOSES = "purpose IN ('password_reset')"
NEW_PURPOSES = "purpose IN ('password_reset', 'confirm_email', 'invitation')"


def upgrade() -> None:
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", UTC, nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("subject_user_id", sa.Integer(), nullable=True),
        sa.Column("subject", sa.String(length=200), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("ip_address", sa.String(length=45), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_events_action"), ["action"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_events_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index("ix_audit_events_at", ["at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_audit_events_subject_user_id"), ["subject_user_id"], unique=False
        )

    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("waits_for_user_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_jobs_waits_for_user_id"), ["waits_for_user_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_jobs_waits_for_user_id_users"),
            "users",
            ["waits_for_user_id"],
            ["id"],
            ondelete="CASCADE",
        )

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("confirmed_at", UTC, nullable=True))
        batch_op.add_column(sa.Column("last_login_at", UTC, nullable=True))
        batch_op.add_column(sa.Column("deactivated_at", UTC, nullable=True))
        batch_op.add_column(sa.Column("deleted_at", UTC, nullable=True))
        batch_op.alter_column("password_hash", existing_type=sa.VARCHAR(length=200), nullable=True)
    op.execute("UPDATE users SET confirmed_at = created_at")

    with op.batch_alter_table("account_tokens", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_account_tokens_purpose_known"), type_="check")
        batch_op.create_check_constraint(op.f("ck_account_tokens_purpose_known"), NEW_PURPOSES)


def downgrade() -> None:
    op.execute("DELETE FROM account_tokens WHERE purpose <> 'password_reset'")
    with op.batch_alter_table("account_tokens", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_account_tokens_purpose_known"), type_="check")
        batch_op.create_check_constraint(op.f("ck_account_tokens_purpose_known"), OLD_PURPOSES)

    op.execute("UPDATE users SET password_hash = '!' WHERE password_hash IS NULL")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("password_hash", existing_type=sa.VARCHAR(length=200), nullable=False)
        batch_op.drop_column("deleted_at")
        batch_op.drop_column("deactivated_at")
        batch_op.drop_column("last_login_at")
        batch_op.drop_column("confirmed_at")

    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_jobs_waits_for_user_id_users"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_jobs_waits_for_user_id"))
        batch_op.drop_column("waits_for_user_id")

    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_events_subject_user_id"))
        batch_op.drop_index("ix_audit_events_at")
        batch_op.drop_index(batch_op.f("ix_audit_events_actor_id"))
        batch_op.drop_index(batch_op.f("ix_audit_events_action"))
    op.drop_table("audit_events")
