"""Reading issued certificates: a holder's, a cohort's, and every one for the command line.

Each function is one query that also loads what its callers show (the qualification for the
PDF's description, the holder for their language), so lists and downloads stay constant in
queries however many certificates there are.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload

from qualify.certificates.models import Certificate
from qualify.cohorts.models import Cohort, CohortMember

_LOADED = (joinedload(Certificate.qualification), joinedload(Certificate.user))


def certificates_of(session: Session, user_id: int) -> Sequence[Certificate]:
    """Every certificate a person holds or held, newest first (superseded and revoked ones
    too: their verification links keep answering, so their holder sees what they say)."""
    return session.scalars(
        sa.select(Certificate)
        .where(Certificate.user_id == user_id)
        .options(*_LOADED)
        .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
    ).all()


def all_certificates(session: Session, user_id: int | None = None) -> Sequence[Certificate]:
    """Every certificate of the site (or of one person), oldest first, as a log reads."""
    query = sa.select(Certificate).options(*_LOADED).order_by(Certificate.issued_at, Certificate.id)
    if user_id is not None:
        query = query.where(Certificate.user_id == user_id)
    return session.scalars(query).all()


def cohort_certificates(session: Session, cohort: Cohort) -> Sequence[Certificate]:
    """The certificates of the cohort's qualification held by its participants, by name
    (whichever cohort they were earned in: a participant who joins with a certificate
    already has what the group works towards)."""
    return session.scalars(
        sa.select(Certificate)
        .join(CohortMember, CohortMember.user_id == Certificate.user_id)
        .where(
            CohortMember.cohort_id == cohort.id,
            Certificate.qualification_id == cohort.qualification_id,
        )
        .options(*_LOADED)
        .order_by(Certificate.holder_name, Certificate.issued_at, Certificate.id)
    ).all()
