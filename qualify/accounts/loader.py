"""Flask-Login's user loader: the cookie names a user and a login session still open."""

from __future__ import annotations

from qualify.accounts.models import User
from qualify.accounts.service import user_of_login_session
from qualify.extensions import db


def load_user(session_id: str) -> User | None:
    user_id, _, token = session_id.partition(".")
    if not user_id.isdigit() or not token:
        return None
    return user_of_login_session(db.session, int(user_id), token)
