"""The current time, always aware and in UTC (services take `now` as an argument; views and
commands read it here)."""

from __future__ import annotations

import datetime as dt


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
