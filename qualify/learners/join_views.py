"""Joining a cohort through its shared link (blueprint `join`, /join/<token>): visitors are
asked to log in or register first and come back; learners join with one button."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from qualify.cohorts import service
from qualify.core.clock import utcnow
from qualify.core.locales import isolated
from qualify.extensions import db, limiter
from qualify.web.forms import Form

bp = Blueprint("join", __name__, template_folder="templates")

REFUSALS = {
    "link_invalid": _l("This link does not work any more. Please ask your trainer for a new one."),
    "not_a_learner": _l("Only learner accounts can join a group."),
    "already_member": _l("You are in this group already."),
    "full": _l("The group is full. Please ask your trainer."),
}


@bp.route("/join/<token>", methods=["GET", "POST"])
@limiter.limit("30 per hour", methods=["POST"])
def join(token: str) -> str | Response | tuple[str, int]:
    cohort = service.cohort_to_join(db.session, token, utcnow())
    if cohort is None:
        return render_template("learners/join.html", cohort=None), 410
    form = Form()
    if current_user.is_authenticated and form.validate_on_submit():
        return _join(token)
    return render_template("learners/join.html", cohort=cohort, form=form, token=token)


def _join(token: str) -> Response:
    try:
        cohort = service.join(db.session, token, current_user._get_current_object(), utcnow())
    except service.CohortError as refusal:
        db.session.rollback()
        flash(str(REFUSALS[refusal.code]), "error")
        return redirect(url_for("join.join", token=token))
    flash(_("Welcome to the group %(name)s!", name=isolated(cohort.name)), "success")
    return redirect(url_for("dashboard.index"))
