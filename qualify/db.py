"""Engines and sessions: SQLite tuned for a real site, a session factory services can use
without Flask. The Flask binding (one session per app context) is in `qualify.extensions`.

Hand-written rather than Flask-SQLAlchemy because qualify needs to swap the session factory
(tests bind every request to one rolled-back connection) and wants plain SQLAlchemy 2 models.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

# How long a SQLite writer waits for another one before giving up; a request holds the
# lock for milliseconds, so this only runs out when something is stuck.
SQLITE_BUSY_TIMEOUT_MS = 30_000


def make_engine(url: str, **options: Any) -> Engine:
    """Create an engine; SQLite gets foreign keys, WAL and real transactions (savepoints)."""
    engine = sa.create_engine(url, **options)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    return engine


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin, so that
        # SAVEPOINT works (needed by nested transactions and by the test suite).
        dbapi_connection.isolation_level = None
        # SQLite's lower() folds ASCII only; the admin's search must find "Özlem" as "özlem".
        dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        # IMMEDIATE takes the write lock at the start and waits for it (busy_timeout). A
        # deferred BEGIN that reads first and writes later fails at once with "database is
        # locked" when another connection wrote in between: SQLite cannot upgrade a stale
        # read snapshot. So on SQLite transactions run one at a time; each lasts
        # milliseconds. Sites with many learners at once run on PostgreSQL.
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _unicode_lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


class Database:
    """One engine and the factory of its sessions."""

    def __init__(self) -> None:
        self.engine: Engine | None = None
        self.sessionmaker: sessionmaker[Session] = sessionmaker(expire_on_commit=False)

    def connect(self, url: str) -> None:
        options: dict[str, Any] = {}
        if not url.startswith("sqlite"):
            options.update(pool_pre_ping=True, pool_size=10, max_overflow=20)
        self.engine = make_engine(url, **options)
        self.sessionmaker.configure(bind=self.engine)
