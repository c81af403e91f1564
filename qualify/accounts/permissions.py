"""Permissions, named once: which role may do what, and a view decorator that enforces it."""

from __future__ import annotations

import enum
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user

from qualify.accounts.models import Role, User


class Permission(enum.StrEnum):
    VIEW_LEARNER_PROGRESS = "view_learner_progress"
    REVIEW_ATTEMPTS = "review_attempts"  # see learners' attempts, grade essays, extra attempts
    MANAGE_USERS = "manage_users"
    MANAGE_COHORTS = "manage_cohorts"  # create groups, add participants (own groups only)
    AUTHOR_COURSES = "author_courses"  # create courses; edit those granted (authoring.access)
    GRANT_AUTHORING = "grant_authoring"  # say which trainers may author a course


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.LEARNER: frozenset(),
    Role.TRAINER: frozenset(
        {
            Permission.VIEW_LEARNER_PROGRESS,
            Permission.REVIEW_ATTEMPTS,
            Permission.MANAGE_COHORTS,
            Permission.AUTHOR_COURSES,
        }
    ),
    Role.ADMIN: frozenset(Permission),
}


def has_permission(user: Any, permission: Permission) -> bool:
    if not isinstance(user, User):
        return False
    return permission in ROLE_PERMISSIONS[user.role_enum]


F = TypeVar("F", bound=Callable[..., Any])


def require_permission(permission: Permission) -> Callable[[F], F]:
    """Answer 401 (via login) for anonymous visitors and 403 for users without the right."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                from qualify.extensions import login_manager

                return login_manager.unauthorized()
            if not has_permission(current_user._get_current_object(), permission):
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator
