"""Issuing certificates: automatically when the rules are met, by a trainer's sign-off for a
cohort, as a renewal that supersedes the old certificate, and again with a corrected name.

Every issue is audited in the transaction that issues it. A certificate is never changed
after issue except to mark it revoked or superseded.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from qualify.accounts.models import User
from qualify.accounts.names import one_line
from qualify.audit.actions import AuditAction
from qualify.audit.service import record
from qualify.certificates.codes import new_code
from qualify.certificates.evidence import (
    Facts,
    active_qualifications,
    held,
    read_facts,
    spec_of,
    standing_of,
)
from qualify.certificates.models import Certificate, HolderName, Qualification
from qualify.certificates.rules import CourseCheck, Due, Eligibility, QualificationSpec, expiry

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Issuer:
    """Who issues: None for the site itself (the rules were met), else a trainer or admin
    who signs off; with the address and time for the audit log."""

    actor_id: int | None
    ip_address: str | None
    now: dt.datetime
    details: dict[str, Any] | None = None
    """Added to each audit entry (e.g. the cohort)."""


def award_due(
    session: Session,
    user_ids: Sequence[int],
    issuer: Issuer,
    *,
    qualifications: Sequence[Qualification] | None = None,
    signed_off: Collection[int] = (),
) -> list[Certificate]:
    """Issue or renew every certificate now due for these learners (no commit). Learners in
    `signed_off` have the issuer's sign-off; the others get only what needs none."""
    facts = read_facts(session, user_ids)
    names = holder_names(session, user_ids)
    issued = []
    for qualification in qualifications or active_qualifications(session):
        spec = spec_of(qualification)
        for user_id in user_ids:
            state = standing_of(
                facts, user_id, qualification, spec, issuer.now, signed_off=user_id in signed_off
            )
            if state.due is Due.NOTHING or state.eligibility is None:
                continue
            certificate = _issue(
                session,
                facts,
                qualification,
                spec,
                user_id,
                names[user_id],
                state.eligibility,
                issuer,
                renewing=state.due is Due.RENEW,
            )
            if certificate is not None:
                issued.append(certificate)
    return issued


def holder_names(session: Session, user_ids: Sequence[int]) -> dict[int, tuple[str, str | None]]:
    """The name each learner wants printed, or the account's name (made one line, for names
    stored before names were checked), with the Latin transliteration if any (1 query)."""
    rows = session.execute(
        sa.select(User.id, User.name, HolderName.name, HolderName.name_latin)
        .outerjoin(HolderName, HolderName.user_id == User.id)
        .where(User.id.in_(user_ids))
    )
    return {
        user_id: (chosen, latin) if chosen is not None else (one_line(account_name), None)
        for user_id, account_name, chosen, latin in rows
    }


def _issue(
    session: Session,
    facts: Facts,
    qualification: Qualification,
    spec: QualificationSpec,
    user_id: int,
    name: tuple[str, str | None],
    eligibility: Eligibility,
    issuer: Issuer,
    *,
    renewing: bool,
) -> Certificate | None:
    old = facts.certificates.get((user_id, qualification.id))
    courses = _course_lines(facts, eligibility)
    certificate = Certificate(
        code=new_code(),
        user_id=user_id,
        qualification_id=qualification.id,
        issued_at=issuer.now,
        expires_at=expiry(spec, issuer.now, held(old) if renewing else None),
        holder_name=name[0],
        holder_name_latin=name[1],
        title=qualification.title,
        courses=_renewed_lines(old.courses, courses) if renewing and old else courses,
        workshop_hours=_total_hours(facts, user_id, qualification.id),
    )
    try:
        with session.begin_nested():
            if renewing and old is not None:
                supersede(session, old, certificate, issuer.now)
            else:
                session.add(certificate)
    except (IntegrityError, Superseded):  # issued by a concurrent request, which stands
        log.info("qualification %s already issued to user %s", qualification.slug, user_id)
        return None
    facts.certificates[(user_id, qualification.id)] = certificate
    action = AuditAction.CERTIFICATE_RENEWED if renewing else AuditAction.CERTIFICATE_ISSUED
    _audit(session, certificate, action, issuer, qualification=qualification.slug, old=old)
    log.info("%s qualification %s to user %s", action, qualification.slug, user_id)
    return certificate


class Superseded(Exception):
    """The certificate was superseded by another request meanwhile."""


def supersede(session: Session, old: Certificate, new: Certificate, now: dt.datetime) -> None:
    """Add `new` and mark `old` superseded by it, never leaving two current certificates
    (the partial unique index): `new` is added pointing at `old` (so not current), then
    `old` is claimed by a conditional UPDATE, then `new` becomes current. A concurrent
    supersession of `old` makes the UPDATE change nothing: Superseded."""
    new.superseded_by_id, new.superseded_at = old.id, now
    session.add(new)
    session.flush()
    claimed = session.execute(
        sa.update(Certificate)
        .where(Certificate.id == old.id, Certificate.superseded_by_id.is_(None))
        .values(superseded_by_id=new.id, superseded_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        raise Superseded(old.code)
    new.superseded_by_id, new.superseded_at = None, None
    session.flush()
    session.refresh(old, ["superseded_by_id", "superseded_at"])


def _course_lines(facts: Facts, eligibility: Eligibility) -> list[dict]:
    """The courses that count, as printed: title, when passed, counted score. The moment is
    kept (UTC, ISO 8601): its date is the reader's, so one passed at 00:30 in Halle is not
    printed with the day before (certificate/document.py turns it into the site's date)."""
    checks: list[CourseCheck] = list(eligibility.met_courses)
    lines = []
    for check in checks:
        course, result = facts.courses[check.course_id], check.result
        assert result is not None  # a met check has a passed result
        lines.append(
            {
                "course": check.course_id,
                "title": course.title,
                "passed_at": result.passed_at.isoformat() if result.passed_at else None,
                "percent": result.counted_percent,
            }
        )
    return lines


def _renewed_lines(old: list[dict], renewed: list[dict]) -> list[dict]:
    """A renewal keeps the courses of the old certificate, with those passed again updated."""
    again = {line["course"]: line for line in renewed}
    kept = [again.pop(line["course"], line) for line in old]
    return kept + list(again.values())


def _total_hours(facts: Facts, user_id: int, qualification_id: int) -> float:
    return float(sum(hours for _, hours in facts.credits.get((user_id, qualification_id), ())))


def _audit(
    session: Session,
    certificate: Certificate,
    action: AuditAction,
    issuer: Issuer,
    **details: Any,
) -> None:
    old = details.pop("old", None)
    entry = {"code": certificate.code, **details, **(issuer.details or {})}
    if old is not None and action is not AuditAction.CERTIFICATE_ISSUED:
        entry["supersedes"] = old.code
    if issuer.actor_id is None:
        entry["via"] = "rules met"
    record(
        session,
        actor_id=issuer.actor_id,
        action=action,
        subject_user_id=certificate.user_id,
        subject=f"certificate {certificate.code}",
        details=entry,
        ip_address=issuer.ip_address,
        now=issuer.now,
    )
