"""A course's images for its authors (blueprint `authoring_images`): list, upload, delete."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from qualify.accounts.permissions import Permission, require_permission
from qualify.authoring import images
from qualify.authoring.access import get_authorable_course_or_404
from qualify.authoring.image_forms import DeleteImageForm, UploadImageForm, refusal_text
from qualify.core.clock import utcnow
from qualify.core.locales import isolated
from qualify.courses.imagefile import ImageRefusal
from qualify.courses.models import Course
from qualify.extensions import db, limiter

bp = Blueprint(
    "authoring_images", __name__, template_folder="templates", url_prefix="/trainer/authoring"
)


def actor() -> images.Actor:
    return images.Actor(current_user.id, request.remote_addr, utcnow())


def images_page(course: Course, form: UploadImageForm) -> str:
    entries = images.course_images(db.session, course)
    return render_template(
        "authoring/images.html",
        course=course,
        entries=entries,
        form=form,
        delete_form=DeleteImageForm(),
    )


@bp.route("/<slug>/images")
@require_permission(Permission.AUTHOR_COURSES)
def index(slug: str) -> str:
    course = get_authorable_course_or_404(db.session, current_user, slug)
    return images_page(course, UploadImageForm())


@bp.route("/<slug>/images", methods=["POST"])
@require_permission(Permission.AUTHOR_COURSES)
@limiter.limit("60 per hour", key_func=lambda: str(current_user.get_id()))
def upload(slug: str) -> str | Response:
    course = get_authorable_course_or_404(db.session, current_user, slug)
    form = UploadImageForm()
    if not form.validate_on_submit():
        return images_page(course, form)
    upload = form.image.data
    stored = images.upload_image(db.session, course, upload.filename or "", upload.read(), actor())
    if isinstance(stored, ImageRefusal):
        form.image.errors = [refusal_text(stored)]
        return images_page(course, form)
    flash(_("The image %(name)s is ready to use.", name=isolated(stored.name)), "success")
    return redirect(url_for(".index", slug=slug))


@bp.route("/<slug>/images/<name>/delete", methods=["POST"])
@require_permission(Permission.AUTHOR_COURSES)
def delete(slug: str, name: str) -> Response:
    course = get_authorable_course_or_404(db.session, current_user, slug)
    image = images.get_image(db.session, course, name)
    if image is None:
        abort(404)
    if not DeleteImageForm().validate_on_submit():
        abort(400)
    if images.delete_image(db.session, course, image, actor()):
        flash(_("The image %(name)s was deleted.", name=isolated(name)), "success")
    else:
        flash(_("The image %(name)s is shown in a lesson and stays.", name=isolated(name)), "error")
    return redirect(url_for(".index", slug=slug))
