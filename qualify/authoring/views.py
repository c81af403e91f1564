"""Authoring pages: the courses an author may edit, a course's draft and versions, the
lesson editor with preview and checks, a lesson's history and restore, publishing.

Blueprint `authoring` under /trainer/authoring. Every view loads the course through
get_authorable_course_or_404: a course the user may not author does not exist for them.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from qualify.accounts.permissions import Permission, require_permission
from qualify.authoring import lessons, overview, service
from qualify.authoring.access import authorable_courses, get_authorable_course_or_404
from qualify.authoring.drafts import DiffLine, lesson_path, line_diff, text_hash
from qualify.authoring.forms import ConfirmForm, LessonForm, PreviewForm, PublishForm
from qualify.core.clock import utcnow
from qualify.core.contentfile import EXPECTED_LOCALES, Problem
from qualify.courses.currency import ReviewRule
from qualify.courses.models import Course
from qualify.extensions import db
from qualify.web.i18n import site_today

bp = Blueprint("authoring", __name__, template_folder="templates", url_prefix="/trainer/authoring")


@bp.route("/")
@require_permission(Permission.AUTHOR_COURSES)
def index() -> str:
    courses = authorable_courses(db.session, current_user)
    drafts = service.courses_with_drafts(db.session, [c.id for c in courses])
    return render_template("authoring/index.html", courses=courses, drafts=drafts)


@bp.route("/<slug>/")
@require_permission(Permission.AUTHOR_COURSES)
def course(slug: str) -> str:
    return render_course(get_authorable_course_or_404(db.session, current_user, slug))


def render_course(
    course: Course, publish_form: PublishForm | None = None, problems: list[Problem] | None = None
) -> str:
    return render_template(
        "authoring/course.html",
        page=overview.course_overview(db.session, course, review_rule()),
        publish_form=publish_form or PublishForm(formdata=None),
        confirm=ConfirmForm(),
        refused=problems,
    )


def review_rule() -> ReviewRule:
    """Review dates are judged on today's date, with the site's review period."""
    return ReviewRule(site_today(), current_app.config["REVIEW_MONTHS"])


@bp.route("/<slug>/publish", methods=["POST"])
@require_permission(Permission.AUTHOR_COURSES)
def publish(slug: str) -> str | Response:
    course = get_authorable_course_or_404(db.session, current_user, slug)
    form = PublishForm()
    if not form.validate_on_submit():
        return render_course(course, form)
    result = service.publish(db.session, course, current_user, form.note.data, utcnow())
    if isinstance(result, service.PublishRefused):
        if result.nothing_to_publish:
            flash(_("The draft holds no changes: there is nothing to publish."), "info")
            return redirect(url_for(".course", slug=slug))
        return render_course(course, form, result.problems)
    flash(_("Version %(number)d is published: learners see it now.", number=result.version))
    return redirect(url_for(".course", slug=slug))


@bp.route("/<slug>/discard", methods=["POST"])
@require_permission(Permission.AUTHOR_COURSES)
def discard(slug: str) -> Response:
    course = get_authorable_course_or_404(db.session, current_user, slug)
    if ConfirmForm().validate_on_submit() and service.discard_draft(
        db.session, course, current_user, utcnow()
    ):
        flash(_("The draft is discarded. The published version stays as it was."), "info")
    return redirect(url_for(".course", slug=slug))


@bp.route("/<slug>/lessons/<lesson>/<locale>", methods=["GET", "POST"])
@require_permission(Permission.AUTHOR_COURSES)
def lesson(slug: str, lesson: str, locale: str) -> str | Response:
    course = get_authorable_course_or_404(db.session, current_user, slug)
    files = service.working_files(db.session, course)
    opened = overview.lesson_in_editor(db.session, course, lesson, locale, files) or abort(404)
    form = lesson_form(opened)
    if not form.validate_on_submit() or form.preview.data:
        return render_lesson(course, opened, form, files, typed=form.is_submitted())
    result = lessons.save_lesson(
        db.session,
        course,
        lesson,
        locale,
        form.lesson_text(),
        base=form.base.data,
        german_base=form.german_base.data,
        user=current_user,
        now=utcnow(),
    )
    if isinstance(result, service.Conflict):
        theirs = result.theirs[lesson_path(lesson, locale)]
        form.base.data = text_hash(theirs)  # saving again means: mine replaces theirs
        return render_lesson(course, opened, form, files, conflict=theirs or "")
    flash(_("The draft is saved. Learners see it once it is published."), "success")
    return redirect(url_for(".lesson", slug=slug, lesson=lesson, locale=locale))


def lesson_form(opened: overview.LessonInEditor) -> LessonForm:
    """The submitted form, or one filled from the file the editor opens."""
    form = LessonForm()
    if not form.is_submitted():
        form.base.data, form.german_base.data = opened.base, opened.german_base
        if opened.text is not None:
            form.fill(opened.text)
        elif "de" in opened.others:  # a new translation: as long as the German lesson
            form.minutes.data = opened.others["de"].minutes
    return form


def render_lesson(
    course: Course,
    opened: overview.LessonInEditor,
    form: LessonForm,
    files: dict[str, str],
    *,
    typed: bool = False,
    conflict: str | None = None,
) -> str:
    """The editor; with `typed`, preview and check show the text in the form, unsaved."""
    shown = form.lesson_text() if typed else None
    return render_template(
        "authoring/lesson.html",
        course=course,
        opened=opened,
        form=form,
        problems=overview.file_problems(db.session, course, files, opened, shown, review_rule()),
        checked_typed=typed,
        preview=overview.preview_html(db.session, course, form.markdown.data or "")
        if typed
        else None,
        **({"conflict": conflict} if conflict is not None else {}),
    )


@bp.route("/<slug>/preview", methods=["POST"])
@require_permission(Permission.AUTHOR_COURSES)
def preview(slug: str) -> str:
    """The preview that follows typing (authoring.js): the site's own renderer."""
    course = get_authorable_course_or_404(db.session, current_user, slug)
    form = PreviewForm()
    if not form.validate_on_submit():
        abort(400)
    return overview.preview_html(db.session, course, form.markdown.data or "")


