"""The audit log: what admins and trainers did, to whom, when and from where."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qualify.core.orm import Base, IntPK


class AuditEvent(Base):
    """One administrative or trainer action. Rows are only ever added (and removed after the
    retention period): the ids are plain numbers, not foreign keys, so an event outlives a
    removed account and nothing rewrites it."""

    __tablename__ = "audit_events"
    __table_args__ = (sa.Index("ix_audit_events_at", "at"),)

    id: Mapped[IntPK]
    at: Mapped[dt.datetime]
    actor_id: Mapped[int | None] = mapped_column(index=True)
    action: Mapped[str] = mapped_column(sa.String(60), index=True)
    subject_user_id: Mapped[int | None] = mapped_column(index=True)
    # What else was acted on, e.g. "attempt 12" or "qualification kombi".
    subject: Mapped[str | None] = mapped_column(sa.String(200))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    ip_address: Mapped[str | None] = mapped_column(sa.String(45))
