"""Flask-Login's user loader: the session id carries a fingerprint of the password hash."""

from __future__ import annotations

import hmac

from qualify.accounts.models import User
from qualify.extensions import db


def load_user(session_id: str) -> User | None:
    user_id, _, fingerprint = session_id.partition(".")
    if not user_id.isdigit() or not fingerprint:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not hmac.compare_digest(user.session_fingerprint(), fingerprint):
        return None
    return user
