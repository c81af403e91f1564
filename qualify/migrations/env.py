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


connection = config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as conn:
        run_migrations(conn)
        conn.commit()
    engine.dispose()
