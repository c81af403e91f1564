"""Participants from a list: a preview that says for every row what would happen, and an
import that does all of it or nothing.

A row's target group is stored for new accounts only: an existing account keeps what its
holder stated (or chose not to state) about themself; a trainer's list does not overrule it.

The import checks everything again (the list may have changed since the preview, or
another trainer added people meanwhile), so a preview is never trusted as it stands.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from qualify.accounts import lifecycle
from qualify.accounts.models import Role, User
from qualify.accounts.service import MailWriter
from qualify.audit.actions import AuditAction
from qualify.cohorts.models import Cohort, CohortMember
from qualify.cohorts.roster import RosterRow
from qualify.cohorts.service import Actor, CohortError, audit, lock


class Outcome(enum.StrEnum):
    NEW_ACCOUNT = "new_account"  # invited by mail, then in the group
    EXISTING_ACCOUNT = "existing_account"  # joins the group
    ALREADY_MEMBER = "already_member"  # nothing to do
    NOT_A_LEARNER = "not_a_learner"  # error: a trainer's, admin's or inactive account
    OVER_CAPACITY = "over_capacity"  # error: no place left for this row


ERRORS = frozenset({Outcome.NOT_A_LEARNER, Outcome.OVER_CAPACITY})


@dataclass(frozen=True)
class RowPreview:
    row: RosterRow
    outcome: Outcome


def preview(session: Session, cohort: Cohort, rows: list[RosterRow]) -> list[RowPreview]:
    """What importing these rows into the cohort would do, row by row (2 queries)."""
    users = {
        u.email: u
        for u in session.scalars(sa.select(User).where(User.email.in_([r.email for r in rows])))
    }
    members = {m.user_id for m in cohort.members}
    places = cohort.capacity - len(cohort.members)
    previews = []
    for row in rows:
        outcome = _outcome(users.get(row.email), members)
        if outcome in (Outcome.NEW_ACCOUNT, Outcome.EXISTING_ACCOUNT):
            places -= 1
            if places < 0:
                outcome = Outcome.OVER_CAPACITY
        previews.append(RowPreview(row, outcome))
    return previews


def _outcome(user: User | None, members: set[int]) -> Outcome:
    if user is None:
        return Outcome.NEW_ACCOUNT
    if user.id in members:
        return Outcome.ALREADY_MEMBER
    if user.role != Role.LEARNER or not user.is_active:
        return Outcome.NOT_A_LEARNER
    return Outcome.EXISTING_ACCOUNT


def import_rows(
    session: Session, cohort: Cohort, rows: list[RosterRow], mails: MailWriter, actor: Actor
) -> int:
    """Invite the new people and add everyone to the cohort, in one transaction; how many
    joined. Raises CohortError('roster_has_errors') and writes nothing if any row fails."""
    lock(session, cohort)
    previews = preview(session, cohort, rows)
    if any(p.outcome in ERRORS for p in previews):
        session.rollback()
        raise CohortError("roster_has_errors")
    users = {
        u.email: u
        for u in session.scalars(sa.select(User).where(User.email.in_([r.email for r in rows])))
    }
    joined = 0
    for item in previews:
        row = item.row
        if item.outcome is Outcome.NEW_ACCOUNT:
            user = lifecycle.invite(
                session,
                email=row.email,
                name=row.name,
                role=Role.LEARNER,
                locale=row.language or "de",
                inviter=actor.user,
                mails=mails,
                now=actor.now,
                ip_address=actor.ip_address,
                commit=False,
                target_group=row.target_group or None,
            )
        elif item.outcome is Outcome.EXISTING_ACCOUNT:
            user = users[row.email]
        else:
            continue
        cohort.members.append(CohortMember(user_id=user.id, organisation=row.organisation or None))
        session.flush()
        audit(session, actor, AuditAction.COHORT_MEMBER_ADDED, cohort, user.id, via="list")
        joined += 1
    session.commit()
    return joined
