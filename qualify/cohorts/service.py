"""Cohorts: create and change them, and who trains and takes part in them.

Each function is one transaction and records its audit entry in it. Adding a participant by
e-mail address takes an existing account or invites a new person (accounts.lifecycle).
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from qualify.accounts import lifecycle
from qualify.accounts.models import Role, User
from qualify.accounts.service import AccountError, MailWriter, find_user_by_email
from qualify.audit.actions import AuditAction
from qualify.audit.service import record
from qualify.cohorts.models import Cohort, CohortMember, CohortTrainer, Workshop

log = logging.getLogger(__name__)


class CohortError(ValueError):
    """A cohort change that cannot be made; `code` names why."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class CohortFacts:
    """What a trainer fills in for a cohort."""

    name: str
    qualification_id: int
    starts_on: dt.date
    ends_on: dt.date
    place: str
    capacity: int
    at_risk_days: int = 14


@dataclass(frozen=True)
class Actor:
    """Who acts, from where, and when: what every audited change needs."""

    user: User
    ip_address: str | None
    now: dt.datetime


def cohorts_for(session: Session, viewer: User) -> list[Cohort]:
    """The cohorts a viewer works with: all for admins, their own for trainers; newest
    first, with trainers and participants loaded (3 queries)."""
    query = sa.select(Cohort).options(selectinload(Cohort.trainers), selectinload(Cohort.members))
    if viewer.role != Role.ADMIN:
        query = query.where(Cohort.trainers.any(CohortTrainer.user_id == viewer.id))
    return list(session.scalars(query.order_by(Cohort.starts_on.desc(), Cohort.id.desc())))


@dataclass(frozen=True)
class Membership:
    """A cohort the learner takes part in, with the names of its trainers."""

    cohort: Cohort
    trainers: list[User]


def memberships_of(session: Session, user_id: int) -> list[Membership]:
    """The learner's cohorts, newest first, each with its trainers (2 queries)."""
    cohorts = list(
        session.scalars(
            sa.select(Cohort)
            .where(Cohort.members.any(CohortMember.user_id == user_id))
            .options(selectinload(Cohort.trainers))
            .order_by(Cohort.starts_on.desc(), Cohort.id.desc())
        )
    )
    trainer_ids = {t.user_id for cohort in cohorts for t in cohort.trainers}
    people = {u.id: u for u in session.scalars(sa.select(User).where(User.id.in_(trainer_ids)))}
    return [
        Membership(
            cohort, sorted((people[t.user_id] for t in cohort.trainers), key=lambda u: u.name)
        )
        for cohort in cohorts
    ]


@dataclass(frozen=True)
class UpcomingWorkshop:
    workshop: Workshop
    cohort_name: str


@dataclass(frozen=True)
class UpcomingWorkshops:
    """The next sessions a learner is expected at, and how many more follow them."""

    workshops: list[UpcomingWorkshop]
    more: int


def upcoming_workshops(
    session: Session, user_id: int, today: dt.date, limit: int = 5
) -> UpcomingWorkshops:
    """The sessions of the learner's cohorts from today on, soonest first: the first
    `limit` of them, and the count of all (a window count, so 1 query)."""
    total = sa.func.count().over()
    rows = session.execute(
        sa.select(Workshop, Cohort.name, total)
        .join(Cohort, Cohort.id == Workshop.cohort_id)
        .join(CohortMember, CohortMember.cohort_id == Cohort.id)
        .where(CohortMember.user_id == user_id, Workshop.held_on >= today)
        .order_by(Workshop.held_on, Workshop.starts_at, Workshop.id)
        .limit(limit)
    ).all()
    shown = [UpcomingWorkshop(workshop, name) for workshop, name, _total in rows]
    return UpcomingWorkshops(shown, rows[0][2] - len(shown) if rows else 0)


def cohort_for(session: Session, cohort_id: int, viewer: User) -> Cohort | None:
    """A cohort the viewer may work with, or None (unknown, or another trainer's)."""
    cohort = session.get(Cohort, cohort_id)
    if cohort is None or not may_manage(cohort, viewer):
        return None
    return cohort


def may_manage(cohort: Cohort, viewer: User) -> bool:
    return viewer.role == Role.ADMIN or any(t.user_id == viewer.id for t in cohort.trainers)


def create_cohort(session: Session, facts: CohortFacts, actor: Actor) -> Cohort:
    """A new cohort; the trainer who creates it trains it (an admin adds trainers)."""
    _check(facts)
    cohort = Cohort(**facts.__dict__)
    if actor.user.role == Role.TRAINER:
        cohort.trainers.append(CohortTrainer(user_id=actor.user.id))
    session.add(cohort)
    session.flush()
    audit(session, actor, AuditAction.COHORT_CREATED, cohort, None, name=facts.name)
    session.commit()
    log.info("user %s created cohort %s", actor.user.id, cohort.id)
    return cohort


def change_cohort(session: Session, cohort: Cohort, facts: CohortFacts, actor: Actor) -> None:
    """New facts for a cohort; the capacity cannot drop below its participants."""
    _check(facts)
    if facts.capacity < len(cohort.members):
        raise CohortError("capacity_below_members")
    for name, value in facts.__dict__.items():
        setattr(cohort, name, value)
    audit(session, actor, AuditAction.COHORT_CHANGED, cohort, None, name=facts.name)
    session.commit()


