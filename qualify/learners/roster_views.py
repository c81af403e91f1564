"""Participants from a list (blueprint `roster`): upload a CSV or XLSX file, see for each
row what would happen, then confirm. Nothing is imported before the confirmation, and
nothing at all if any row has a problem."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeSerializer
from werkzeug.wrappers import Response

from qualify.accounts.mails import AccountMails
from qualify.accounts.permissions import Permission, require_permission
from qualify.accounts.target_groups import LABELS as TARGET_GROUPS
from qualify.cohorts import roster_import
from qualify.cohorts.lookups import get_cohort_or_404
from qualify.cohorts.models import Cohort
from qualify.cohorts.roster import RosterRow, read_roster
from qualify.cohorts.service import Actor, CohortError
from qualify.core.clock import utcnow
from qualify.extensions import db
from qualify.learners.roster_forms import RosterConfirmForm, RosterUploadForm

bp = Blueprint("roster", __name__, template_folder="templates", url_prefix="/trainer/cohorts")

PROBLEMS = {
    "bad_file": _l("The file cannot be read. Please save it as CSV (UTF-8) or XLSX."),
    "no_header": _l("The file is empty."),
    "missing_column": _l("The first row must name the columns; missing: %(detail)s."),
    "too_many_rows": _l("At most %(detail)s people per list."),
    "bad_name": _l("The name is missing or has special control characters."),
    "bad_email": _l("This is not a valid e-mail address: %(detail)s"),
    "bad_language": _l("Unknown language %(detail)s: use de or en."),
    "bad_target_group": _l(
        "Unknown target group %(detail)s: use Verwaltung, Migrantenorganisation or Sonstige "
        "(or administration, migrant organisation, other), or leave it empty."
    ),
    "duplicate": _l("This address is in the list twice: %(detail)s"),
}


OUTCOMES = {
    roster_import.Outcome.NEW_ACCOUNT: _l("New: gets an invitation by e-mail"),
    roster_import.Outcome.EXISTING_ACCOUNT: _l("Has an account: joins the group"),
    roster_import.Outcome.ALREADY_MEMBER: _l("Already in the group: nothing changes"),
    roster_import.Outcome.NOT_A_LEARNER: _l("Not possible: this is not an active learner account"),
    roster_import.Outcome.OVER_CAPACITY: _l("Not possible: the group has no place left"),
}


@bp.context_processor
def outcome_labels() -> dict[str, object]:
    return {
        "outcome_label": lambda outcome: str(OUTCOMES[outcome]),
        "target_group_label": lambda value: str(TARGET_GROUPS[value]) if value else "",
    }


def signer(cohort: Cohort) -> URLSafeSerializer:
    """Rows signed for this cohort only: a confirmation cannot be replayed on another."""
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=f"roster-{cohort.id}")


@bp.route("/<id:cohort_id>/roster", methods=["POST"])
@require_permission(Permission.MANAGE_COHORTS)
def upload(cohort_id: int) -> str | Response:
    cohort = get_cohort_or_404(cohort_id)
    form = RosterUploadForm()
    if not form.validate_on_submit():
        return render_template("learners/roster.html", cohort=cohort, form=form, previews=None)
    upload = form.roster.data
    rows, problems = read_roster(upload.read(), upload.filename or "")
    messages = [(p.line, str(PROBLEMS[p.code]) % {"detail": p.detail}) for p in problems]
    previews = None if problems else roster_import.preview(db.session, cohort, rows)
    confirm = RosterConfirmForm(rows=signer(cohort).dumps([r.__dict__ for r in rows]))
    return render_template(
        "learners/roster.html",
        cohort=cohort,
        form=form,
        problems=messages,
        previews=previews,
        confirm=confirm,
        errors=roster_import.ERRORS,
    )


@bp.route("/<id:cohort_id>/roster/confirm", methods=["POST"])
@require_permission(Permission.MANAGE_COHORTS)
def confirm(cohort_id: int) -> Response:
    cohort = get_cohort_or_404(cohort_id)
    form = RosterConfirmForm()
    if not form.validate_on_submit():
        flash(_("The list could not be read. Please upload it again."), "error")
        return redirect(url_for("cohorts.cohort", cohort_id=cohort.id))
    try:
        rows = [RosterRow(**row) for row in signer(cohort).loads(form.rows.data or "")]
        actor = Actor(current_user._get_current_object(), request.remote_addr, utcnow())
        joined = roster_import.import_rows(db.session, cohort, rows, AccountMails(), actor)
    except (BadSignature, TypeError):
        flash(_("The list could not be read. Please upload it again."), "error")
    except CohortError:
        flash(_("The group has changed since the preview. Please upload the list again."), "error")
    else:
        message = ngettext(
            "%(num)s person is now in the group.", "%(num)s people are now in the group.", joined
        )
        flash(message, "success")
    return redirect(url_for("cohorts.cohort", cohort_id=cohort.id))
