"""The learner's page of a qualification's practice assignment: the task, how it is
marked, the text (save a draft, hand in), the mark and earlier versions.

Blueprint `assignments`, /qualifications/<slug>/assignment: only the signed-in learner's
own work. Which qualification has which assignment comes from certificates (above this
package) through `app.extensions["qualify.qualification_index"]`.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from qualify.assignments import service
from qualify.assignments.forms import AssignmentTextForm
from qualify.assignments.handing_in import AssignmentTask
from qualify.core.clock import utcnow
from qualify.core.messages import translate
from qualify.extensions import db

bp = Blueprint("assignments", __name__, template_folder="templates")


def assignment_task_or_404(*, slug: str | None = None, id: int | None = None) -> AssignmentTask:  # noqa: A002
    """The practice assignment of an active qualification, or 404."""
    index = current_app.extensions["qualify.qualification_index"](db.session)
    task = index.assignment(slug=slug, id=id)
    if task is None:
        abort(404)
    return task


@bp.route("/qualifications/<slug>/assignment", methods=["GET", "POST"])
@login_required
def learner(slug: str) -> str | Response:
    task = assignment_task_or_404(slug=slug)
    work = service.learner_assignment(db.session, current_user.id, task) or abort(404)
    form = AssignmentTextForm(data={"text": work.draft_text, "revision": work.revision})
    if form.validate_on_submit():
        try:
            service.save_text(
                db.session,
                user_id=current_user.id,
                task=task,
                text=form.text.data or "",
                revision=form.revision_number,
                hand_in=bool(form.hand_in.data),
                now=utcnow(),
            )
        except service.AssignmentError as refused:
            work = service.learner_assignment(db.session, current_user.id, task) or abort(404)
            form.revision.data = str(work.revision)  # saving again keeps what was typed
            form.text.errors = [translate(refused.message, _)]
        else:
            flash(
                _("Your text is handed in.") if form.hand_in.data else _("Draft saved."), "success"
            )
            return redirect(url_for(".learner", slug=slug))
    return render_template("assignments/learner.html", work=work, form=form)
