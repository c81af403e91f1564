"""A cohort's certificates awarded at once by its trainer: a preview of who is ready and
who is missing what, then the award (the trainer's sign-off) of those chosen.

Blueprint `awards` under /trainer/cohorts/<cohort_id>/award. Only the cohort's trainers and
admins reach it (get_cohort_or_404); a participant of another cohort cannot be chosen.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.wrappers import Response

from qualify.accounts.permissions import Permission, require_permission
from qualify.certificates import cohort_awards
from qualify.certificates.notices import tell
from qualify.certificates.service import CertificateError
from qualify.cohorts.lookups import get_cohort_or_404
from qualify.core.clock import utcnow
from qualify.extensions import db
from qualify.learners.cohort_views import actor, cohort_labels
from qualify.web.forms import Form

bp = Blueprint(
    "awards", __name__, template_folder="templates", url_prefix="/trainer/cohorts/<id:cohort_id>"
)
bp.context_processor(cohort_labels)


@bp.route("/award")
@require_permission(Permission.MANAGE_COHORTS)
def preview(cohort_id: int) -> str:
    cohort = get_cohort_or_404(cohort_id)
    award = cohort_awards.cohort_award(db.session, cohort, utcnow())
    return render_template("learners/award.html", award=award, form=Form())


@bp.route("/award", methods=["POST"])
@require_permission(Permission.MANAGE_COHORTS)
def award(cohort_id: int) -> Response:
    cohort = get_cohort_or_404(cohort_id)
    chosen = request.form.getlist("user", type=int)
    if Form().validate_on_submit():
        try:
            issued = cohort_awards.award_cohort(db.session, cohort, chosen, actor(), tell)
        except CertificateError:
            flash(
                _("This qualification is no longer offered: no certificates can be issued for it."),
                "error",
            )
        else:
            if issued:
                flash(
                    ngettext(
                        "One certificate issued.", "%(num)s certificates issued.", len(issued)
                    ),
                    "success",
                )
            else:
                flash(_("No certificate was issued: nobody chosen was ready."), "info")
    return redirect(url_for("awards.preview", cohort_id=cohort.id))