def set_trainers(session: Session, cohort: Cohort, trainer_ids: list[int], actor: Actor) -> None:
    """The cohort's trainers (admins choose them); at least one, all with the trainer role."""
    if not trainer_ids:
        raise CohortError("no_trainer")
    trainers = session.scalars(
        sa.select(User.id).where(User.id.in_(trainer_ids), User.role == Role.TRAINER)
    ).all()
    if len(set(trainers)) != len(set(trainer_ids)):
        raise CohortError("not_a_trainer")
    cohort.trainers = [CohortTrainer(user_id=user_id) for user_id in sorted(set(trainers))]
    audit(session, actor, AuditAction.COHORT_CHANGED, cohort, None, trainers=sorted(trainers))
    session.commit()


def add_member(
    session: Session,
    cohort: Cohort,
    *,
    email: str,
    organisation: str,
    mails: MailWriter,
    actor: Actor,
) -> User:
    """Add a participant by address: an existing learner joins; an unknown address is
    invited as a learner. Raises CohortError('full', 'already_member', 'not_a_learner')."""
    lock(session, cohort)
    if len(cohort.members) >= cohort.capacity:
        raise CohortError("full")
    user = find_user_by_email(session, email)
    if user is None:
        try:
            user = lifecycle.invite(
                session,
                email=email,
                role=Role.LEARNER,
                inviter=actor.user,
                mails=mails,
                now=actor.now,
                ip_address=actor.ip_address,
                commit=False,
            )
        except AccountError as refusal:
            raise CohortError(refusal.code) from None
    elif user.role != Role.LEARNER or not user.is_active:
        raise CohortError("not_a_learner")
    cohort.members.append(CohortMember(user_id=user.id, organisation=organisation or None))
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise CohortError("already_member") from None
    audit(session, actor, AuditAction.COHORT_MEMBER_ADDED, cohort, user.id)
    session.commit()
    return user


JOIN_LINK_DAYS = 14


def new_join_link(
    session: Session, cohort: Cohort, actor: Actor, days: int = JOIN_LINK_DAYS
) -> str:
    """A new link for joining the cohort, valid for `days`; the old link stops working."""
    cohort.join_token = secrets.token_urlsafe(24)
    cohort.join_expires_at = actor.now + dt.timedelta(days=days)
    audit(session, actor, AuditAction.COHORT_CHANGED, cohort, None, join_link="new")
    session.commit()
    return cohort.join_token


def cohort_to_join(session: Session, token: str, now: dt.datetime) -> Cohort | None:
    """The cohort whose link this is, while the link works."""
    return session.scalar(
        sa.select(Cohort).where(Cohort.join_token == token, Cohort.join_expires_at > now)
    )


def join(session: Session, token: str, user: User, now: dt.datetime) -> Cohort:
    """A learner joins through the cohort's link. Raises CohortError('link_invalid',
    'not_a_learner', 'already_member' or 'full')."""
    cohort = cohort_to_join(session, token, now)
    if cohort is None:
        raise CohortError("link_invalid")
    lock(session, cohort)
    if user.role != Role.LEARNER or not user.is_active:
        raise CohortError("not_a_learner")
    if any(m.user_id == user.id for m in cohort.members):
        raise CohortError("already_member")
    if len(cohort.members) >= cohort.capacity:
        raise CohortError("full")
    cohort.members.append(CohortMember(user_id=user.id))
    try:
        session.commit()
    except IntegrityError:  # the same learner, twice at once
        session.rollback()
        raise CohortError("already_member") from None
    log.info("user %s joined cohort %s by its link", user.id, cohort.id)
    return cohort


def remove_member(session: Session, cohort: Cohort, user_id: int, actor: Actor) -> None:
    """The participant leaves the cohort; their account and progress stay."""
    member = next((m for m in cohort.members if m.user_id == user_id), None)
    if member is None:
        raise CohortError("not_a_member")
    cohort.members.remove(member)
    audit(session, actor, AuditAction.COHORT_MEMBER_REMOVED, cohort, user_id)
    session.commit()


def set_extra_time(
    session: Session, cohort: Cohort, user_id: int, percent: int, actor: Actor
) -> None:
    """A participant's extra time in every timed quiz (an accommodation), set by a trainer
    of their group; it applies to attempts started from now on."""
    member = next((m for m in cohort.members if m.user_id == user_id), None)
    if member is None:
        raise CohortError("not_a_member")
    user = session.get(User, user_id)
    before, user.extra_time_percent = user.extra_time_percent, percent
    audit(
        session, actor, AuditAction.EXTRA_TIME_SET, cohort, user_id,
        extra_time_percent=percent, **{"from": before},
    )  # fmt: skip
    session.commit()


def lock(session: Session, cohort: Cohort) -> None:
    """Serialise additions to one cohort (capacity), on PostgreSQL; SQLite writes one at a
    time anyway."""
    session.execute(sa.select(Cohort.id).where(Cohort.id == cohort.id).with_for_update())
    session.refresh(cohort, ["members"])


def _check(facts: CohortFacts) -> None:
    if facts.ends_on < facts.starts_on:
        raise CohortError("ends_before_start")
    if facts.capacity < 1 or facts.at_risk_days < 1:
        raise CohortError("not_positive")


def audit(
    session: Session,
    actor: Actor,
    action: AuditAction,
    cohort: Cohort,
    subject_user_id: int | None,
    **details: object,
) -> None:
    record(
        session,
        actor_id=actor.user.id,
        action=action,
        subject_user_id=subject_user_id,
        subject=f"cohort {cohort.id}",
        details=details,
        ip_address=actor.ip_address,
        now=actor.now,
    )
