"""The quiz of a course: overview, start, answer, submit, review."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from qualify.assessment import service
from qualify.assessment.forms import build_answer_form, saved_values, submitted_values
from qualify.assessment.models import Quiz, QuizAttempt
from qualify.courses.models import Course
from qualify.courses.service import find_course, find_enrolment
from qualify.db import utcnow
from qualify.extensions import db

bp = Blueprint("assessment", __name__, template_folder="templates")


def get_quiz_or_404(slug: str) -> tuple[Course, Quiz]:
    course = find_course(db.session, slug)
    quiz = service.quiz_for_course(db.session, course.id) if course else None
    if course is None or quiz is None:
        abort(404)
    return course, quiz


def get_attempt_or_404(attempt_id: int) -> QuizAttempt:
    attempt = service.get_attempt_for(db.session, current_user.id, attempt_id)
    if attempt is None:
        abort(404)
    return attempt


@bp.route("/courses/<slug>/quiz")
@login_required
def overview(slug: str) -> str:
    course, quiz = get_quiz_or_404(slug)
    attempts = service.attempts_of(db.session, current_user.id, quiz.id)
    enrolled = find_enrolment(db.session, current_user.id, course.id) is not None
    return render_template(
        "assessment/overview.html",
        course=course,
        quiz=quiz,
        attempts=attempts,
        enrolled=enrolled,
        form=FlaskForm(),
    )


@bp.route("/courses/<slug>/quiz/start", methods=["POST"])
@login_required
def start(slug: str) -> Response:
    course, quiz = get_quiz_or_404(slug)
    if find_enrolment(db.session, current_user.id, course.id) is None:
        abort(403)
    if not FlaskForm().validate_on_submit():
        return redirect(url_for("assessment.overview", slug=slug))
    attempt = service.start_attempt(db.session, current_user.id, quiz, utcnow())
    return redirect(url_for("assessment.attempt", attempt_id=attempt.id))


@bp.route("/attempts/<int:attempt_id>", methods=["GET", "POST"])
@login_required
def attempt(attempt_id: int) -> str | Response:
    attempt = get_attempt_or_404(attempt_id)
    course = db.session.get_one(Course, attempt.quiz.course_id)
    if not attempt.is_open:
        return render_template("assessment/result.html", attempt=attempt, course=course)
    locale = str(get_locale())
    form = build_answer_form(attempt, locale, data=saved_values(attempt))
    if form.validate_on_submit():
        values = submitted_values(form, attempt)
        if form.submit.data:
            hook = current_app.extensions["qualify.after_quiz_passed"]
            service.submit_attempt(db.session, attempt, values, utcnow(), after_pass=hook)
            return redirect(url_for("assessment.attempt", attempt_id=attempt.id))
        service.save_answers(db.session, attempt, values)
        flash(_("Your answers are saved. You can continue later."), "success")
        return redirect(url_for("assessment.attempt", attempt_id=attempt.id))
    return render_template("assessment/attempt.html", attempt=attempt, course=course, form=form)
