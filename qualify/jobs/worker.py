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


def housekeep(
    new_session: Callable[[], Session], tasks: Sequence[Housekeeping], now: dt.datetime
) -> dict[str, int]:
    """Run every housekeeping task once, each in its own session; what each removed."""
    removed: dict[str, int] = {}
    for task in tasks:
        with new_session() as session:
            for what, count in task(session, now).items():
                removed[what] = removed.get(what, 0) + count
    return removed


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
            _housekeep_logged(new_session, housekeeping, clock())
            next_housekeeping = clock() + HOUSEKEEPING_EVERY
        if not stop.is_set() and not run_once(new_session, handlers, worker, clock):
            stop.wait(idle_seconds)


def _housekeep_logged(
    new_session: Callable[[], Session], tasks: Sequence[Housekeeping], now: dt.datetime
) -> None:
    """Housekeeping that fails is logged and tried again next time: mails keep going."""
    try:
        removed = housekeep(new_session, tasks, now)
    except Exception:
        log.exception("housekeeping failed")
    else:
        log.info("housekeeping removed %s", removed)
