"""Blueprint `privacy`: the learner's data to download, and deleting one's own account."""

from __future__ import annotations

import datetime as dt
import json

from flask import Blueprint, Response, render_template
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, logout_user

from qualify.accounts.service import AccountError
from qualify.accounts.target_groups import LABELS as TARGET_GROUPS
from qualify.core.clock import utcnow
from qualify.extensions import db, limiter
from qualify.privacy import deletion
from qualify.privacy.export import build_export
from qualify.privacy.forms import DeleteAccountForm

bp = Blueprint("privacy", __name__, template_folder="templates")


@bp.route("/profile/data")
@login_required
def data() -> str:
    return render_template("privacy/data.html")


@bp.route("/profile/data.json")
@login_required
def data_json() -> Response:
    export = build_export(db.session, current_user.id, utcnow())
    body = json.dumps(export, ensure_ascii=False, indent=2) + "\n"
    return _download(body, "application/json; charset=utf-8", "json")


@bp.route("/profile/data.html")
@login_required
def data_html() -> Response:
    export = build_export(db.session, current_user.id, utcnow())
    page = render_template(
        "privacy/export.html",
        data=export,
        when=readable_time,
        answer_text=answer_text,
        target_groups=TARGET_GROUPS,
    )
    return _download(page, "text/html; charset=utf-8", "html")


def readable_time(value: str | None) -> str:
    """An ISO time of the export, as people read it in their language."""
    return format_datetime(dt.datetime.fromisoformat(value), "medium") if value else ""


def answer_text(answer: object) -> str:
    """An answer as one line: lists joined, true/false in words, pairs as "a: b"."""
    if answer is None or answer == [] or answer == {}:
        return _("no answer")
    if isinstance(answer, bool):
        return _("true") if answer else _("false")
    if isinstance(answer, list):
        return "; ".join(answer_text(item) for item in answer)
    if isinstance(answer, dict):
        return "; ".join(f"{key}: {answer_text(value)}" for key, value in answer.items())
    return str(answer)


def _download(body: str, content_type: str, suffix: str) -> Response:
    filename = f"qualify-my-data-{utcnow():%Y-%m-%d}.{suffix}"
    return Response(
        body.encode("utf-8"),
        content_type=content_type,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )


def deleting_account() -> str:
    """Rate-limit key: the account, so a stolen session cannot guess the password."""
    user_id = getattr(current_user, "id", None)
    return f"delete:{user_id}" if user_id else f"delete:{get_remote_address()}"


REFUSALS = {
    "wrong_password": lambda: _("This password is not correct. Nothing was deleted."),
    "last_admin": lambda: _(
        "You are the only admin of this site, and the site needs one. "
        "Make another person admin first. Nothing was deleted."
    ),
    "already_deleted": lambda: _("This account is deleted already."),
}


@bp.route("/profile/delete", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per hour", methods=["POST"], key_func=deleting_account)
def delete() -> str:
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            deletion.delete_own_account(
                db.session,
                user_id=current_user.id,
                password=form.password.data,
                keep_certificates=form.keep_certificates,
                now=utcnow(),
            )
        except AccountError as refusal:
            db.session.rollback()
            form.password.errors.append(REFUSALS[refusal.code]())
        else:
            logout_user()
            return render_template("privacy/deleted.html")
    certificates = deletion.valid_certificates(db.session, current_user.id)
    return render_template("privacy/delete.html", form=form, certificates=certificates)
