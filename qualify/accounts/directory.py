"""The admin's list of accounts: search, filter by role and status, one page at a time."""

from __future__ import annotations

import enum
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from qualify.accounts.models import Role, User
from qualify.core.paging import Page, paginate

PER_PAGE = 50


class UserStatus(enum.StrEnum):
    """Where an account stands; each account has exactly one (checked in this order)."""

    DELETED = "deleted"
    DEACTIVATED = "deactivated"
    INVITED = "invited"  # no password set yet
    UNCONFIRMED = "unconfirmed"  # has a password, has not confirmed the address
    ACTIVE = "active"


def status_of(user: User) -> UserStatus:
    if user.deleted_at is not None:
        return UserStatus.DELETED
    if user.deactivated_at is not None:
        return UserStatus.DEACTIVATED
    if user.password_hash is None:
        return UserStatus.INVITED
    if user.confirmed_at is None:
        return UserStatus.UNCONFIRMED
    return UserStatus.ACTIVE


def _status_condition(status: UserStatus) -> sa.ColumnElement[bool]:
    """The SQL twin of status_of."""
    not_deleted = User.deleted_at.is_(None)
    usable = sa.and_(not_deleted, User.deactivated_at.is_(None))
    conditions = {
        UserStatus.DELETED: User.deleted_at.is_not(None),
        UserStatus.DEACTIVATED: sa.and_(not_deleted, User.deactivated_at.is_not(None)),
        UserStatus.INVITED: sa.and_(usable, User.password_hash.is_(None)),
        UserStatus.UNCONFIRMED: sa.and_(
            usable, User.password_hash.is_not(None), User.confirmed_at.is_(None)
        ),
        UserStatus.ACTIVE: sa.and_(
            usable, User.password_hash.is_not(None), User.confirmed_at.is_not(None)
        ),
    }
    return conditions[status]


@dataclass(frozen=True)
class UserFilters:
    search: str = ""  # part of the name or e-mail address, any case
    role: Role | None = None
    status: UserStatus | None = None


def find_users(session: Session, filters: UserFilters, page: int = 1) -> Page[User]:
    """One page of accounts by name (two queries, however many accounts there are)."""
    query = sa.select(User).order_by(User.name, User.id)
    term = filters.search.strip().lower()
    if term:
        query = query.where(
            sa.or_(
                sa.func.lower(User.name).contains(term, autoescape=True),
                sa.func.lower(User.email).contains(term, autoescape=True),
            )
        )
    if filters.role is not None:
        query = query.where(User.role == filters.role.value)
    if filters.status is not None:
        query = query.where(_status_condition(filters.status))
    return paginate(session, query, page, PER_PAGE)
