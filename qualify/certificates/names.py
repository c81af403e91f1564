"""The name on a learner's certificates: set before issue, frozen in each certificate, and
corrected by issuing the certificate again (a new code; the old one is superseded).

Names are one printable line (accounts.names): no line breaks, control characters or bidi
overrides, which could change what a certificate seems to say (security review M6).
"""

from __future__ import annotations

import datetime as dt
import logging

import sqlalchemy as sa
from sqlalchemy.orm import Session

from qualify.accounts.names import is_latin, name_is_printable, tidy_name
from qualify.audit.actions import AuditAction
from qualify.audit.service import record
from qualify.certificates.awarding import Superseded, holder_names, supersede
from qualify.certificates.codes import new_code
from qualify.certificates.models import Certificate, HolderName
from qualify.certificates.service import CertificateError

log = logging.getLogger(__name__)

MAX_LENGTH = 200


def checked_name(name: str, latin: str | None) -> tuple[str, str | None]:
    """The name and its optional Latin transliteration as stored; CertificateError
    (unprintable_name, not_latin) when one cannot be printed as it is."""
    name, latin = tidy_name(name), tidy_name(latin or "") or None
    if not name_is_printable(name) or len(name) > MAX_LENGTH:
        raise CertificateError("unprintable_name")
    if latin is not None and (not is_latin(latin) or len(latin) > MAX_LENGTH):
        raise CertificateError("not_latin")
    if latin == name:
        latin = None  # a Latin name needs no transliteration
    return name, latin


def set_holder_name(
    session: Session, user_id: int, name: str, latin: str | None, now: dt.datetime
) -> HolderName:
    """Keep the name for the learner's next certificates (their own; not audited)."""
    name, latin = checked_name(name, latin)
    row = session.get(HolderName, user_id) or HolderName(user_id=user_id)
    row.name, row.name_latin, row.updated_at = name, latin, now
    session.add(row)
    session.commit()
    return row


def certificates_with_another_name(session: Session, user_id: int) -> list[Certificate]:
    """The learner's current certificates (not revoked) that print another name than the
    one now chosen: those a correction would issue again."""
    name, latin = holder_names(session, [user_id])[user_id]
    return [
        certificate
        for certificate in session.scalars(
            sa.select(Certificate)
            .where(
                Certificate.user_id == user_id,
                Certificate.superseded_by_id.is_(None),
                Certificate.revoked_at.is_(None),
            )
            .order_by(Certificate.issued_at)
        )
        if (certificate.holder_name, certificate.holder_name_latin) != (name, latin)
    ]


def reissue_with_name(
    session: Session,
    user_id: int,
    certificate_id: int,
    now: dt.datetime,
    ip_address: str | None = None,
) -> Certificate:
    """Issue the learner's certificate again with the name now chosen: the same
    qualification, courses, hours, issue and expiry dates, a new code; the old certificate
    is superseded by it and its verification page refers to the new one. Audited.
    CertificateError(not_current) for a certificate that is not the learner's current,
    unrevoked one, or already shows that name."""
    old = next(
        (c for c in certificates_with_another_name(session, user_id) if c.id == certificate_id),
        None,
    )
    if old is None:
        raise CertificateError("not_current")
    name, latin = holder_names(session, [user_id])[user_id]
    new = Certificate(
        code=new_code(),
        user_id=user_id,
        qualification_id=old.qualification_id,
        issued_at=old.issued_at,
        expires_at=old.expires_at,
        holder_name=name,
        holder_name_latin=latin,
        title=old.title,
        courses=old.courses,
        workshop_hours=old.workshop_hours,
    )
    try:
        supersede(session, old, new, now)
    except Superseded:
        session.rollback()
        raise CertificateError("not_current") from None
    record(
        session,
        actor_id=user_id,
        action=AuditAction.CERTIFICATE_REISSUED,
        subject_user_id=user_id,
        subject=f"certificate {new.code}",
        details={"code": new.code, "supersedes": old.code, "reason": "name corrected"},
        ip_address=ip_address,
        now=now,
    )
    session.commit()
    log.info("certificate %s issued again as %s with a corrected name", old.id, new.id)
    return new
