"""Catalogue, course page, enrolment, lessons."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from qualify.core.clock import utcnow
from qualify.courses import service
from qualify.courses.imagestore import find_image
from qualify.courses.models import Course, Lesson
from qualify.extensions import db
from qualify.web.forms import Form

bp = Blueprint("courses", __name__, template_folder="templates")


def get_course_or_404(slug: str) -> Course:
    course = service.find_course(db.session, slug)
    if course is None:
        abort(404)
    return course


def get_lesson_or_404(course: Course, slug: str) -> Lesson:
    lesson = service.find_lesson(db.session, course, slug)
    if lesson is None:
        abort(404)
    return lesson


def visitor_id() -> int | None:
    return current_user.id if current_user.is_authenticated else None


def qualification_index() -> Any:
    """The qualifications and which courses count towards them (certificates'
    QualificationIndex; certificates sit above courses, so create_app wires it in)."""
    return current_app.extensions["qualify.qualification_index"](db.session)


@bp.route("/")
def catalogue() -> str:
    courses = service.catalogue(db.session)
    ids = [c.id for c in courses]
    return render_template(
        "courses/catalogue.html",
        courses=courses,
        progress=service.progress_by_course(db.session, visitor_id(), ids),
        languages=service.lesson_languages(db.session, ids),
        qualifications=qualification_index(),
    )


@bp.route("/courses/<slug>")
def course(slug: str) -> str:
    course = get_course_or_404(slug)
    page = service.course_page(db.session, visitor_id(), course)
    return render_template(
        "courses/course.html",
        course=course,
        page=page,
        form=Form(),
        counts_towards=qualification_index().for_course(course.slug),
    )


@bp.route("/courses/<slug>/enrol", methods=["POST"])
@login_required
def enrol(slug: str) -> Response:
    course = get_course_or_404(slug)
    if Form().validate_on_submit():
        service.enrol(db.session, current_user.id, course.id, utcnow())
        flash(_("You are enrolled. Start with the first lesson."), "success")
    return redirect(url_for("courses.course", slug=slug))


@bp.route("/courses/<slug>/lessons/<lesson_slug>")
@login_required
def lesson(slug: str, lesson_slug: str) -> str | Response:
    course = get_course_or_404(slug)
    lesson = get_lesson_or_404(course, lesson_slug)
    page = service.open_lesson(db.session, current_user.id, course, lesson)
    if page is None:
        flash(_("Please enrol in the course to read its lessons."), "info")
        return redirect(url_for("courses.course", slug=slug))
    return render_template(
        "courses/lesson.html",
        course=course,
        lesson=lesson,
        page=page,
        form=Form(),
        shown=lesson_language(lesson, str(get_locale()), request.args.get("in")),
    )


def lesson_language(lesson: Lesson, locale: str, asked: str | None) -> str:
    """The language a lesson is shown in: the one asked for (?in=en) if the lesson has it,
    else the reader's, else German."""
    for candidate in (asked, locale):
        if candidate in lesson.html:
            return candidate
    return "de"


@bp.route("/courses/<slug>/lessons/<lesson_slug>/done", methods=["POST"])
@login_required
def complete(slug: str, lesson_slug: str) -> Response:
    course = get_course_or_404(slug)
    lesson = get_lesson_or_404(course, lesson_slug)
    if service.find_enrolment(db.session, current_user.id, course.id) is None:
        abort(403)
    if Form().validate_on_submit():
        service.complete_lesson(
            db.session,
            current_user.id,
            lesson.id,
            utcnow(),
            current_app.extensions["qualify.after_lesson_completed"],
        )
        flash(_("Lesson marked as done."), "success")
    progress = service.progress_by_course(db.session, current_user.id, [course.id])[course.id]
    if progress.resume_lesson_id is None:
        return redirect(url_for("courses.course", slug=slug))
    next_slug = service.lesson_slug(db.session, progress.resume_lesson_id)
    return redirect(url_for("courses.lesson", slug=slug, lesson_slug=next_slug))


IMMUTABLE = "public, max-age=31536000, immutable"  # a name never changes its bytes


@bp.route("/courses/<slug>/images/<name>")
def image(slug: str, name: str) -> Response:
    """A lesson's image, public like the catalogue; 304 when the browser has it already."""
    image = find_image(db.session, slug, name)
    if image is None:
        abort(404)
    known = request.if_none_match.contains(image.sha256)
    response = Response(status=304) if known else Response(image.data, mimetype=image.content_type)
    response.set_etag(image.sha256)
    response.headers["Cache-Control"] = IMMUTABLE
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
