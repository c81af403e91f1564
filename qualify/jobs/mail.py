"""E-mail: a Mailer protocol with SMTP and folder delivery, and mails put in the outbox.

A mail is rendered when it is caused (in the recipient's language, by the code that knows
why it is sent) and stored as plain values in a job, so the worker only delivers it.
"""

from __future__ import annotations

import datetime as dt
import re
import smtplib
import ssl
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import format_datetime, make_msgid, parsedate_to_datetime
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qs, unquote, urlsplit

from sqlalchemy.orm import Session

from qualify.jobs.models import Job
from qualify.jobs.service import enqueue

MAIL = "mail"  # the job kind


class Mailer(Protocol):
    def send(self, message: EmailMessage) -> None: ...


@dataclass(frozen=True)
class SmtpMailer:
    """Deliver through an SMTP server given as a URL:
    smtp://user:password@host:587?starttls=1, smtps://host:465, smtp://127.0.0.1:8025."""

    url: str
    timeout: float = 30.0

    def send(self, message: EmailMessage) -> None:
        parts = urlsplit(self.url)
        if parts.scheme not in ("smtp", "smtps"):
            raise ValueError(f"QUALIFY_SMTP_URL must start with smtp:// or smtps://: {self.url}")
        host = parts.hostname or "localhost"
        context = ssl.create_default_context()
        if parts.scheme == "smtps":
            server: smtplib.SMTP = smtplib.SMTP_SSL(
                host, parts.port or 465, timeout=self.timeout, context=context
            )
        else:
            server = smtplib.SMTP(host, parts.port or 25, timeout=self.timeout)
        with server:
            if parse_qs(parts.query).get("starttls") == ["1"]:
                server.starttls(context=context)
            if parts.username:
                server.login(unquote(parts.username), unquote(parts.password or ""))
            server.send_message(message)


@dataclass(frozen=True)
class FolderMailer:
    """Development without a mail server: each mail is a .eml file in a folder."""

    folder: Path

    def send(self, message: EmailMessage) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        name = message["Message-ID"].strip("<>").replace("/", "_")
        (self.folder / f"{name}.eml").write_bytes(bytes(message))


@dataclass(frozen=True)
class KeptMail:
    """A mail FolderMailer kept: its file name without .eml, and the message."""

    name: str
    message: EmailMessage

    @property
    def date(self) -> dt.datetime | None:
        try:
            date = parsedate_to_datetime(self.message["Date"])
        except (TypeError, ValueError):
            return None
        return date if date.tzinfo else date.replace(tzinfo=dt.UTC)

    def body(self, subtype: str) -> str:
        part = self.message.get_body(preferencelist=(subtype,))
        return part.get_content() if part is not None else ""


# What FolderMailer writes: a Message-ID without <>, so no slash and no leading dot.
KEPT_NAME = re.compile(r"[A-Za-z0-9_@+=-][A-Za-z0-9._@+=-]{0,200}")


def read_kept_mail(folder: Path, name: str) -> KeptMail | None:
    """The kept mail of that name, or None; a name that could leave the folder is None."""
    if not KEPT_NAME.fullmatch(name):
        return None
    path = folder / f"{name}.eml"
    if path.parent.resolve() != folder.resolve() or not path.is_file():
        return None
    with path.open("rb") as file:
        message = BytesParser(policy=policy.default).parse(file)
    return KeptMail(name, message)  # type: ignore[arg-type]  # policy.default -> EmailMessage


def kept_mails(folder: Path) -> list[KeptMail]:
    """Every kept mail, newest first by its Date header."""
    if not folder.is_dir():
        return []
    found = [read_kept_mail(folder, path.stem) for path in folder.glob("*.eml")]
    mails = [mail for mail in found if mail is not None]
    oldest = dt.datetime.min.replace(tzinfo=dt.UTC)
    return sorted(mails, key=lambda mail: mail.date or oldest, reverse=True)


def enqueue_mail(
    session: Session,
    *,
    to: str,
    subject: str,
    text: str,
    html: str,
    now: dt.datetime,
    waits_for_user_id: int | None = None,
) -> Job:
    """Put a rendered mail in the outbox, in the caller's transaction. A notification for a
    user whose address is not confirmed passes `waits_for_user_id` and waits for it."""
    payload = {
        "to": to,
        "subject": subject,
        "text": text,
        "html": html,
        "date": now.isoformat(),
        "message_id": make_msgid(domain="qualify"),
    }
    return enqueue(session, MAIL, payload, now, waits_for_user_id)


def build_message(payload: dict[str, str], sender: str) -> EmailMessage:
    """The MIME message of a mail job: plain text with an HTML alternative."""
    message = EmailMessage()
    message["From"], message["To"] = sender, payload["to"]
    message["Subject"] = payload["subject"]
    message["Date"] = format_datetime(dt.datetime.fromisoformat(payload["date"]))
    message["Message-ID"] = payload["message_id"]
    message.set_content(payload["text"])
    message.add_alternative(payload["html"], subtype="html")
    return message


def mail_handler(mailer: Mailer, sender: str):  # noqa: ANN201 - a worker Handler
    """The worker's handler for mail jobs."""

    def send(payload: dict[str, str]) -> None:
        mailer.send(build_message(payload, sender))

    return send
