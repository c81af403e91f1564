"""Database plumbing: the declarative base, column types, and a session per app context.

Hand-written rather than Flask-SQLAlchemy because qualify needs to swap the session factory
(tests bind every request to one rolled-back connection) and wants plain SQLAlchemy 2 models
that services can use without Flask.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import sqlalchemy as sa
from flask import Flask, g
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, mapped_column, sessionmaker

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(sa.types.TypeDecorator[dt.datetime]):
    """Store aware datetimes as UTC; return aware UTC datetimes on every backend.

    SQLite has no time zones and hands back naive values; this type restores the zone so
    comparisons never mix naive and aware datetimes.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware UTC datetime")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


IntPK = Annotated[int, mapped_column(primary_key=True)]
CreatedAt = Annotated[dt.datetime, mapped_column(UTCDateTime(), default=utcnow)]


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        dt.datetime: UTCDateTime(),
        dict[str, Any]: sa.JSON(),
        list[Any]: sa.JSON(),
    }

    def __repr__(self) -> str:
        keys = [c.key for c in self.__mapper__.primary_key]
        ident = ", ".join(f"{k}={getattr(self, k)!r}" for k in keys)
        return f"<{type(self).__name__} {ident}>"


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
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")


class Database:
    """Engine and one session per application context, bound to a Flask app."""

    def __init__(self) -> None:
        self.engine: Engine | None = None
        self.sessionmaker: sessionmaker[Session] = sessionmaker(expire_on_commit=False)

    def init_app(self, app: Flask) -> None:
        url = app.config["DATABASE_URL"]
        options: dict[str, Any] = {}
        if not url.startswith("sqlite"):
            options.update(pool_pre_ping=True, pool_size=10, max_overflow=20)
        self.engine = make_engine(url, **options)
        self.sessionmaker.configure(bind=self.engine)
        app.extensions["qualify_db"] = self
        app.teardown_appcontext(self._remove_session)

    @property
    def session(self) -> Session:
        if "db_session" not in g:
            g.db_session = self.sessionmaker()
        return g.db_session

    @staticmethod
    def _remove_session(_exc: BaseException | None) -> None:
        session = g.pop("db_session", None)
        if session is not None:
            session.close()
