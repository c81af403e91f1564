"""The funder report (blueprint `reports`, /trainer/report/): a printable page, and the same
table as CSV and XLSX. Admins see every group; trainers the groups they train."""

from __future__ import annotations

from flask import Blueprint, Response, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from qualify.accounts.permissions import Permission, require_permission
from qualify.extensions import db
from qualify.reports import service
from qualify.reports.forms import ReportFilterForm
from qualify.reports.report import GroupBy, build_report
from qualify.reports.table import Table, download_table, place_label, table_of
from qualify.web.downloads import FORMATS, download
from qualify.web.i18n import site_today

bp = Blueprint("reports", __name__, template_folder="templates", url_prefix="/trainer/report")


def filtered() -> tuple[ReportFilterForm, service.Period | None, Table | None]:
    """The filter from the URL and, when it is valid, the period and the computed table."""
    form = ReportFilterForm(request.args, today=site_today())
    if not form.validate():
        return form, None, None
    period = service.Period(form.first.data, form.last.data)
    locale = str(get_locale())
    facts = service.report_facts(db.session, current_user._get_current_object(), period, locale)
    report = build_report(facts, GroupBy(form.group_by.data), place_label)
    return form, period, table_of(report)


@bp.route("/")
@require_permission(Permission.MANAGE_COHORTS)
def report() -> str:
    form, period, table = filtered()
    return render_template(
        "reports/report.html", form=form, period=period, table=table, query=request.args
    )


@bp.route(f"/report.<{FORMATS}:fmt>")
@require_permission(Permission.MANAGE_COHORTS)
def download_report(fmt: str) -> Response:
    _form, period, table = filtered()
    if period is None or table is None:
        return redirect(url_for("reports.report", **request.args))
    name = f"{_('Funder report')} {period.first.isoformat()} {period.last.isoformat()}"
    return download(download_table(table, _("Funder report")), fmt, name)
