"""Trainers follow the learners of each course: progress and best quiz result."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, render_template

from qualify.accounts.models import User
from qualify.accounts.permissions import Permission, require_permission
from qualify.assessment.service import course_results
from qualify.courses import service as courses
from qualify.extensions import db

bp = Blueprint("cohorts", __name__, template_folder="templates", url_prefix="/trainer")


@bp.route("/courses")
@require_permission(Permission.VIEW_LEARNER_PROGRESS)
def course_list() -> str:
    catalogue = courses.catalogue(db.session)
    counts = courses.enrolment_counts(db.session)
    return render_template("cohorts/courses.html", courses=catalogue, counts=counts)


@bp.route("/courses/<slug>")
@require_permission(Permission.VIEW_LEARNER_PROGRESS)
def course_learners(slug: str) -> str:
    course = courses.find_course(db.session, slug)
    if course is None:
        abort(404)
    rows = courses.learners_progress(db.session, course)
    user_ids = [user_id for user_id, _progress in rows]
    users = {u.id: u for u in db.session.scalars(sa.select(User).where(User.id.in_(user_ids)))}
    results = course_results(db.session, user_ids, [course.id])
    learners = sorted(
        (
            (users[user_id], progress, results.get((user_id, course.id)))
            for user_id, progress in rows
        ),
        key=lambda row: row[0].name.lower(),
    )
    return render_template("cohorts/learners.html", course=course, learners=learners)
