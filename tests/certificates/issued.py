"""Certificates written straight into the database, for tests about what happens to issued
ones (listing, revoking, downloading as a group), without taking quizzes first."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from qualify.accounts.models import User
from qualify.certificates.codes import new_code
from qualify.certificates.models import Certificate, Qualification
from qualify.core.clock import utcnow


def issue(
    session: Session, holder: User, qualification: str = "testzertifikat", **fields: Any
) -> Certificate:
    """A certificate of an imported qualification (tests use `imported_content`)."""
    found = session.scalar(sa.select(Qualification).where(Qualification.slug == qualification))
    assert found is not None, f"qualification {qualification} is not imported"
    issued_at = fields.pop("issued_at", utcnow() - dt.timedelta(days=3))
    certificate = Certificate(
        code=new_code(),
        user_id=holder.id,
        qualification_id=found.id,
        issued_at=issued_at,
        holder_name=fields.pop("holder_name", holder.name),
        title=found.title,
        courses=[
            {
                "course": "testkurs",
                "title": {"de": "Testkurs"},
                "passed_at": issued_at.date().isoformat(),
                "percent": 90.0,
            }
        ],
        **fields,
    )
    session.add(certificate)
    session.commit()
    return certificate


def supersede(session: Session, old: Certificate, **fields: Any) -> Certificate:
    """A re-issue: the old certificate points to the new one. The unique index allows one
    current certificate per holder and qualification, so the old one first points to itself."""
    old.superseded_at, old.superseded_by_id = utcnow(), old.id
    session.flush()
    new = issue(session, old.user, old.qualification.slug, **fields)
    old.superseded_by_id = new.id
    session.commit()
    return new
