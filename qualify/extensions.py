"""Flask extensions, created here and bound to the app in create_app."""

from __future__ import annotations

from flask import Flask, g
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect
from sqlalchemy.orm import Session

from qualify.db import Database


class FlaskDatabase(Database):
    """The database bound to a Flask app: one session per application context."""

    def init_app(self, app: Flask) -> None:
        self.connect(app.config["DATABASE_URL"])
        app.extensions["qualify_db"] = self
        app.teardown_appcontext(self._remove_session)

    @property
    def session(self) -> Session:
        if "db_session" not in g:
            g.db_session = self.sessionmaker()
        return g.db_session

    @staticmethod
    def _remove_session(_exc: BaseException | None) -> None:
        session = g.pop("db_session", None)
        if session is not None:
            session.close()


db = FlaskDatabase()
login_manager = LoginManager()
babel = Babel()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
