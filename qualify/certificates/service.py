"""Certificate services: import qualifications, award what is due, find and revoke."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from cryptography import x509
from sqlalchemy.orm import Session, joinedload

from qualify.audit.actions import AuditAction
from qualify.audit.service import by_command_line, record
from qualify.certificates.awarding import Issuer, award_due
from qualify.certificates.codes import stored_forms
from qualify.certificates.evidence import active_qualifications, read_facts, spec_of, standing_of
from qualify.certificates.models import (
    Certificate,
    CertificateStatus,
    Qualification,
    WorkshopCredit,
)
from qualify.certificates.ruledata import counting_courses, spec_data
from qualify.certificates.rules import (
    Eligibility,
    QualificationSpec,
    Standing,
)
from qualify.core.orm import match_by_key
from qualify.courses.models import Course

log = logging.getLogger(__name__)


class CertificateError(ValueError):
    """A request about qualifications or certificates that cannot be carried out; `code`
    names why: unknown_qualification, impossible_hours, unknown_certificate,
    unprintable_name, not_latin, not_current."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def import_qualifications(session: Session, specs: Sequence[QualificationSpec]) -> int:
    """Upsert qualifications by id without committing; vanished ones are archived."""
    matched = match_by_key(
        session.scalars(sa.select(Qualification)),
        lambda qualification: qualification.slug,
        [spec.id for spec in specs],
        lambda slug: Qualification(slug=slug),
    )
    session.add_all(matched.created)
    for spec, qualification in zip(specs, matched.rows, strict=True):
        qualification.title, qualification.description = spec.title, spec.description
        qualification.audience = spec.audience
        qualification.rules = spec_data(spec)
        qualification.requirements = counting_courses(spec)
        qualification.workshop_hours = spec.workshop_hours
        qualification.workshop_description = spec.workshop_description
        qualification.archived = False
    for qualification in matched.left_over:
        qualification.archived = True
    session.flush()
    return len(specs)


@dataclass(frozen=True)
class QualificationStatus:
    qualification: Qualification
    spec: QualificationSpec
    standing: Standing
    certificate: Certificate | None
    """The current one (not superseded), also when revoked or expired."""
    courses: dict[str, Course]
    expired: bool = False
    """The current certificate has expired (and is neither revoked nor superseded)."""

    @property
    def eligibility(self) -> Eligibility | None:
        """The rules that apply now (renewal rules once renewal is open); None while a
        certificate is held and not renewable yet."""
        return self.standing.eligibility


def qualification_overview(
    session: Session, user_id: int, now: dt.datetime
) -> list[QualificationStatus]:
    """Each active qualification with what the learner has met and still needs (6 queries)."""
    facts = read_facts(session, [user_id])
    statuses = []
    for qualification in active_qualifications(session):
        spec = spec_of(qualification)
        certificate = facts.certificates.get((user_id, qualification.id))
        statuses.append(
            QualificationStatus(
                qualification,
                spec,
                standing_of(facts, user_id, qualification, spec, now),
                certificate,
                facts.courses,
                certificate is not None and certificate.status_at(now) is CertificateStatus.EXPIRED,
            )
        )
    return statuses


def workshop_hours_of(session: Session, user_id: int) -> dict[int, float]:
    """Workshop hours credited to a learner, per qualification id."""
    rows = session.execute(
        sa.select(WorkshopCredit.qualification_id, sa.func.sum(WorkshopCredit.hours))
        .where(WorkshopCredit.user_id == user_id)
        .group_by(WorkshopCredit.qualification_id)
    )
    return {qualification_id: float(total) for qualification_id, total in rows}


def credit_workshop(
    session: Session,
    user_id: int,
    qualification_slug: str,
    *,
    hours: float,
    held_on: dt.date,
    title: str,
    recorded_by_id: int | None,
    now: dt.datetime,
    actor_id: int | None = None,
    ip_address: str | None = None,
) -> list[Certificate]:
    """Credit a learner's attendance at an in-person workshop, then award what is now due.

    `actor_id` None: credited on the command line (audited so). Raises CertificateError
    (unknown_qualification or impossible_hours).
    """
    qualification = session.scalar(
        sa.select(Qualification).where(
            Qualification.slug == qualification_slug, Qualification.archived.is_(False)
        )
    )
    if qualification is None:
        raise CertificateError("unknown_qualification")
    if not 0 < hours <= 100:
        raise CertificateError("impossible_hours")
    session.add(
        WorkshopCredit(
            user_id=user_id,
            qualification_id=qualification.id,
            hours=hours,
            held_on=held_on,
            title=title.strip(),
            recorded_by_id=recorded_by_id,
            recorded_at=now,
        )
    )
    details = by_command_line(actor_id, hours=hours, held_on=held_on.isoformat(), title=title)
    if recorded_by_id is not None:
        details["recorded_by"] = recorded_by_id
    record(
        session,
        actor_id=actor_id,
        action=AuditAction.WORKSHOP_HOURS_CREDITED,
        subject_user_id=user_id,
        subject=f"qualification {qualification_slug}",
        details=details,
        ip_address=ip_address,
        now=now,
    )
    session.commit()
    log.info("%s workshop hours credited to user %s for %s", hours, user_id, qualification_slug)
    return award_due_qualifications(session, user_id, now)


