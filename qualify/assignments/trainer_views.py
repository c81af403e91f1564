"""Trainers mark the practice assignments of a cohort: every participant's state, and a
page per handed-in version (the text, the task, the criteria, points and a comment).

Blueprint `assignment_marking`, /trainer/cohorts/<id>/assignments: the cohort's trainers
and admins only (cohorts.lookups.get_cohort_or_404); drafts are never shown. Marking is
audited and runs the award hook (`app.extensions["qualify.after_assignment_marked"]`).
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from qualify.accounts.permissions import Permission, require_permission
from qualify.assignments import marking, service
from qualify.assignments.forms import MarkForm
from qualify.assignments.views import assignment_task_or_404
from qualify.cohorts.lookups import get_cohort_or_404
from qualify.core.clock import utcnow
from qualify.core.messages import translate
from qualify.extensions import db

bp = Blueprint(
    "assignment_marking",
    __name__,
    template_folder="templates",
    url_prefix="/trainer/cohorts/<id:cohort_id>/assignments",
)


def _cohort_assignment(cohort_id: int):  # noqa: ANN202 - a tuple of three
    cohort = get_cohort_or_404(cohort_id)
    task = assignment_task_or_404(id=cohort.qualification_id)
    question = service.assignment_question(db.session, task) or abort(404)
    return cohort, task, question


@bp.route("")
@require_permission(Permission.MANAGE_COHORTS)
def overview(cohort_id: int) -> str:
    cohort = get_cohort_or_404(cohort_id)
    index = current_app.extensions["qualify.qualification_index"](db.session)
    task = index.assignment(id=cohort.qualification_id)
    question = service.assignment_question(db.session, task) if task else None
    rows = marking.cohort_work(db.session, cohort, question) if question else []
    return render_template(
        "assignments/overview.html", cohort=cohort, task=task, question=question, rows=rows
    )


@bp.route("/<id:version_id>", methods=["GET", "POST"])
@require_permission(Permission.MANAGE_COHORTS)
def mark(cohort_id: int, version_id: int) -> str | Response:
    cohort, task, question = _cohort_assignment(cohort_id)
    target = marking.version_to_mark(db.session, cohort, question, version_id) or abort(404)
    form = MarkForm(max_points=question.max_points)
    if target.version.marked_at is None and form.validate_on_submit():
        try:
            marking.mark_version(
                db.session,
                target,
                task,
                actor_id=current_user.id,
                points=form.points.data,
                comment=form.comment.data or "",
                now=utcnow(),
                after_marked=current_app.extensions["qualify.after_assignment_marked"],
                ip_address=request.remote_addr,
            )
        except service.AssignmentError as refused:
            form.comment.errors = [translate(refused.message, _)]
        else:
            flash(_("The assignment is marked."), "success")
            return redirect(url_for(".overview", cohort_id=cohort.id))
    return render_template(
        "assignments/mark.html", cohort=cohort, task=task, target=target, form=form
    )
