"""Trainers' side of the quiz (blueprint `assessment_trainer`, under /trainer/quizzes): all
attempts of a course's quiz, marking essays, granting an extra attempt.

Any trainer may review any course for now: trainers are not yet tied to learners (that
comes with cohorts). The permission is checked on every view.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from qualify.accounts.permissions import Permission, require_permission
from qualify.assessment import review
from qualify.assessment.forms import ExtraAttemptForm, build_marking_form, marks_from
from qualify.assessment.lookups import (
    after_pass_hook,
    get_attempt_for_review_or_404,
    get_quiz_or_404,
)
from qualify.cohorts.lookups import get_learner_or_404
from qualify.core.clock import utcnow
from qualify.core.locales import isolated
from qualify.extensions import db

bp = Blueprint(
    "assessment_trainer", __name__, template_folder="templates", url_prefix="/trainer/quizzes"
)


@bp.route("/<slug>/attempts")
@require_permission(Permission.REVIEW_ATTEMPTS)
def attempts(slug: str) -> str:
    course, quiz = get_quiz_or_404(slug)
    pending_only = request.args.get("pending") == "1"
    rows = review.attempts_for_quiz(
        db.session,
        quiz,
        current_user._get_current_object(),
        utcnow(),
        pending_only=pending_only,
        after_pass=after_pass_hook(),
    )
    return render_template(
        "assessment/trainer_attempts.html",
        course=course,
        attempts=rows,
        pending_only=pending_only,
        grant_form=ExtraAttemptForm(),
    )


@bp.route("/attempts/<id:attempt_id>", methods=["GET", "POST"])
@require_permission(Permission.REVIEW_ATTEMPTS)
def attempt(attempt_id: int) -> str | Response:
    attempt = get_attempt_for_review_or_404(attempt_id)
    manual = review.hand_graded_questions(attempt)
    form = build_marking_form(manual) if attempt.is_pending else None
    if form is not None and form.validate_on_submit():
        marks = marks_from(form, manual)
        review.grade_by_hand(
            db.session,
            attempt,
            marks,
            current_user.id,
            utcnow(),
            after_pass_hook(),
            ip_address=request.remote_addr,
        )
        flash(_("The marks are saved."), "success")
        return redirect(url_for("assessment_trainer.attempt", attempt_id=attempt.id))
    course = attempt.quiz.course
    return render_template(
        "assessment/trainer_attempt.html", attempt=attempt, course=course, form=form
    )


@bp.route("/<slug>/learners/<id:user_id>/extra-attempt", methods=["POST"])
@require_permission(Permission.REVIEW_ATTEMPTS)
def grant_extra_attempt(slug: str, user_id: int) -> Response:
    course, quiz = get_quiz_or_404(slug)
    learner = get_learner_or_404(user_id)
    if learner.id == current_user.id:
        abort(403)  # nobody grants themself attempts
    form = ExtraAttemptForm()
    if form.validate_on_submit():
        reason = form.reason.data or ""
        review.grant_extra_attempt(
            db.session,
            quiz,
            learner.id,
            current_user.id,
            utcnow(),
            reason,
            ip_address=request.remote_addr,
        )
        flash(_("%(name)s can make one more attempt.", name=isolated(learner.name)), "success")
    else:
        flash(_("The reason can be at most 500 characters long."), "error")
    return redirect(url_for("assessment_trainer.attempts", slug=course.slug))
