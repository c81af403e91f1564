"""The learner's dashboard: courses with progress, qualifications, certificates."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from qualify.assessment.service import course_results
from qualify.certificates.service import qualification_overview
from qualify.courses import service as courses
from qualify.extensions import db

bp = Blueprint("dashboard", __name__, template_folder="templates")


@bp.route("/dashboard")
@login_required
def index() -> str:
    enrolled = courses.enrolled_courses(db.session, current_user.id)
    course_ids = [c.id for c in enrolled]
    progress = courses.progress_by_course(db.session, current_user.id, course_ids)
    resume = courses.lesson_slugs(db.session, [p.resume_lesson_id for p in progress.values()])
    results = course_results(db.session, [current_user.id])
    qualifications = qualification_overview(db.session, current_user.id, results)
    return render_template(
        "dashboard/index.html",
        enrolled=enrolled,
        progress=progress,
        resume=resume,
        results={course_id: r for (_user, course_id), r in results.items()},
        qualifications=qualifications,
    )
