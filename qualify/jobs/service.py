"""Write, claim and finish outbox jobs. Each function that changes data is one transaction,
except `enqueue`, which joins the caller's: a job exists exactly when its cause does.

Hand-written rather than a task-queue library: the well-kept ones either need a broker
beside the database (Celery, RQ, Dramatiq: Redis or RabbitMQ, so no shared transaction)
or run on PostgreSQL only (Procrastinate), and qualify must also run on SQLite.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from qualify.jobs.models import Job

log = logging.getLogger(__name__)

LEASE = dt.timedelta(minutes=5)  # a claim older than this belongs to a worker that died
MAX_ATTEMPTS = 10  # about a day of retries with the backoff below


def enqueue(
    session: Session,
    kind: str,
    payload: dict[str, Any],
    now: dt.datetime,
    waits_for_user_id: int | None = None,
) -> Job:
    """Add a job to the caller's transaction (no commit): rolled back, it never runs.
    With `waits_for_user_id` it is held until `release_waiting` for that user."""
    job = Job(kind=kind, payload=payload, run_after=now, waits_for_user_id=waits_for_user_id)
    session.add(job)
    return job


def release_waiting(session: Session, user_id: int, now: dt.datetime) -> None:
    """Let the jobs held for this user run (their address is confirmed), in the caller's
    transaction."""
    session.execute(
        sa.update(Job)
        .where(Job.waits_for_user_id == user_id)
        .values(waits_for_user_id=None, run_after=now)
    )


def claim(session: Session, worker: str, now: dt.datetime) -> Job | None:
    """Take the next due job for this worker, or None. On PostgreSQL SKIP LOCKED lets
    several workers claim side by side, each job once; SQLite runs one writer anyway."""
    query = (
        sa.select(Job)
        .where(
            Job.done_at.is_(None),
            Job.gave_up_at.is_(None),
            Job.run_after <= now,
            Job.waits_for_user_id.is_(None),
            sa.or_(Job.claimed_at.is_(None), Job.claimed_at < now - LEASE),
        )
        .order_by(Job.run_after, Job.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    job = session.scalar(query)
    if job is None:
        session.rollback()
        return None
    job.claimed_at, job.claimed_by, job.attempts = now, worker, job.attempts + 1
    session.commit()
    return job


def complete(session: Session, job: Job, now: dt.datetime) -> None:
    job.done_at = now
    session.commit()


def retry_later(session: Session, job: Job, error: str, now: dt.datetime) -> None:
    """Release a failed job for a later try, or give up after MAX_ATTEMPTS."""
    job.claimed_at = job.claimed_by = None
    job.last_error = error[:2000]
    if job.attempts >= MAX_ATTEMPTS:
        job.gave_up_at = now
        log.error(
            "job %s (%s) given up after %s attempts: %s", job.id, job.kind, job.attempts, error
        )
    else:
        job.run_after = now + backoff(job.attempts)
        log.warning("job %s (%s) failed, retry at %s: %s", job.id, job.kind, job.run_after, error)
    session.commit()


def backoff(attempts: int) -> dt.timedelta:
    """1, 2, 4 … minutes after each failure, at most 4 hours."""
    return min(dt.timedelta(minutes=2 ** max(0, attempts - 1)), dt.timedelta(hours=4))


def prune_finished_jobs(session: Session, now: dt.datetime, *, days: int) -> dict[str, int]:
    """Housekeeping: forget jobs done or given up more than `days` ago (a mail job holds an
    address and a text). Idempotent: several workers may run it at once."""
    cutoff = now - dt.timedelta(days=days)
    removed = session.execute(
        sa.delete(Job).where(sa.or_(Job.done_at < cutoff, Job.gave_up_at < cutoff))
    ).rowcount
    session.commit()
    return {"finished jobs": removed}
