"""Load the user a URL names, or answer 404 (for admin and trainer pages)."""

from __future__ import annotations

from flask import abort

from qualify.accounts import service
from qualify.accounts.models import User
from qualify.extensions import db


def get_user_or_404(user_id: int) -> User:
    user = service.get_user(db.session, user_id)
    if user is None:
        abort(404)
    return user
