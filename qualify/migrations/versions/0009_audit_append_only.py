"""audit log is append-only: the database refuses UPDATE on audit_events

DELETE stays allowed: events past the retention period are pruned (`qualify audit prune`).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 18:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

MESSAGE = "audit_events are append-only"

SQLITE_UP = f"""
CREATE TRIGGER audit_events_append_only BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, '{MESSAGE}');
END
"""

POSTGRESQL_UP = [
    f"""
    CREATE FUNCTION audit_events_refuse_update() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE}';
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER audit_events_append_only BEFORE UPDATE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_update()
    """,
]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute(SQLITE_UP)
    elif dialect == "postgresql":
        for statement in POSTGRESQL_UP:
            op.execute(statement)
    else:
        # qualify runs on SQLite and PostgreSQL only; elsewhere the log could be rewritten.
        raise RuntimeError(f"qualify supports SQLite and PostgreSQL, not {dialect}")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.execute(
        "DROP TRIGGER IF EXISTS audit_events_append_only"
        + (" ON audit_events" if dialect == "postgresql" else "")
    )
    if dialect == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS audit_events_refuse_update()")
