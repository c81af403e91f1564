"""Trainers follow learners: enrolments per course, each learner's progress and result."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user

from qualify.accounts.permissions import Permission, require_permission
from qualify.courses.service import find_course
from qualify.extensions import db
from qualify.learners import service

bp = Blueprint("learners", __name__, template_folder="templates", url_prefix="/trainer/learners")


@bp.route("/")
@require_permission(Permission.VIEW_LEARNER_PROGRESS)
def by_course() -> str:
    rows = service.enrolments_by_course(db.session, current_user._get_current_object())
    return render_template("learners/courses.html", rows=rows)


@bp.route("/<slug>")
@require_permission(Permission.VIEW_LEARNER_PROGRESS)
def in_course(slug: str) -> str:
    course = find_course(db.session, slug)
    if course is None:
        abort(404)
    learners = service.learners_in_course(db.session, course, current_user._get_current_object())
    return render_template("learners/course.html", course=course, learners=learners)
