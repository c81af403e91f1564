"""Authors shape a course as a whole: create it, its settings and glossary, archive it;
admins say who may author it.

Blueprint `authoring_courses` under /trainer/authoring. Settings and glossary are saved into
the course's draft (learners see them after the next publish); every page answers 404 for a
course the person may not author (authoring.access).
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from qualify.accounts.models import User
from qualify.accounts.permissions import Permission, require_permission
from qualify.authoring import course_pages
from qualify.authoring import courses as service
from qualify.authoring.access import get_authorable_course_or_404
from qualify.authoring.course_forms import (
    ArchiveForm,
    CourseSettingsForm,
    GlossaryForm,
    GrantAuthorForm,
    NewCourseForm,
    WithdrawAuthorForm,
)
from qualify.authoring.courses import AuthoringError
from qualify.authoring.service import Saved
from qualify.core.clock import utcnow
from qualify.core.locales import isolated
from qualify.courses.coursefile import COURSE_FILE, GLOSSARY_FILE
from qualify.extensions import db

bp = Blueprint(
    "authoring_courses", __name__, template_folder="templates", url_prefix="/trainer/authoring"
)

REFUSALS = {
    "course_taken": _l("A course with this id exists already. Please choose another id."),
    "lesson_taken": _l("This course has a lesson with this id already."),
    "not_a_trainer": _l("No active trainer account has this e-mail address."),
    "already_author": _l("This trainer may author the course already."),
}


def me() -> User:
    return current_user._get_current_object()


@bp.route("/new", methods=["GET", "POST"])
@require_permission(Permission.AUTHOR_COURSES)
def create() -> str | Response:
    form = NewCourseForm()
    if form.validate_on_submit():
        try:
            course = service.create_course(
                db.session, course_pages.new_course(form), me(), utcnow()
            )
        except AuthoringError as refusal:
            form.course_id.errors.append(str(REFUSALS[refusal.code]))
        else:
            flash(
                _("The course is created as a draft. Learners see it once it is published."),
                "success",
            )
            return redirect(url_for(".settings", slug=course.slug))
    return render_template("authoring/course_new.html", form=form)


@bp.route("/<slug>/settings", methods=["GET", "POST"])
@require_permission(Permission.AUTHOR_COURSES)
def settings(slug: str) -> str | Response:
    course = get_authorable_course_or_404(db.session, me(), slug)
    form = CourseSettingsForm()
    if not form.is_submitted():
        course_pages.fill_settings(db.session, course, form)
    theirs = None
    if form.validate_on_submit():
        settings = course_pages.settings_of(form)
        try:
            result = service.save_settings(
                db.session, course, me(), settings, form.base.data, utcnow()
            )
        except AuthoringError as refusal:
            form.new_lesson_id.errors.append(str(REFUSALS[refusal.code]))
        else:
            if isinstance(result, Saved):
                flash(_("The settings are saved in the draft."), "success")
                return redirect(url_for(".settings", slug=slug))
            theirs = course_pages.after_conflict(form, result, COURSE_FILE)
    page = course_pages.settings_page(db.session, course, form, theirs)
    return render_template("authoring/course_settings.html", **page)


@bp.route("/<slug>/glossary", methods=["GET", "POST"])
@require_permission(Permission.AUTHOR_COURSES)
def glossary(slug: str) -> str | Response:
    course = get_authorable_course_or_404(db.session, me(), slug)
    form = GlossaryForm()
    if not form.is_submitted():
        course_pages.fill_glossary(db.session, course, form)
    theirs = None
    if form.validate_on_submit():
        result = service.save_glossary(
            db.session, course, me(), form.kept_terms(), form.base.data, utcnow()
        )
        if isinstance(result, Saved):
            flash(_("The glossary is saved in the draft."), "success")
            return redirect(url_for(".glossary", slug=slug))
        theirs = course_pages.after_conflict(form, result, GLOSSARY_FILE)
    page = course_pages.glossary_page(db.session, course, form, theirs)
    return render_template("authoring/course_glossary.html", **page)


@bp.route("/<slug>/archive", methods=["GET", "POST"])
@require_permission(Permission.AUTHOR_COURSES)
def archive(slug: str) -> str | Response:
    course = get_authorable_course_or_404(db.session, me(), slug)
    form = ArchiveForm()
    if form.validate_on_submit():
        if service.archive_course(db.session, course, me(), utcnow(), request.remote_addr):
            flash(_("The course is out of the catalogue. Learners keep their progress."), "success")
        else:
            flash(_("The course is not in the catalogue already."), "info")
        return redirect(url_for(".settings", slug=slug))
    return render_template("authoring/course_archive.html", course=course, form=form)


@bp.route("/<slug>/authors", methods=["GET", "POST"])
@require_permission(Permission.GRANT_AUTHORING)
def authors(slug: str) -> str | Response:
    course = get_authorable_course_or_404(db.session, me(), slug)
    form = GrantAuthorForm()
    if form.validate_on_submit():
        try:
            trainer = service.grant_author(
                db.session, course, form.email.data, me(), utcnow(), request.remote_addr
            )
        except AuthoringError as refusal:
            form.email.errors.append(str(REFUSALS[refusal.code]))
        else:
            flash(_("%(name)s may now author this course.", name=isolated(trainer.name)), "success")
            return redirect(url_for(".authors", slug=slug))
    people = service.course_authors(db.session, course.id)
    return render_template(
        "authoring/course_authors.html",
        course=course,
        form=form,
        authors=people,
        withdraw_form=WithdrawAuthorForm(),
    )


@bp.route("/<slug>/authors/<id:user_id>/withdraw", methods=["POST"])
@require_permission(Permission.GRANT_AUTHORING)
def withdraw(slug: str, user_id: int) -> Response:
    course = get_authorable_course_or_404(db.session, me(), slug)
    if WithdrawAuthorForm().validate_on_submit():
        try:
            trainer = service.withdraw_author(
                db.session, course, user_id, me(), utcnow(), request.remote_addr
            )
        except AuthoringError:
            abort(404)  # not an author of this course: as if the URL named nobody
        flash(
            _("%(name)s may no longer author this course.", name=isolated(trainer.name)), "success"
        )
    return redirect(url_for(".authors", slug=slug))
