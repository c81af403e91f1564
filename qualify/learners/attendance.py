"""Workshops of a cohort and who attended them: add a session, record its attendance.

Attendance counts toward the cohort's qualification as workshop credits (one credit per
attendance, certificates.service.credit_attendance), so the learner's dashboard, the
award, the data export and account deletion treat it like hours credited on the command
line. This module sits above certificates for that reason; the tables live in cohorts.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from qualify.accounts.models import Role
from qualify.audit.actions import AuditAction
from qualify.audit.service import record
from qualify.certificates.models import Certificate
from qualify.certificates.service import award_due_qualifications, credit_attendance
from qualify.cohorts.models import Attendance, Cohort, Workshop
from qualify.cohorts.service import Actor

log = logging.getLogger(__name__)

Award = Callable[[Session, int, dt.datetime], list[Certificate]]


class AttendanceError(ValueError):
    """Attendance or a session that cannot be saved; `code` names why: ends_before_start,
    too_many_hours, not_a_member."""

    def __init__(self, code: str, user_id: int | None = None) -> None:
        super().__init__(code)
        self.code, self.user_id = code, user_id


@dataclass(frozen=True)
class WorkshopFacts:
    """What a trainer fills in for a session."""

    title: str
    held_on: dt.date
    starts_at: dt.time
    ends_at: dt.time
    place: str


def workshops_of(session: Session, cohort: Cohort) -> list[tuple[Workshop, int]]:
    """The cohort's sessions by date and time, each with how many were present (1 query)."""
    present = sa.func.count(Attendance.id)
    rows = session.execute(
        sa.select(Workshop, present)
        .outerjoin(Attendance, Attendance.workshop_id == Workshop.id)
        .where(Workshop.cohort_id == cohort.id)
        .group_by(Workshop.id)
        .order_by(Workshop.held_on, Workshop.starts_at, Workshop.id)
    )
    return [(workshop, count) for workshop, count in rows]


def workshop_of(session: Session, cohort: Cohort, workshop_id: int) -> Workshop | None:
    """The session if it belongs to this cohort; None otherwise (the view answers 404)."""
    return session.scalar(
        sa.select(Workshop).where(Workshop.id == workshop_id, Workshop.cohort_id == cohort.id)
    )


def add_workshop(session: Session, cohort: Cohort, facts: WorkshopFacts, actor: Actor) -> Workshop:
    """A new session of the cohort, led by the trainer who adds it (audited)."""
    if facts.ends_at <= facts.starts_at:
        raise AttendanceError("ends_before_start")
    trainer_id = actor.user.id if actor.user.role == Role.TRAINER else None
    workshop = Workshop(cohort_id=cohort.id, trainer_id=trainer_id, **facts.__dict__)
    workshop.title, workshop.place = facts.title.strip(), facts.place.strip()
    session.add(workshop)
    session.flush()
    _audit(session, actor, AuditAction.WORKSHOP_ADDED, workshop, title=workshop.title)
    session.commit()
    return workshop


def record_attendance(
    session: Session,
    cohort: Cohort,
    workshop: Workshop,
    hours_by_user: Mapping[int, float | None],
    actor: Actor,
    award: Award = award_due_qualifications,
) -> list[Certificate]:
    """Save the attendance of every participant at once: hours present, or None for absent.

    Each present participant's hours become one workshop credit for the cohort's
    qualification; then `award` issues what is now due, in the same transaction. Nothing is
    saved when one row is wrong (AttendanceError too_many_hours or not_a_member).
    """
    _check(cohort, workshop, hours_by_user)
    existing = {a.user_id: a for a in workshop.attendances}
    for user_id, hours in hours_by_user.items():
        attendance = existing.get(user_id)
        if hours is None:
            if attendance is not None:
                workshop.attendances.remove(attendance)
            continue
        if attendance is None:
            attendance = Attendance(user_id=user_id, hours=hours, recorded_at=actor.now)
            workshop.attendances.append(attendance)
        attendance.hours, attendance.recorded_by_id = hours, actor.user.id
        attendance.recorded_at = actor.now
        session.flush()
        _credit(session, cohort, workshop, attendance, actor)
    present = sorted(u for u, h in hours_by_user.items() if h is not None)
    _audit(session, actor, AuditAction.ATTENDANCE_RECORDED, workshop, present=present)
    session.flush()
    log.info("user %s recorded attendance of workshop %s", actor.user.id, workshop.id)
    awarded = [c for user_id in present for c in award(session, user_id, actor.now)]
    session.commit()
    return awarded


def _check(cohort: Cohort, workshop: Workshop, hours_by_user: Mapping[int, float | None]) -> None:
    members = {m.user_id for m in cohort.members}
    for user_id, hours in hours_by_user.items():
        if user_id not in members:
            raise AttendanceError("not_a_member", user_id)
        if hours is not None and not 0 < hours <= workshop.hours:
            raise AttendanceError("too_many_hours", user_id)


def _credit(
    session: Session, cohort: Cohort, workshop: Workshop, attendance: Attendance, actor: Actor
) -> None:
    credit_attendance(
        session,
        attendance_id=attendance.id,
        user_id=attendance.user_id,
        qualification_id=cohort.qualification_id,
        hours=attendance.hours,
        held_on=workshop.held_on,
        title=workshop.title,
        recorded_by_id=actor.user.id,
        now=actor.now,
    )


def _audit(
    session: Session, actor: Actor, action: AuditAction, workshop: Workshop, **details: object
) -> None:
    record(
        session,
        actor_id=actor.user.id,
        action=action,
        subject=f"workshop {workshop.id} of cohort {workshop.cohort_id}",
        details={"held_on": workshop.held_on.isoformat(), **details},
        ip_address=actor.ip_address,
        now=actor.now,
    )