def credit_attendance(
    session: Session,
    *,
    attendance_id: int,
    user_id: int,
    qualification_id: int,
    hours: float,
    held_on: dt.date,
    title: str,
    recorded_by_id: int | None,
    now: dt.datetime,
) -> None:
    """The workshop credit that stands for one attendance at a cohort's session: created
    or changed, never a second one (no commit; the caller records the attendance and its
    audit entry in the same transaction, then awards what is due)."""
    credit = session.scalar(
        sa.select(WorkshopCredit).where(WorkshopCredit.attendance_id == attendance_id)
    )
    if credit is None:
        credit = WorkshopCredit(attendance_id=attendance_id)
        session.add(credit)
    credit.user_id, credit.qualification_id = user_id, qualification_id
    credit.hours, credit.held_on, credit.title = hours, held_on, title.strip()
    credit.recorded_by_id, credit.recorded_at = recorded_by_id, now


def award_due_qualifications(session: Session, user_id: int, now: dt.datetime) -> list[Certificate]:
    """Issue (or renew) every certificate the learner has newly earned and that needs no
    trainer's sign-off, and commit.

    The partial unique index (one current certificate per learner and qualification) makes
    a concurrent second award fail; that failure is caught and the other request's stands.
    """
    awarded = award_due(session, [user_id], Issuer(None, None, now))
    session.commit()
    return awarded


def get_certificate_for(session: Session, user_id: int, certificate_id: int) -> Certificate | None:
    """The certificate if it belongs to this user; None otherwise (the view answers 404)."""
    return session.scalar(
        sa.select(Certificate).where(
            Certificate.id == certificate_id, Certificate.user_id == user_id
        )
    )


def find_by_code(session: Session, code: str) -> Certificate | None:
    """The certificate a code names, as stored, typed or printed (codes.stored_forms)."""
    forms = stored_forms(code)
    if not forms:
        return None
    return session.scalar(
        sa.select(Certificate)
        .where(Certificate.code.in_(forms))
        .options(joinedload(Certificate.qualification))
    )


def revoke(
    session: Session,
    code: str,
    reason: str,
    now: dt.datetime,
    actor_id: int | None = None,
    ip_address: str | None = None,
) -> Certificate:
    """Revoke a certificate once (audited; `actor_id` None: on the command line)."""
    certificate = find_by_code(session, code)
    if certificate is None:
        raise CertificateError("unknown_certificate")
    if certificate.revoked_at is None:
        certificate.revoked_at, certificate.revoked_reason = now, reason.strip()
        record(
            session,
            actor_id=actor_id,
            action=AuditAction.CERTIFICATE_REVOKED,
            subject_user_id=certificate.user_id,
            subject=f"certificate {certificate.code}",
            details=by_command_line(actor_id, reason=reason.strip()),
            ip_address=ip_address,
            now=now,
        )
        session.commit()
        log.info("certificate %s revoked: %s", certificate.id, reason)
    return certificate


@dataclass(frozen=True)
class PdfVerdict:
    """What an uploaded certificate file is: `problem` names the first check that failed
    (a pdfcheck.PdfProblem value, or "unknown_code"); otherwise the certificate and its
    status now."""

    problem: str | None
    certificate: Certificate | None = None
    status: CertificateStatus | None = None


def check_certificate_file(
    session: Session, data: bytes, site_certificate: x509.Certificate, now: dt.datetime
) -> PdfVerdict:
    """Check an uploaded PDF: the site's signature over the whole file, its code, and the
    live status of the certificate it names."""
    # pyHanko takes 0.4 s to import: only the paths that read or write PDFs load it.
    from qualify.certificates.pdfcheck import check_certificate_pdf

    checked = check_certificate_pdf(data, site_certificate)
    if checked.problem is not None:
        return PdfVerdict(checked.problem.value)
    certificate = find_by_code(session, checked.code or "")
    if certificate is None:
        return PdfVerdict("unknown_code")
    return PdfVerdict(None, certificate, certificate.status_at(now))
