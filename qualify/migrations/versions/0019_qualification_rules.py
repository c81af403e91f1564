"""qualifications: the whole rule set and who it is for; the name on certificates

`qualifications.rules` holds the rules as plain data (electives, lessons, assignment,
sign-off, validity and renewal) and `requirements` becomes the list of every course that
counts. Rows stored before are translated: their courses with every lesson required (the
default of the new format) and their workshop hours; the next `content import` rewrites
them from the files. `certificate_names` keeps the name a learner wants printed.

Revision ID: 0019
Revises: 0021 (numbered first, merged after the badges' 0021, so it follows it)
Create Date: 2026-12-07 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import qualify.core.orm

revision = "0019"
down_revision = "0021"
branch_labels = None
depends_on = None

QUALIFICATIONS = sa.table(
    "qualifications",
    sa.column("id", sa.Integer()),
    sa.column("requirements", sa.JSON()),
    sa.column("rules", sa.JSON()),
    sa.column("workshop_hours", sa.Integer()),
)


def upgrade() -> None:
    with op.batch_alter_table("qualifications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("audience", sa.JSON(), nullable=False, server_default="{}"))
        batch_op.add_column(sa.Column("rules", sa.JSON(), nullable=False, server_default="{}"))
    connection = op.get_bind()
    for row in connection.execute(sa.select(QUALIFICATIONS)).all():
        courses = [
            {"course": r["course"], "min_percent": r.get("min_percent"), "lessons": 100}
            for r in row.requirements
        ]
        rules = {
            "courses": courses,
            "electives": [],
            "workshop_hours": row.workshop_hours,
            "assignment": None,
            "sign_off": False,
            "validity": None,
        }
        requirements = [
            {"course": c["course"], "min_percent": c["min_percent"], "role": "required"}
            for c in courses
        ]
        connection.execute(
            sa.update(QUALIFICATIONS)
            .where(QUALIFICATIONS.c.id == row.id)
            .values(rules=rules, requirements=requirements)
        )
    with op.batch_alter_table("qualifications", schema=None) as batch_op:
        batch_op.alter_column("audience", server_default=None)
        batch_op.alter_column("rules", server_default=None)
    op.create_table(
        "certificate_names",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_latin", sa.String(length=200), nullable=True),
        sa.Column("updated_at", qualify.core.orm.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_certificate_names_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_certificate_names")),
    )


def downgrade() -> None:
    op.drop_table("certificate_names")
    with op.batch_alter_table("qualifications", schema=None) as batch_op:
        batch_op.drop_column("rules")
        batch_op.drop_column("audience")
