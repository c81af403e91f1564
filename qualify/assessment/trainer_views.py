"""Trainers' side of the quiz: all attempts of a course, grading essays, extra attempts.

Any trainer may review any course for now: trainers are not yet tied to courses (that
comes with cohorts). The permission is checked on every view.
"""

from __future__ import annotations

from decimal import Decimal

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from qualify.accounts.models import User
from qualify.accounts.permissions import Permission, require_permission
from qualify.assessment import review, service
from qualify.assessment.forms import ExtraAttemptForm, build_marking_form, input_name
from qualify.assessment.models import QuizAttempt
from qualify.assessment.questiontypes import QUESTION_TYPES
from qualify.assessment.views import get_quiz_or_404
from qualify.core.clock import utcnow
from qualify.courses.models import Course
from qualify.extensions import db

bp = Blueprint("quiz_review", __name__, template_folder="templates", url_prefix="/trainer")


def get_attempt_or_404(attempt_id: int) -> QuizAttempt:
    attempt = review.get_attempt(db.session, attempt_id)
    if attempt is None:
        abort(404)
    return attempt


@bp.route("/courses/<slug>/attempts")
@require_permission(Permission.REVIEW_ATTEMPTS)
def attempts(slug: str) -> str:
    course, quiz = get_quiz_or_404(slug)
    service.close_expired_attempts(db.session, utcnow(), quiz_id=quiz.id)
    pending_only = request.args.get("pending") == "1"
    return render_template(
        "assessment/trainer_attempts.html",
        course=course,
        quiz=quiz,
        attempts=review.attempts_for_quiz(db.session, quiz.id, pending_only=pending_only),
        pending_only=pending_only,
        grant_form=ExtraAttemptForm(),
    )


@bp.route("/attempts/<int:attempt_id>", methods=["GET", "POST"])
@require_permission(Permission.REVIEW_ATTEMPTS)
def attempt(attempt_id: int) -> str | Response:
    attempt = get_attempt_or_404(attempt_id)
    manual = [q for q in attempt.questions if QUESTION_TYPES[q.spec["type"]].manual]
    form = build_marking_form(manual) if attempt.is_pending else None
    if form is not None and form.validate_on_submit():
        marks = {
            q.position: review.Mark(
                float(form[input_name(q.position)].points.data or Decimal(0)),
                form[input_name(q.position)].comment.data or "",
            )
            for q in manual
        }
        hook = current_app.extensions["qualify.after_quiz_passed"]
        review.grade_by_hand(db.session, attempt, marks, current_user.id, utcnow(), hook)
        flash(_("The marks are saved."), "success")
        return redirect(url_for("quiz_review.attempt", attempt_id=attempt.id))
    course = db.session.get_one(Course, attempt.quiz.course_id)
    return render_template(
        "assessment/trainer_attempt.html", attempt=attempt, course=course, form=form
    )


@bp.route("/courses/<slug>/learners/<int:user_id>/extra-attempt", methods=["POST"])
@require_permission(Permission.REVIEW_ATTEMPTS)
def grant_extra_attempt(slug: str, user_id: int) -> Response:
    course, quiz = get_quiz_or_404(slug)
    learner = db.session.get(User, user_id)
    if learner is None:
        abort(404)
    form = ExtraAttemptForm()
    if form.validate_on_submit():
        reason = form.reason.data or ""
        review.grant_extra_attempt(db.session, quiz, learner.id, current_user.id, utcnow(), reason)
        flash(_("%(name)s can make one more attempt.", name=learner.name), "success")
    else:
        flash(_("The reason can be at most 500 characters long."), "error")
    return redirect(url_for("quiz_review.attempts", slug=course.slug))
