"""Account deletion (DSGVO Art. 17): one transaction that removes a person's data and keeps
what others rely on. See docs/architecture.md, "Deleting an account", for what stays.

The users row stays, anonymised: issued certificates refer to it (an employer can still
verify one, by the name printed on it) and submitted quiz scores stay as statistics.
"""

from __future__ import annotations

import datetime as dt
import logging

import sqlalchemy as sa
from sqlalchemy.orm import Session

from qualify.accounts.models import AccountToken, LoginSession, Role, User
from qualify.accounts.passwords import verify_password
from qualify.accounts.service import AccountError
from qualify.assessment.models import AttemptQuestion, AttemptStatus, ExtraAttempt, QuizAttempt
from qualify.assignments.models import AssignmentSubmission, AssignmentVersion
from qualify.audit.actions import AuditAction
from qualify.audit.service import record
from qualify.certificates.models import Certificate, HolderName, WorkshopCredit
from qualify.cohorts.models import CohortMember, CohortTrainer
from qualify.courses.models import Enrolment, LessonCompletion
from qualify.jobs.models import Job
from qualify.privacy.housekeeping import mails_to

log = logging.getLogger(__name__)

DELETED_NAME = "—"
REVOKED_REASON = "Deleted at the holder's request"


def deleted_email(user_id: int) -> str:
    """A unique address that can receive nothing (.invalid is reserved, RFC 2606)."""
    return f"deleted-{user_id}@invalid"


def delete_own_account(
    session: Session, *, user_id: int, password: str, keep_certificates: bool, now: dt.datetime
) -> User:
    """A signed-in person deletes their account, confirming with their password. Raises
    AccountError('wrong_password'), ('last_admin') or ('already_deleted'); nothing changes then."""
    user = session.get_one(User, user_id)
    if user.password_hash is None or not verify_password(user.password_hash, password):
        raise AccountError("wrong_password")
    _delete(session, user, keep_certificates, now)
    session.commit()
    log.info("user %s deleted their account", user_id)
    return user


def delete_account(
    session: Session,
    *,
    user_id: int,
    actor_id: int,
    keep_certificates: bool,
    now: dt.datetime,
    ip_address: str | None = None,
) -> User:
    """An admin deletes an account at its holder's request (recorded in the audit log).
    Raises AccountError('not_allowed') unless the actor is an active admin,
    ('unknown_user'), ('last_admin') or ('already_deleted')."""
    actor = session.get(User, actor_id)
    if actor is None or actor.role != Role.ADMIN.value or not actor.is_active:
        raise AccountError("not_allowed")
    user = session.get(User, user_id)
    if user is None:
        raise AccountError("unknown_user")
    _delete(session, user, keep_certificates, now)
    record(
        session,
        actor_id=actor_id,
        action=AuditAction.ACCOUNT_DELETED,
        subject_user_id=user_id,
        details={"certificates": "kept" if keep_certificates else "revoked"},
        ip_address=ip_address,
        now=now,
    )
    session.commit()
    log.info("user %s deleted the account of user %s", actor_id, user_id)
    return user


def valid_certificates(session: Session, user_id: int) -> list[Certificate]:
    """The certificates a deletion would keep verifiable or revoke (for the page that asks)."""
    return list(
        session.scalars(
            sa.select(Certificate)
            .where(Certificate.user_id == user_id, Certificate.revoked_at.is_(None))
            .order_by(Certificate.issued_at, Certificate.id)
        )
    )


def _delete(session: Session, user: User, keep_certificates: bool, now: dt.datetime) -> None:
    """Everything deletion does, in the caller's transaction (no commit)."""
    if user.deleted_at is not None:
        raise AccountError("already_deleted")
    if user.role == Role.ADMIN.value and not _other_admins(session, user.id):
        raise AccountError("last_admin")
    uid = user.id
    session.execute(
        sa.delete(Job).where(sa.or_(sa.and_(*mails_to([user.email])), Job.waits_for_user_id == uid))
    )
    for model in (
        LoginSession,
        AccountToken,
        Enrolment,
        LessonCompletion,
        ExtraAttempt,
        WorkshopCredit,
        HolderName,
        CohortMember,
        CohortTrainer,
    ):
        session.execute(sa.delete(model).where(model.user_id == uid))
    _keep_scores_only(session, uid)
    if not keep_certificates:
        session.execute(
            sa.update(Certificate)
            .where(Certificate.user_id == uid, Certificate.revoked_at.is_(None))
            .values(revoked_at=now, revoked_reason=REVOKED_REASON)
        )
    user.email, user.name, user.password_hash = deleted_email(uid), DELETED_NAME, None
    user.role, user.confirmed_at, user.last_login_at = Role.LEARNER.value, None, None
    user.target_group, user.deleted_at = None, now


def _other_admins(session: Session, user_id: int) -> int:
    """Active admins besides this one; their rows are locked, so two admins deleting each
    other at once cannot leave the site without one."""
    found = session.scalars(
        sa.select(User.id)
        .where(
            User.role == Role.ADMIN.value,
            User.id != user_id,
            User.deleted_at.is_(None),
            User.deactivated_at.is_(None),
        )
        .with_for_update()
    ).all()
    return len(found)


def _keep_scores_only(session: Session, user_id: int) -> None:
    """Submitted, graded attempts and marked assignment versions stay as statistics (scores,
    points per question) without the answers, texts and trainers' comments; unfinished and
    ungraded ones go."""
    session.execute(
        sa.delete(QuizAttempt).where(
            QuizAttempt.user_id == user_id, QuizAttempt.status != AttemptStatus.GRADED.value
        )
    )
    own = sa.select(QuizAttempt.id).where(QuizAttempt.user_id == user_id)
    session.execute(
        sa.update(AttemptQuestion)
        .where(AttemptQuestion.attempt_id.in_(own))
        .values(response=None, reviewer_comment=None)
    )
    # Practice assignments likewise: marked versions keep their points, without the text
    # and the comment; drafts and versions not marked yet go.
    submissions = sa.select(AssignmentSubmission.id).where(AssignmentSubmission.user_id == user_id)
    session.execute(
        sa.delete(AssignmentVersion).where(
            AssignmentVersion.submission_id.in_(submissions), AssignmentVersion.marked_at.is_(None)
        )
    )
    session.execute(
        sa.update(AssignmentVersion)
        .where(AssignmentVersion.submission_id.in_(submissions))
        .values(text=None, comment=None)
    )
