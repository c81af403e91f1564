"""A trainer awards the certificates of a cohort at once: first a preview of every
participant (ready, holding a certificate, or what is still missing), then the award of
those chosen. For a qualification that asks for it, the award is the trainer's sign-off.

Only the cohort's trainers and admins get here (the views load the cohort with
cohorts.lookups.get_cohort_or_404); every certificate issued is audited with the trainer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from qualify.accounts.models import User
from qualify.certificates.awarding import Issuer, award_due, holder_names
from qualify.certificates.evidence import read_facts, spec_of, standing_of
from qualify.certificates.models import Certificate, Qualification
from qualify.certificates.rules import QualificationSpec, Standing
from qualify.certificates.service import CertificateError
from qualify.cohorts.models import Cohort, CohortMember
from qualify.cohorts.service import Actor
from qualify.courses.models import Course

Tell = Callable[[Session, list[Certificate], dt.datetime], None]


@dataclass(frozen=True)
class Candidate:
    user: User
    name: tuple[str, str | None]
    """The name that would be printed, and its Latin transliteration."""
    standing: Standing
    """With the trainer's sign-off counted: `ready` means the award would issue one."""
    certificate: Certificate | None

    @property
    def ready(self) -> bool:
        eligibility = self.standing.eligibility
        return eligibility is not None and eligibility.earned


@dataclass(frozen=True)
class CohortAward:
    cohort: Cohort
    qualification: Qualification
    spec: QualificationSpec
    candidates: list[Candidate]
    """Ready ones first, then by name."""
    courses: dict[str, Course]

    @property
    def offered(self) -> bool:
        """An archived qualification issues no more certificates."""
        return not self.qualification.archived

    @property
    def ready(self) -> list[Candidate]:
        return [c for c in self.candidates if c.ready] if self.offered else []


def cohort_award(session: Session, cohort: Cohort, now: dt.datetime) -> CohortAward:
    """Every participant's standing in the cohort's qualification, as if the trainer signed
    off (8 queries, whatever the number of participants)."""
    qualification = session.get_one(Qualification, cohort.qualification_id)
    spec = spec_of(qualification)
    user_ids = [m.user_id for m in cohort.members]
    facts = read_facts(session, user_ids)
    names = holder_names(session, user_ids)
    users = session.scalars(sa.select(User).where(User.id.in_(user_ids)))
    candidates = [
        Candidate(
            user,
            names[user.id],
            standing_of(facts, user.id, qualification, spec, now, signed_off=True),
            facts.certificates.get((user.id, qualification.id)),
        )
        for user in users
    ]
    candidates.sort(key=lambda c: (not c.ready, c.name[0].casefold(), c.user.id))
    return CohortAward(cohort, qualification, spec, candidates, facts.courses)


def award_cohort(
    session: Session,
    cohort: Cohort,
    chosen: Collection[int],
    actor: Actor,
    tell: Tell | None = None,
) -> list[Certificate]:
    """Issue (or renew) the certificates of the chosen participants who are ready, with the
    actor's sign-off, and commit; `tell` puts the mails in the outbox in the same
    transaction. Ids that are not participants are ignored; CertificateError
    (unknown_qualification) when the qualification is archived."""
    qualification = session.get_one(Qualification, cohort.qualification_id)
    if qualification.archived:
        raise CertificateError("unknown_qualification")
    members = set(
        session.scalars(sa.select(CohortMember.user_id).where(CohortMember.cohort_id == cohort.id))
    )
    user_ids = sorted(members & set(chosen))
    issuer = Issuer(actor.user.id, actor.ip_address, actor.now, {"cohort": cohort.id})
    awarded = award_due(
        session, user_ids, issuer, qualifications=[qualification], signed_off=user_ids
    )
    if tell is not None:
        tell(session, awarded, actor.now)
    session.commit()
    return awarded
