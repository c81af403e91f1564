"""Reading what the outbox sends, for account tests."""

from __future__ import annotations

import re

from sqlalchemy.orm import Session

from qualify.extensions import db
from qualify.jobs.mail import MAIL
from qualify.jobs.worker import run_once


def deliver(_session: Session | None = None) -> list[dict]:
    """Run the outbox until it is empty and return the mails it sent."""
    sent: list[dict] = []
    while run_once(db.sessionmaker, {MAIL: sent.append}, "test"):
        pass
    return sent


def link_in(mail: dict, path: str) -> str:
    """The site path of the first link in the mail's text that starts with `path`."""
    match = re.search(rf"https://qualify\.test({re.escape(path)}[\w-]*)", mail["text"])
    assert match, mail["text"]
    return match.group(1)
