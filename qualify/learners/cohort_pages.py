"""What the cohort pages read: the cohort with its people, and the choices of its form.
Read-only; a constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session
from wtforms import SelectChoice

from qualify.accounts.models import Role, User
from qualify.certificates.models import Qualification
from qualify.cohorts.models import Cohort, CohortMember, Workshop


@dataclass(frozen=True)
class Participant:
    user: User
    member: CohortMember


@dataclass(frozen=True)
class CohortPage:
    cohort: Cohort
    qualification: Qualification
    trainers: list[User]
    participants: list[Participant]


def cohort_page(session: Session, cohort: Cohort) -> CohortPage:
    """The cohort, its qualification, trainers and participants by name (3 queries)."""
    people_ids = [t.user_id for t in cohort.trainers] + [m.user_id for m in cohort.members]
    people = {u.id: u for u in session.scalars(sa.select(User).where(User.id.in_(people_ids)))}
    participants = [Participant(people[m.user_id], m) for m in cohort.members]
    participants.sort(key=lambda p: ((p.user.name or p.user.email).lower(), p.user.id))
    return CohortPage(
        cohort=cohort,
        qualification=session.get_one(Qualification, cohort.qualification_id),
        trainers=sorted((people[t.user_id] for t in cohort.trainers), key=lambda u: u.name),
        participants=participants,
    )


def workshop_trainers(session: Session, workshop: Workshop, page: CohortPage) -> list[User]:
    """Who leads the session: its trainer, or the cohort's trainers when an admin added it
    (at most 1 query: the trainer is usually loaded with the cohort page already)."""
    if workshop.trainer_id is None:
        return page.trainers
    trainer = session.get(User, workshop.trainer_id)
    return [trainer] if trainer is not None else page.trainers


def qualification_titles(session: Session, locale: str) -> dict[int, str]:
    """Every qualification's title in the reader's language, by id (for lists and forms)."""
    rows = session.scalars(sa.select(Qualification).order_by(Qualification.id))
    return {q.id: q.title_in(locale) for q in rows}


def qualification_choices(session: Session, locale: str) -> list[SelectChoice]:
    """Qualifications a new cohort can take (not archived)."""
    rows = session.scalars(
        sa.select(Qualification).where(Qualification.archived.is_(False)).order_by(Qualification.id)
    )
    return [SelectChoice(q.id, q.title_in(locale)) for q in rows]


def trainer_choices(session: Session) -> list[SelectChoice]:
    """Active trainers, by name (an admin picks a cohort's trainers)."""
    rows = session.scalars(
        sa.select(User)
        .where(User.role == Role.TRAINER, User.deactivated_at.is_(None), User.deleted_at.is_(None))
        .order_by(User.name, User.id)
    )
    return [SelectChoice(u.id, f"{u.name} <{u.email}>") for u in rows]
