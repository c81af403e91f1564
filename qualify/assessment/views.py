"""The quiz of a course for learners: overview, start, answer page by page, submit, review."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from qualify.assessment import policy, service
from qualify.assessment.forms import AttemptPageForm, page_values, saved_values
from qualify.assessment.lookups import (
    after_pass_hook,
    get_own_attempt_or_404,
    get_quiz_or_404,
    qualification_minimums,
)
from qualify.assessment.models import AttemptQuestion, QuizAttempt
from qualify.assessment.questiontypes.cloze import split_cloze
from qualify.assessment.questiontypes.essay import count_words
from qualify.core.clock import utcnow
from qualify.courses.service import find_enrolment
from qualify.extensions import db
from qualify.web.forms import Form

bp = Blueprint("assessment", __name__, template_folder="templates")
bp.add_app_template_global(split_cloze)
bp.add_app_template_global(count_words)


def close_expired(user_id: int, quiz_id: int) -> None:
    service.close_expired_attempts(
        db.session, utcnow(), user_id=user_id, quiz_id=quiz_id, after_pass=after_pass_hook()
    )


@bp.route("/courses/<slug>/quiz")
@login_required
def overview(slug: str) -> str:
    course, quiz = get_quiz_or_404(slug)
    close_expired(current_user.id, quiz.id)
    attempts = service.attempts_of(db.session, current_user.id, quiz.id)
    return render_template(
        "assessment/overview.html",
        course=course,
        quiz=quiz,
        settings=quiz.settings,
        time_limit=policy.time_limit(quiz.settings, current_user.extra_time_percent),
        attempts=attempts,
        decision=service.start_decision(db.session, current_user.id, quiz, utcnow(), attempts),
        enrolled=find_enrolment(db.session, current_user.id, course.id) is not None,
        form=Form(),
        minimums=qualification_minimums(course.slug),
    )


@bp.route("/courses/<slug>/quiz/start", methods=["POST"])
@login_required
def start(slug: str) -> Response:
    course, quiz = get_quiz_or_404(slug)
    if find_enrolment(db.session, current_user.id, course.id) is None:
        abort(403)
    if not Form().validate_on_submit():
        return redirect(url_for("assessment.overview", slug=slug))
    try:
        attempt = service.start_attempt(db.session, current_user.id, quiz, utcnow())
    except service.AttemptRefused as refused:
        flash(refusal_message(refused.decision), "error")
        return redirect(url_for("assessment.overview", slug=slug))
    return redirect(url_for("assessment.attempt", attempt_id=attempt.id))


def refusal_message(decision: policy.StartDecision) -> str:
    if decision.refusal is policy.Refusal.WAITING and decision.available_at:
        return _(
            "You can start the next attempt on %(when)s.",
            when=format_datetime(decision.available_at, "medium"),
        )
    return _("You have used all your attempts. Your trainer can grant you another one.")


@bp.route("/attempts/<id:attempt_id>", methods=["GET", "POST"])
@login_required
def attempt(attempt_id: int) -> str | Response:
    attempt = get_own_attempt_or_404(attempt_id)
    close_expired(current_user.id, attempt.quiz_id)
    course = attempt.quiz.course
    if not attempt.is_open:
        return render_result(attempt)
    pages = policy.paginate(attempt.questions, attempt.quiz.settings.questions_per_page)
    page = min(max(request.args.get("page", 1, type=int), 1), len(pages))
    form = AttemptPageForm()
    if form.validate_on_submit():
        return answer_page(attempt, form, page, pages[page - 1])
    return render_template(
        "assessment/attempt.html",
        attempt=attempt,
        course=course,
        form=form,
        page=page,
        page_count=len(pages),
        questions=pages[page - 1],
        saved={q.position: saved_values(q) for q in pages[page - 1]},
        navigator=question_navigator(pages),
    )


def render_result(attempt: QuizAttempt) -> str:
    course = attempt.quiz.course
    return render_template(
        "assessment/result.html",
        attempt=attempt,
        course=course,
        level=service.review_level(db.session, attempt, utcnow()).value,
        short_of=short_of_minimums(attempt, course.slug),
    )


def short_of_minimums(attempt: QuizAttempt, course_slug: str) -> list:
    """The qualifications whose minimum a passed attempt's score does not reach: the result
    page must not say only "passed, well done" then."""
    if not attempt.passed or attempt.percent is None:
        return []
    return [m for m in qualification_minimums(course_slug) if attempt.percent < m.min_percent]


def question_navigator(pages: list[list[AttemptQuestion]]) -> list[tuple[int, int, bool]]:
    """(question number, its page, answered) for every question of the attempt."""
    return [
        (q.position, number, policy.is_answered(q.response))
        for number, questions in enumerate(pages, start=1)
        for q in questions
    ]


def answer_page(
    attempt: QuizAttempt, form: AttemptPageForm, page: int, questions: list
) -> Response:
    """Save (or submit) one page's answers, then go where the learner asked."""
    values = page_values(request.form, questions)
    if form.submit.data:
        service.submit_attempt(db.session, attempt, values, utcnow(), after_pass_hook())
        return redirect(url_for("assessment.attempt", attempt_id=attempt.id))
    saved = service.save_answers(db.session, attempt, values, utcnow())
    if request.headers.get("X-Requested-With") == "fetch":  # the page's background autosave
        return Response(status=204 if saved else 409)  # its script tells the learner a 409
    if not saved:
        flash(_("The time is over. Your answers saved before the end were graded."), "error")
        return redirect(url_for("assessment.attempt", attempt_id=attempt.id))
    target = page - 1 if form.previous.data else page + 1 if form.next.data else page
    target = form.goto.data or target  # a question chosen in the navigator
    if form.save.data:
        flash(_("Your answers are saved. You can continue later."), "success")
    return redirect(url_for("assessment.attempt", attempt_id=attempt.id, page=target))
