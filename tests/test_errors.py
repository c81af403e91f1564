"""The error page after a failed database write: translated, honest, and still rendered."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import flask
import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import Session

from qualify.accounts.models import Role, User
from qualify.accounts.service import open_login_session
from qualify.extensions import db


@pytest.fixture
def unpropagated(app: Flask) -> Iterator[Flask]:
    """Let Flask answer exceptions with the 500 page, as in production."""
    app.config["PROPAGATE_EXCEPTIONS"] = False
    yield app
    app.config["PROPAGATE_EXCEPTIONS"] = None


def test_a_failed_write_still_gets_the_error_page(
    unpropagated: Flask, make_user: Callable[..., User], session: Session
) -> None:
    taken = make_user(Role.LEARNER, email="taken@example.org")
    open_login_session(session, taken)
    with unpropagated.test_request_context("/", headers={"Accept-Language": "de"}):
        # Signed in, but the user is loaded only when the page asks: after the failure.
        flask.session["_user_id"] = taken.get_id()
        db.session.add(User(email=taken.email, name="Twin", password_hash="x", role="learner"))
        try:
            db.session.flush()
        except sa.exc.IntegrityError as error:
            failure = error
        response = unpropagated.handle_exception(failure)
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "vielleicht nicht gespeichert" in page
    assert "Nothing you entered was lost" not in page and "nichts verloren" not in page.lower()
