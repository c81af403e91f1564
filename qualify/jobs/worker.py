"""The worker loop: claim a due job, run its handler, mark it done or schedule a retry.

Delivery is at least once: a worker killed after a handler ran but before it marked the job
done leaves a claim that expires, and another worker runs the job again. Handlers are
written for that (a mail keeps its Message-ID, so a second copy is recognisable).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy.orm import Session

from qualify.core.clock import utcnow
from qualify.jobs import service

log = logging.getLogger(__name__)

Handler = Callable[[dict[str, Any]], None]


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


def run(
    new_session: Callable[[], Session],
    handlers: Mapping[str, Handler],
    worker: str,
    stop: threading.Event,
    idle_seconds: float = 2.0,
) -> None:
    """Work until `stop` is set, resting when nothing is due."""
    while not stop.is_set():
        if not run_once(new_session, handlers, worker):
            stop.wait(idle_seconds)
