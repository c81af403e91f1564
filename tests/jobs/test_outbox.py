"""The outbox and its worker: mails leave only with their cause, through a real SMTP
server, and none is lost or sent twice when workers die or run side by side."""

from __future__ import annotations

import datetime as dt
import email
import socket
import threading
from collections.abc import Iterator
from email.message import Message

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from sqlalchemy.orm import Session, sessionmaker

from qualify.core.clock import utcnow
from qualify.extensions import db
from qualify.jobs import service
from qualify.jobs.mail import MAIL, FolderMailer, SmtpMailer, enqueue_mail, mail_handler
from qualify.jobs.models import Job
from qualify.jobs.worker import run_once

SENDER = "qualify <noreply@qualify.test>"


class Inbox:
    """What an aiosmtpd server received, parsed."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, _server, _session, envelope) -> str:  # noqa: ANN001, N802
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp() -> Iterator[tuple[str, Inbox]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield f"smtp://127.0.0.1:{port}", inbox
    finally:
        controller.stop()


def mail(session: Session, to: str = "olena@example.org", now: dt.datetime | None = None) -> Job:
    return enqueue_mail(
        session,
        to=to,
        subject="Ihr Link zum neuen Passwort",
        text="Öffnen Sie: https://qualify.test/reset/abc",
        html="<p>Öffnen Sie: <a href='https://qualify.test/reset/abc'>Link</a></p>",
        now=now or utcnow(),
    )


def test_a_committed_mail_arrives_as_text_and_html(smtp, session: Session) -> None:
    url, inbox = smtp
    mail(session)
    session.commit()
    handlers = {MAIL: mail_handler(SmtpMailer(url), SENDER)}
    assert run_once(db.sessionmaker, handlers, "w1") is True
    assert run_once(db.sessionmaker, handlers, "w1") is False
    [received] = inbox.messages
    assert received["To"] == "olena@example.org" and received["From"] == SENDER
    assert received["Subject"] == "Ihr Link zum neuen Passwort"
    kinds = [part.get_content_type() for part in received.walk()]
    assert "text/plain" in kinds and "text/html" in kinds
    assert session.scalars(sa.select(Job.done_at)).one() is not None


def test_a_mail_of_a_rolled_back_change_is_never_sent(smtp, session: Session) -> None:
    url, inbox = smtp
    mail(session)
    session.rollback()
    assert run_once(db.sessionmaker, {MAIL: mail_handler(SmtpMailer(url), SENDER)}, "w1") is False
    assert inbox.messages == []


def test_a_failed_delivery_is_retried_later_not_lost(smtp, session: Session) -> None:
    url, inbox = smtp
    now = utcnow()
    mail(session, now=now)
    session.commit()
    down = SmtpMailer(f"smtp://127.0.0.1:{free_port()}", timeout=2)
    assert run_once(db.sessionmaker, {MAIL: mail_handler(down, SENDER)}, "w1", lambda: now)
    job = session.scalars(sa.select(Job)).one()
    session.refresh(job)
    assert job.done_at is None and job.attempts == 1 and job.last_error
    assert job.run_after > now
    up = {MAIL: mail_handler(SmtpMailer(url), SENDER)}
    assert run_once(db.sessionmaker, up, "w1", lambda: now) is False  # not due yet
    later = now + service.backoff(1) + dt.timedelta(seconds=1)
    assert run_once(db.sessionmaker, up, "w1", lambda: later) is True
    assert len(inbox.messages) == 1


def test_a_job_claimed_by_a_dead_worker_is_taken_again(session: Session) -> None:
    now = utcnow()
    mail(session, now=now)
    session.commit()
    claimed = service.claim(session, "dies-now", now)  # the worker is killed after this
    assert claimed is not None
    sent: list[str] = []
    handlers = {MAIL: lambda payload: sent.append(payload["to"])}
    assert run_once(db.sessionmaker, handlers, "w2", lambda: now + service.LEASE / 2) is False
    after_lease = now + service.LEASE + dt.timedelta(seconds=1)
    assert run_once(db.sessionmaker, handlers, "w2", lambda: after_lease) is True
    assert sent == ["olena@example.org"]


def test_a_job_is_given_up_after_its_last_attempt(session: Session) -> None:
    now = utcnow()
    mail(session, now=now)
    session.commit()

    def fail(_payload: dict) -> None:
        raise ConnectionError("no route to host")

    for attempt in range(1, service.MAX_ATTEMPTS + 1):
        when = now + dt.timedelta(days=attempt)
        assert run_once(db.sessionmaker, {MAIL: fail}, "w1", lambda when=when: when)
    job = session.scalars(sa.select(Job)).one()
    session.refresh(job)
    assert job.gave_up_at is not None and "no route to host" in job.last_error
    assert not run_once(db.sessionmaker, {MAIL: fail}, "w1", lambda: now + dt.timedelta(days=99))


def test_backoff_grows_and_is_capped() -> None:
    waits = [service.backoff(n) for n in range(1, 15)]
    assert waits == sorted(waits) and waits[0] == dt.timedelta(minutes=1)
    assert max(waits) == dt.timedelta(hours=4)


def test_the_folder_mailer_keeps_mails_for_development(tmp_path, session: Session) -> None:  # noqa: ANN001
    mail(session)
    session.commit()
    assert run_once(db.sessionmaker, {MAIL: mail_handler(FolderMailer(tmp_path), SENDER)}, "w")
    [kept] = tmp_path.glob("*.eml")
    assert "Ihr Link zum neuen Passwort" in email.message_from_bytes(kept.read_bytes())["Subject"]


@pytest.mark.committed
def test_two_workers_side_by_side_send_each_mail_once(app) -> None:  # noqa: ANN001
    new_session = sessionmaker(bind=db.engine, expire_on_commit=False)
    with new_session() as session:
        for n in range(30):
            mail(session, to=f"learner{n}@example.org")
        session.commit()
    sent: list[str] = []
    lock = threading.Lock()

    def deliver(payload: dict) -> None:
        with lock:
            sent.append(payload["to"])

    def work(name: str) -> None:
        while run_once(new_session, {MAIL: deliver}, name):
            pass

    threads = [threading.Thread(target=work, args=(f"w{n}",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    assert sorted(sent) == sorted(f"learner{n}@example.org" for n in range(30))
