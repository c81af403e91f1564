"""The outbox: background work written in the same transaction as the change that causes it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qualify.core.orm import Base, CreatedAt, IntPK


class Job(Base):
    """One piece of work for `qualify worker`: a mail to send, later exports and the like.

    A worker claims it (claimed_at, claimed_by); a claim older than the lease belongs to a
    worker that died and is taken again, so nothing is lost. Done, or given up after too
    many failures, it stays as a record.
    """

    __tablename__ = "jobs"
    __table_args__ = (sa.Index("ix_jobs_due", "done_at", "gave_up_at", "run_after"),)

    id: Mapped[IntPK]
    kind: Mapped[str] = mapped_column(sa.String(50))
    payload: Mapped[dict[str, Any]]
    created_at: Mapped[CreatedAt]
    run_after: Mapped[dt.datetime]
    attempts: Mapped[int] = mapped_column(default=0)
    claimed_at: Mapped[dt.datetime | None]
    claimed_by: Mapped[str | None] = mapped_column(sa.String(100))
    done_at: Mapped[dt.datetime | None]
    gave_up_at: Mapped[dt.datetime | None]
    last_error: Mapped[str | None] = mapped_column(sa.Text())
    # A notification for a user whose address is not confirmed yet waits (is not claimed)
    # until the address is confirmed; deleting the user deletes it.
    waits_for_user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
