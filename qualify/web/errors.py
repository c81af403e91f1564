"""Error pages in the visitor's language."""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from qualify.extensions import db

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Please try again.")),
    403: (_l("Access denied"), _l("You do not have permission to open this page.")),
    404: (_l("Page not found"), _l("This page does not exist or is no longer available.")),
    405: (_l("Not allowed"), _l("This action is not allowed here.")),
    410: (
        _l("No longer available"),
        _l("This certificate was revoked. Its verification page shows when and why."),
    ),
    413: (_l("Too large"), _l("The data you sent is too large.")),
    429: (_l("Too many requests"), _l("Please wait a moment before you try again.")),
    500: (
        _l("Something went wrong"),
        _l(
            "An error occurred on our side, and what you sent last may not have been saved. "
            "Please go back, check it and try again."
        ),
    ),
}

# A form sent with a missing or stale CSRF token: the page was opened before its reader
# signed in or out, or before the browser was closed (a restored tab). "Bad request" would
# leave them guessing, and whatever they typed is still in the page they go back to.
EXPIRED_FORM = (
    _l("This form has expired"),
    _l(
        "The page was opened before you signed in or out, or before the browser was closed. "
        "For your safety, it can no longer be sent. Go back, copy what you typed if you want "
        "to keep it, reload the page and send the form again."
    ),
)


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def expired_form(_error: CSRFError):  # noqa: ANN202
        title, text = EXPIRED_FORM
        return render_template("error.html", code=400, title=title, text=text), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):  # noqa: ANN202
        if error.response is not None:  # a page made for this error (e.g. a throttled form)
            return error.response
        code = error.code or 500
        title, text = MESSAGES.get(code, (error.name, error.description))
        return render_template("error.html", code=code, title=title, text=text), code

    @app.errorhandler(500)
    def server_error(_error: Exception):  # noqa: ANN202
        # A failed statement leaves the session unusable; the page itself needs it (the
        # signed-in user, their language), so start it afresh.
        db.session.rollback()
        title, text = MESSAGES[500]
        return render_template("error.html", code=500, title=title, text=text), 500