@bp.route("/<slug>/lessons/<lesson>/<locale>/history")
@require_permission(Permission.AUTHOR_COURSES)
def history(slug: str, lesson: str, locale: str) -> str:
    course = get_authorable_course_or_404(db.session, current_user, slug)
    if locale not in EXPECTED_LOCALES:
        abort(404)
    entries = lessons.file_history(db.session, course, lesson_path(lesson, locale))
    diffs: list[list[DiffLine]] = [line_diff(e.before or "", e.after or "") for e in entries]
    return render_template(
        "authoring/history.html",
        course=course,
        lesson=lesson,
        locale=locale,
        entries=entries,
        diffs=diffs,
        confirm=ConfirmForm(),
        people=overview.names_of(db.session, {e.version.published_by for e in entries}),
    )


@bp.route("/<slug>/lessons/<lesson>/<locale>/restore/<int:number>", methods=["POST"])
@require_permission(Permission.AUTHOR_COURSES)
def restore(slug: str, lesson: str, locale: str, number: int) -> Response:
    course = get_authorable_course_or_404(db.session, current_user, slug)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    path = lesson_path(lesson, locale)
    result = lessons.restore_file(db.session, course, path, number, current_user, utcnow())
    if result is None:
        abort(404)
    if isinstance(result, service.Conflict):
        flash(_("Someone saved this lesson at the same moment. Please try again."), "error")
    else:
        flash(_("Version %(number)d is back in the draft. Check it, then publish.", number=number))
    return redirect(url_for(".lesson", slug=slug, lesson=lesson, locale=locale))
