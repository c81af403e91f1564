"""A cohort's progress: the matrix of participants and required courses, the chart of
courses passed per week, and the downloads of the matrix and of workshop attendance.

Blueprint `progress` under /trainer/cohorts/<cohort_id>; only the cohort's trainers and
admins reach it (get_cohort_or_404). The downloads read the same tables the page shows.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from qualify.accounts.permissions import Permission, require_permission
from qualify.cohorts.lookups import get_cohort_or_404
from qualify.cohorts.models import Cohort
from qualify.core.paging import page_of
from qualify.extensions import db
from qualify.learners import progress_service
from qualify.learners.cohort_views import cohort_labels
from qualify.learners.progress_chart import bar_chart
from qualify.learners.progress_forms import ProgressFilterForm
from qualify.learners.progress_matrix import chosen
from qualify.learners.progress_tables import FIXED_COLUMNS, attendance_table, matrix_table
from qualify.web.downloads import FORMATS, download
from qualify.web.i18n import site_today

bp = Blueprint(
    "progress", __name__, template_folder="templates", url_prefix="/trainer/cohorts/<id:cohort_id>"
)
bp.context_processor(cohort_labels)

PER_PAGE = 50  # participants per page; the downloads hold all of them


@bp.route("/progress")
@require_permission(Permission.MANAGE_COHORTS)
def progress(cohort_id: int) -> str:
    cohort = get_cohort_or_404(cohort_id)
    form = ProgressFilterForm(request.args)
    data = _progress(cohort)
    page = page_of(
        chosen(data.rows, form.chosen_status(), form.chosen_sort()),
        request.args.get("page", 1, type=int),
        PER_PAGE,
    )
    table = matrix_table(data, page.items, _("Progress"))
    return render_template(
        "learners/progress.html",
        cohort=cohort,
        form=form,
        progress=data,
        page=page,
        rows=list(zip(page.items, table.rows, strict=True)),
        table=table,
        fixed=FIXED_COLUMNS,
        chart=bar_chart([week.passed for week in data.weeks]),
    )


@bp.route(f"/progress.<{FORMATS}:fmt>")
@require_permission(Permission.MANAGE_COHORTS)
def progress_download(cohort_id: int, fmt: str) -> Response:
    cohort, form = get_cohort_or_404(cohort_id), ProgressFilterForm(request.args)
    data = _progress(cohort)
    rows = chosen(data.rows, form.chosen_status(), form.chosen_sort())
    table = matrix_table(data, rows, _("Progress"))
    return download(table, fmt, cohort.name + " " + _("progress"))


@bp.route(f"/attendance.<{FORMATS}:fmt>")
@require_permission(Permission.MANAGE_COHORTS)
def attendance_download(cohort_id: int, fmt: str) -> Response:
    cohort = get_cohort_or_404(cohort_id)
    data = progress_service.cohort_attendance(db.session, cohort)
    return download(
        attendance_table(data, _("Attendance")), fmt, cohort.name + " " + _("attendance")
    )


def _progress(cohort: Cohort) -> progress_service.CohortProgress:
    return progress_service.cohort_progress(db.session, cohort, str(get_locale()), site_today())
