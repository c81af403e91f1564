"""Certificate services: import qualifications, award what is due, find and revoke."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from cryptography import x509
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from qualify.accounts.models import User
from qualify.assessment.models import Quiz
from qualify.assessment.policy import QuizResult
from qualify.assessment.service import course_results
from qualify.audit.actions import AuditAction
from qualify.audit.service import by_command_line, record
from qualify.certificates.codes import new_code, stored_forms
from qualify.certificates.models import (
    Certificate,
    CertificateStatus,
    Qualification,
    WorkshopCredit,
)
from qualify.certificates.rules import Eligibility, QualificationSpec, Requirement, evaluate
from qualify.core.orm import match_by_key
from qualify.courses.models import Course

log = logging.getLogger(__name__)


class CertificateError(ValueError):
    """A request about qualifications or certificates that cannot be carried out; `code`
    names why: unknown_qualification, impossible_hours, unknown_certificate."""

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
        qualification.requirements = [
            {"course": r.course_id, "min_percent": r.min_percent} for r in spec.requirements
        ]
        qualification.workshop_hours = spec.workshop_hours
        qualification.workshop_description = spec.workshop_description
        qualification.archived = False
    for qualification in matched.left_over:
        qualification.archived = True
    session.flush()
    return len(specs)


def _spec_of(qualification: Qualification) -> QualificationSpec:
    return QualificationSpec(
        qualification.slug,
        qualification.title,
        qualification.description,
        tuple(Requirement(r["course"], r["min_percent"]) for r in qualification.requirements),
        qualification.workshop_hours,
        qualification.workshop_description,
    )


@dataclass(frozen=True)
class QualificationStatus:
    qualification: Qualification
    eligibility: Eligibility
    certificate: Certificate | None
    courses: dict[str, Course]


def qualification_overview(
    session: Session, user_id: int, results: dict[tuple[int, int], QuizResult]
) -> list[QualificationStatus]:
    """Each active qualification with what the learner has met and still needs (4 queries).

    `results` are the learner's course results (from course_results), which callers need too.
    """
    qualifications = list(
        session.scalars(
            sa.select(Qualification)
            .where(Qualification.archived.is_(False))
            .order_by(Qualification.slug)
        )
    )
    courses = {
        c.slug: c
        for c in session.scalars(
            sa.select(Course)
            .join(Quiz, Quiz.course_id == Course.id)
            .where(Course.archived.is_(False))
        )
    }
    results_by_slug = {
        course.slug: result
        for course in courses.values()
        if (result := results.get((user_id, course.id)))
    }
    certificates = {
        c.qualification_id: c
        for c in session.scalars(
            sa.select(Certificate).where(
                Certificate.user_id == user_id, Certificate.superseded_by_id.is_(None)
            )
        )
    }
    hours = workshop_hours_of(session, user_id)
    available = frozenset(courses)
    return [
        QualificationStatus(
            q,
            evaluate(_spec_of(q), results_by_slug, available, hours.get(q.id, 0.0)),
            certificates.get(q.id),
            courses,
        )
        for q in qualifications
    ]


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
    """Issue a certificate for every qualification the learner has newly earned.

    The unique constraint (user, qualification) makes a concurrent second award fail; that
    failure is caught and the certificate issued by the other request stands.
    """
    user = session.get_one(User, user_id)
    results = course_results(session, [user_id])
    awarded = []
    for status in qualification_overview(session, user_id, results):
        if status.certificate is not None or not status.eligibility.earned:
            continue
        certificate = Certificate(
            code=new_code(),
            user_id=user_id,
            qualification_id=status.qualification.id,
            issued_at=now,
            holder_name=user.name,
            title=status.qualification.title,
            courses=_course_snapshot(status, results, user_id),
            workshop_hours=status.eligibility.workshop_hours_done,
        )
        try:
            with session.begin_nested():
                session.add(certificate)
        except IntegrityError:
            log.info(
                "qualification %s already awarded to user %s", status.qualification.id, user_id
            )
            continue
        awarded.append(certificate)
        log.info("awarded qualification %s to user %s", status.qualification.slug, user_id)
    session.commit()
    return awarded


def _course_snapshot(status: QualificationStatus, results: dict, user_id: int) -> list[dict]:
    snapshot = []
    for course_slug in status.eligibility.met:
        course = status.courses[course_slug]
        result = results[(user_id, course.id)]
        snapshot.append(
            {
                "course": course_slug,
                "title": course.title,
                "passed_at": result.passed_at.date().isoformat() if result.passed_at else None,
                "percent": result.counted_percent,
            }
        )
    return snapshot


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
