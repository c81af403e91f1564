"""Alembic environment: runs migrations on a given connection or URL."""

from __future__ import annotations

from alembic import context

from qualify.core.orm import Base
from qualify.db import make_engine
from qualify.models import import_all_models

import_all_models()
config = context.config
target_metadata = Base.metadata


def run_migrations(connection) -> None:  # noqa: ANN001
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def foreign_keys_off_on_sqlite(conn) -> None:  # noqa: ANN001
    """SQLite alters a table by rebuilding it (batch mode): copy the rows, drop the old
    table. With foreign keys on, that DROP deletes every row that refers to the table by ON
    DELETE CASCADE. So they are off while migrating (set before the transaction begins, as
    SQLite ignores the pragma inside one) and checked once at the end."""
    if conn.dialect.name == "sqlite":
        conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")


def check_foreign_keys_on_sqlite(conn) -> None:  # noqa: ANN001
    if conn.dialect.name == "sqlite":
        broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"rows refer to missing rows after migrating: {broken[:10]}")


connection = config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as conn:
        foreign_keys_off_on_sqlite(conn)
        run_migrations(conn)
        check_foreign_keys_on_sqlite(conn)
        conn.commit()
    engine.dispose()
