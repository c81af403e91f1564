"""assessment engine: quiz settings, deadlines, one open attempt, essay review, extra attempts

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 18:25:21.501415
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import qualify.core.orm

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

OLD_STATUSES = "status IN ('open', 'submitted')"
NEW_STATUSES = "status IN ('open', 'pending_review', 'graded')"


def upgrade() -> None:
    op.create_table(
        "extra_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("quiz_id", sa.Integer(), nullable=False),
        sa.Column("granted_by_id", sa.Integer(), nullable=True),
        sa.Column("granted_at", qualify.core.orm.UTCDateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(["granted_by_id"], ["users.id"], name=op.f("fk_extra_attempts_granted_by_id_users"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["quiz_id"], ["quizzes.id"], name=op.f("fk_extra_attempts_quiz_id_quizzes"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_extra_attempts_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_extra_attempts")),
    )
    with op.batch_alter_table("extra_attempts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_extra_attempts_user_id"), ["user_id"], unique=False)

    with op.batch_alter_table("attempt_questions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("detail", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("reviewer_comment", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("reviewed_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("reviewed_at", qualify.core.orm.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_attempt_questions_reviewed_by_id_users"), "users", ["reviewed_by_id"], ["id"], ondelete="SET NULL")

    with op.batch_alter_table("quiz_attempts", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_quiz_attempts_status_known"), type_="check")
    op.execute("UPDATE quiz_attempts SET status = 'graded' WHERE status = 'submitted'")
    with op.batch_alter_table("quiz_attempts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("deadline_at", qualify.core.orm.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_check_constraint("status_known", NEW_STATUSES)
        batch_op.create_index("uq_quiz_attempts_one_open", ["user_id", "quiz_id"], unique=True, sqlite_where=sa.text("status = 'open'"), postgresql_where=sa.text("status = 'open'"))

    with op.batch_alter_table("quizzes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("settings", sa.JSON(), nullable=False, server_default="{}"))
    quizzes = sa.table("quizzes", sa.column("id"), sa.column("pass_mark"), sa.column("draw"), sa.column("settings", sa.JSON()))
    connection = op.get_bind()
    for quiz_id, pass_mark, draw in connection.execute(sa.select(quizzes.c.id, quizzes.c.pass_mark, quizzes.c.draw)).all():
        connection.execute(quizzes.update().where(quizzes.c.id == quiz_id).values(settings={"pass_mark": pass_mark, "draw": draw}))
    with op.batch_alter_table("quizzes", schema=None) as batch_op:
        batch_op.alter_column("settings", server_default=None)
        batch_op.drop_column("draw")


def downgrade() -> None:
    with op.batch_alter_table("quizzes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("draw", sa.INTEGER(), nullable=True))
        batch_op.drop_column("settings")

    with op.batch_alter_table("quiz_attempts", schema=None) as batch_op:
        batch_op.drop_index("uq_quiz_attempts_one_open", sqlite_where=sa.text("status = 'open'"), postgresql_where=sa.text("status = 'open'"))
        batch_op.drop_column("deadline_at")
        batch_op.drop_constraint(op.f("ck_quiz_attempts_status_known"), type_="check")
    op.execute("UPDATE quiz_attempts SET status = 'submitted' WHERE status <> 'open'")
    with op.batch_alter_table("quiz_attempts", schema=None) as batch_op:
        batch_op.create_check_constraint("status_known", OLD_STATUSES)

    with op.batch_alter_table("attempt_questions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_attempt_questions_reviewed_by_id_users"), type_="foreignkey")
        batch_op.drop_column("reviewed_at")
        batch_op.drop_column("reviewed_by_id")
        batch_op.drop_column("reviewer_comment")
        batch_op.drop_column("detail")

    with op.batch_alter_table("extra_attempts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_extra_attempts_user_id"))
    op.drop_table("extra_attempts")
