"""The quiz editor (blueprint `authoring_quiz`, /trainer/authoring/<slug>/quiz/): the
question list, the settings, one editor per question type, a question's history with
restore, and questions from a GIFT file. Every view checks the author's right to the
course (get_authorable_course_or_404); changes go into the course's draft."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from qualify.accounts.models import User
from qualify.accounts.permissions import Permission, require_permission
from qualify.assessment.questiontypes import QUESTION_TYPES
from qualify.authoring import quiz_gift, quizzes
from qualify.authoring.access import get_authorable_course_or_404
from qualify.authoring.drafts import ABSENT
from qualify.authoring.quiz_forms import (
    BaseForm,
    GiftConfirmForm,
    GiftUploadForm,
    MoveForm,
    QuestionForm,
    SettingsForm,
)
from qualify.authoring.quiz_history import question_history, restore_question
from qualify.authoring.quiz_pages import (
    GiftUpload,
    after_gift,
    after_question,
    after_settings,
    editor_page,
    flash_outcome,
    gift_page,
    quiz_page,
    settings_page,
)
from qualify.authoring.quizdoc import mapping_hash, settings_from_values
from qualify.core.clock import utcnow
from qualify.courses.models import Course
from qualify.extensions import db

bp = Blueprint(
    "authoring_quiz", __name__, template_folder="templates", url_prefix="/trainer/authoring"
)


def _user() -> User:
    return current_user._get_current_object()


def _course(slug: str) -> Course:
    return get_authorable_course_or_404(db.session, _user(), slug)


@bp.route("/<slug>/quiz/")
@require_permission(Permission.AUTHOR_COURSES)
def questions(slug: str) -> str:
    course = _course(slug)
    return quiz_page(course, quizzes.quiz_draft(db.session, course), GiftUploadForm())


@bp.route("/<slug>/quiz/settings", methods=["GET", "POST"])
@require_permission(Permission.AUTHOR_COURSES)
def settings(slug: str) -> str | Response:
    course = _course(slug)
    draft = quizzes.quiz_draft(db.session, course)
    form = SettingsForm()
    if not form.validate_on_submit() or draft.doc is None:
        return settings_page(course, draft, form)
    outcome = quizzes.save_settings(
        db.session,
        course,
        _user(),
        lambda kept: settings_from_values(form.data, kept),
        form.base.data,
        utcnow(),
    )
    return after_settings(course, form, outcome)


@bp.route("/<slug>/quiz/new/<type_name>", methods=["GET", "POST"])
@require_permission(Permission.AUTHOR_COURSES)
def new_question(slug: str, type_name: str) -> str | Response:
    course = _course(slug)
    if type_name not in QUESTION_TYPES:
        abort(404)
    form = QuestionForm()
    if not form.validate_on_submit():
        return editor_page(course, form, type_name, None, {}, base=ABSENT)
    values = request.form.to_dict()
    source, outcome = quizzes.save_question(
        db.session, course, _user(), None, type_name, values, ABSENT, utcnow()
    )
    return after_question(course, form, type_name, None, values, source, outcome)


@bp.route("/<slug>/quiz/questions/<question_id>", methods=["GET", "POST"])
@require_permission(Permission.AUTHOR_COURSES)
def edit_question(slug: str, question_id: str) -> str | Response:
    course = _course(slug)
    found = quizzes.question_editor(quizzes.quiz_draft(db.session, course).doc, question_id)
    if found is None:
        abort(404)
    type_name, current = found
    form = QuestionForm()
    if not form.validate_on_submit():
        values = QUESTION_TYPES[type_name].editor_values(current)
        return editor_page(course, form, type_name, question_id, values, mapping_hash(current))
    values = request.form.to_dict()
    source, outcome = quizzes.save_question(
        db.session, course, _user(), question_id, type_name, values, form.base.data, utcnow()
    )
    return after_question(course, form, type_name, question_id, values, source, outcome)


@bp.route("/<slug>/quiz/questions/<question_id>/move", methods=["POST"])
@require_permission(Permission.AUTHOR_COURSES)
def move_question(slug: str, question_id: str) -> Response:
    course = _course(slug)
    form = MoveForm()
    if form.validate_on_submit():
        offset = -1 if form.direction.data == "up" else 1
        outcome = quizzes.move_question(db.session, course, _user(), question_id, offset, utcnow())
        flash_outcome(outcome, _("The order is saved in the draft."))
    return redirect(url_for(".questions", slug=course.slug, _anchor=f"q-{question_id}"))


@bp.route("/<slug>/quiz/questions/<question_id>/delete", methods=["POST"])
@require_permission(Permission.AUTHOR_COURSES)
def delete_question(slug: str, question_id: str) -> Response:
    course = _course(slug)
    form = BaseForm()
    if form.validate_on_submit():
        outcome = quizzes.delete_question(
            db.session, course, _user(), question_id, form.base.data, utcnow()
        )
        flash_outcome(outcome, _("The question is removed from the draft."))
    return redirect(url_for(".questions", slug=course.slug))


@bp.route("/<slug>/quiz/questions/<question_id>/history")
@require_permission(Permission.AUTHOR_COURSES)
def history(slug: str, question_id: str) -> str:
    course = _course(slug)
    draft = quizzes.quiz_draft(db.session, course)
    current = draft.doc.question(question_id) if draft.doc else None
    changes = question_history(db.session, course, question_id)
    if not changes and current is None:
        abort(404)
    return render_template(
        "authoring/quiz_history.html",
        course=course,
        question_id=question_id,
        current=current,
        changes=changes,
        form=BaseForm(base=mapping_hash(current)),
    )


@bp.route("/<slug>/quiz/questions/<question_id>/restore/<int:number>", methods=["POST"])
@require_permission(Permission.AUTHOR_COURSES)
def restore(slug: str, question_id: str, number: int) -> Response:
    course = _course(slug)
    form = BaseForm()
    if form.validate_on_submit():
        outcome = restore_question(
            db.session, course, _user(), question_id, number, form.base.data, utcnow()
        )
        if outcome is None:
            abort(404)
        flash_outcome(
            outcome, _("Version %(number)s of the question is in the draft.", number=number)
        )
    return redirect(url_for(".history", slug=course.slug, question_id=question_id))


@bp.route("/<slug>/quiz/gift", methods=["POST"])
@require_permission(Permission.AUTHOR_COURSES)
def upload_gift(slug: str) -> str:
    course = _course(slug)
    form = GiftUploadForm()
    if not form.validate_on_submit():
        return quiz_page(course, quizzes.quiz_draft(db.session, course), form)
    name = (form.gift.data.filename or "questions.gift").rsplit("/", 1)[-1][:100]
    data = form.gift.data.read(quiz_gift.MAX_GIFT_BYTES + 1)
    text, problems = quiz_gift.decode_gift(data, name)
    upload = GiftUpload(text or "", name, form.language.data, form.mode.data)
    preview = None
    if text is not None:
        replace = upload.mode == "replace"
        preview = quiz_gift.preview_gift(db.session, course, text, upload.language, replace, name)
    return gift_page(course, preview, problems, upload)


@bp.route("/<slug>/quiz/gift/confirm", methods=["POST"])
@require_permission(Permission.AUTHOR_COURSES)
def confirm_gift(slug: str) -> str | Response:
    course = _course(slug)
    form = GiftConfirmForm()
    if not form.validate_on_submit():
        flash(_("Nothing was imported. Please upload the file again."), "error")
        return redirect(url_for(".questions", slug=course.slug))
    result = quiz_gift.import_gift(
        db.session,
        course,
        _user(),
        form.text.data,
        form.language.data,
        form.mode.data == "replace",
        form.name.data,
        form.base.data,
        utcnow(),
    )
    return after_gift(course, form, result)
