"""The worker loop: claim a due job, run its handler, mark it done or schedule a retry.

Beside the jobs it runs housekeeping: functions handed in by the composition (create_app
puts them in `app.extensions["qualify.housekeeping"]`), because what they clean up (accounts,
sessions) lives in packages above jobs. Each deletes by a condition, so several workers
running them at once do no harm.

Delivery is at least once: a worker killed after a handler ran but before it marked the job
done leaves a claim that expires, and another worker runs the job again. Handlers are
written for that (a mail keeps its Message-ID, so a second copy is recognisable).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from qualify.core.clock import utcnow
from qualify.jobs import service

log = logging.getLogger(__name__)

Handler = Callable[[dict[str, Any]], None]
# One housekeeping task: (session, now) -> {what was removed: how many}; one transaction.
Housekeeping = Callable[[Session, dt.datetime], Mapping[str, int]]
HOUSEKEEPING_EVERY = dt.timedelta(hours=1)


def run_once(
    new_session: Callable[[], Session],
    handlers: Mapping[str, Handler],
    worker: str,
    clock: Callable[[], Any] = utcnow,
) -> bool:
    """Run one due job; False when there was none."""
    with new_session() as session:
        job = service.claim(session, worker, clock())
        if job is None:
            return False
        try:
            handlers[job.kind](job.payload)
        except Exception as error:  # noqa: BLE001 - any failure is retried, never lost
            service.retry_later(session, job, f"{type(error).__name__}: {error}", clock())
        else:
            service.complete(session, job, clock())
            log.info("job %s (%s) done by %s", job.id, job.kind, worker)
        return True


@dataclass
class Housekept:
    """What one round of housekeeping removed, and the tasks that failed (logged)."""

    removed: dict[str, int] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)


def housekeep(
    new_session: Callable[[], Session], tasks: Sequence[Housekeeping], now: dt.datetime
) -> Housekept:
    """Run every housekeeping task once, each in its own session; one that fails is logged
    and does not stop the others (it runs again next time)."""
    result = Housekept()
    for task in tasks:
        with new_session() as session:
            try:
                counts = task(session, now)
            except Exception as error:  # noqa: BLE001 - logged; mails must keep going
                log.exception("housekeeping task %r failed", task)
                result.failed.append(f"{type(error).__name__}: {error}")
                continue
        for what, count in counts.items():
            result.removed[what] = result.removed.get(what, 0) + count
    return result


def run(
    new_session: Callable[[], Session],
    handlers: Mapping[str, Handler],
    worker: str,
    stop: threading.Event,
    idle_seconds: float = 2.0,
    housekeeping: Sequence[Housekeeping] = (),
    clock: Callable[[], dt.datetime] = utcnow,
) -> None:
    """Work until `stop` is set, resting when nothing is due; housekeeping at the start and
    then every HOUSEKEEPING_EVERY."""
    next_housekeeping = clock()
    while not stop.is_set():
        if housekeeping and clock() >= next_housekeeping:
            removed = housekeep(new_session, housekeeping, clock()).removed
            log.info("housekeeping removed %s", removed)
            next_housekeeping = clock() + HOUSEKEEPING_EVERY
        if not stop.is_set() and not run_once(new_session, handlers, worker, clock):
            stop.wait(idle_seconds)
