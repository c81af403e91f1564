"""Development only: the mails FolderMailer kept in the instance folder, so `make run`
works without a mail server and a developer can open a reset or confirmation link.

create_app registers this blueprint only when QUALIFY_ENV is development; elsewhere
these URLs do not exist (404).
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, make_response, render_template
from werkzeug.wrappers import Response

from qualify.jobs.mail import KeptMail, kept_mails, read_kept_mail

bp = Blueprint("dev", __name__, url_prefix="/dev", template_folder="templates")

# The mail's own HTML is shown as a sandboxed document that may load and run nothing.
MAIL_HTML_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox; frame-ancestors 'self'"


def _mail_or_404(name: str) -> KeptMail:
    mail = read_kept_mail(current_app.config["MAIL_FOLDER"], name)
    if mail is None:
        abort(404)
    return mail


@bp.route("/mails")
def mails() -> str:
    folder = current_app.config["MAIL_FOLDER"]
    return render_template("jobs/dev_mails.html", mails=kept_mails(folder), folder=folder)


@bp.route("/mails/<name>")
def mail(name: str) -> str:
    return render_template("jobs/dev_mail.html", mail=_mail_or_404(name))


@bp.route("/mails/<name>/html")
def mail_html(name: str) -> Response:
    response = make_response(_mail_or_404(name).body("html"))
    response.headers["Content-Security-Policy"] = MAIL_HTML_POLICY
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response
