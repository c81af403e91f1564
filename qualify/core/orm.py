"""The declarative base and column types every domain's models use. Flask-free.

Warehouse's toolkit, scaled down: a constraint naming convention (stable names for Alembic),
a UTC-aware datetime type, `Annotated` aliases for recurring columns and an automatic repr.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, mapped_column

from qualify.core.clock import utcnow
from qualify.core.locales import pick_text

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


IntPK = Annotated[int, mapped_column(primary_key=True)]
MAX_ID = 2**31 - 1  # the largest IntPK (PostgreSQL's INTEGER); larger numbers fail in a query
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


class LocalisedTitle:
    """For models whose `title` column holds one text per language."""

    def title_in(self, locale: str) -> str:
        return pick_text(self.title, locale)


Row = TypeVar("Row")


@dataclass(frozen=True)
class Matched(Generic[Row]):
    rows: list[Row]
    """One row per key, in the keys' order: the stored one, or a new one."""
    created: list[Row]
    """The new rows among them, to add to the session."""
    left_over: list[Row]
    """Stored rows whose key no content names any more, to archive (never to delete)."""


def match_by_key(
    stored: Iterable[Row],
    key: Callable[[Row], str],
    keys: Sequence[str],
    create: Callable[[str], Row],
) -> Matched[Row]:
    """Pair the ids written in content files with stored rows, so every import upserts by id
    and archives what vanished in the same way; learners' records keep pointing at rows."""
    by_key = {key(row): row for row in stored}
    created = [create(k) for k in keys if k not in by_key]
    by_key.update({key(row): row for row in created})
    wanted = set(keys)
    left_over = [row for k, row in by_key.items() if k not in wanted]
    return Matched([by_key[k] for k in keys], created, left_over)
