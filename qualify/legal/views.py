"""Imprint, privacy notice, accessibility statement and the barrier report form.

The long texts are one template per language (templates/legal/<lang>/), chosen by the
current locale with German as fallback; operator facts come from the operator file.
"""

from __future__ import annotations

import math
import time
from typing import Any

from flask import (
    Blueprint,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_limiter import RequestLimit
from werkzeug.wrappers import Response

from qualify.core.clock import utcnow
from qualify.extensions import db, limiter
from qualify.legal import service
from qualify.legal.forms import BarrierReportForm
from qualify.legal.operator import EXTENSION, OperatorFacts, facts_of
from qualify.legal.site_checks import OperatorWarning
from qualify.web.security import is_safe_next_url

bp = Blueprint("legal", __name__, template_folder="templates")

OPERATOR = EXTENSION  # app.extensions key: the OperatorFacts read at start-up
WARNINGS = "qualify.operator_warnings"  # app.extensions key: tuple of OperatorWarning

WARNING_TEXT = {
    OperatorWarning.FACTS_MISSING: _l(
        "The operator details are missing or incomplete. The imprint and the privacy notice "
        "show gaps. Fill in the operator file (operator.toml) and restart the site."
    ),
    OperatorWarning.NO_SMTP: _l(
        "No mail server is set (QUALIFY_SMTP_URL). Mails are only kept in a folder on the "
        "server: nobody receives password reset links."
    ),
    OperatorWarning.NO_REDIS: _l(
        "QUALIFY_REDIS_URL is not set. Limits against abuse are counted per app process. "
        "Set it when more than one process serves the site."
    ),
}


def operator_facts() -> OperatorFacts:
    return facts_of(current_app.extensions)


def operator_warning_context() -> dict[str, Any]:
    """Template context: the admins' warnings for this site (shown on /admin pages)."""
    warnings = current_app.extensions.get(WARNINGS, ())
    return {"operator_warnings": [WARNING_TEXT[w] for w in warnings]}


def _page(name: str, **context: Any) -> str:
    return render_template(f"legal/{name}.html", facts=operator_facts(), **context)


@bp.route("/imprint")
def imprint() -> str:
    return _page("imprint")


@bp.route("/privacy")
def privacy() -> str:
    config = current_app.config
    retention = {
        "unconfirmed_days": config["UNCONFIRMED_ACCOUNT_DAYS"],
        "audit_days": config["AUDIT_RETENTION_DAYS"],
        "record_days": config["RECORD_RETENTION_DAYS"],
    }
    return _page("privacy", retention=retention)


@bp.route("/accessibility")
def accessibility() -> str:
    return _page("accessibility")


def throttled_report(limit: RequestLimit) -> Response:
    """Too many reports from one address: the form again, as typed, saying how long to wait."""
    minutes = max(1, math.ceil((limit.reset_at - time.time()) / 60))
    page = _page("report", form=BarrierReportForm(), wait_minutes=minutes)
    return make_response(page, 429)


@bp.route("/accessibility/report", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"], on_breach=throttled_report)
def report() -> str | Response:
    form = BarrierReportForm()
    if not form.is_submitted():
        page = request.args.get("page")
        form.page_url.data = page if is_safe_next_url(page) else ""
    if form.validate_on_submit():
        service.report_barrier(
            db.session,
            accessibility_contact=operator_facts().get("accessibility.email"),
            compose=lambda locale: report_mail(form, locale),
            now=utcnow(),
        )
        flash(_("Thank you! We have received your report and will look at it."), "success")
        return redirect(url_for("legal.accessibility"))
    return _page("report", form=form)


def report_mail(form: BarrierReportForm, locale: str) -> service.Mail:
    """The report for one of the site's team, in their language: subject, text, HTML."""
    with force_locale(locale):
        context = {
            "report": form,
            "received_at": utcnow(),
            "link": current_app.config["BASE_URL"] + url_for("legal.accessibility"),
        }
        return (
            _("Barrier reported on qualify"),
            render_template("legal/mail/barrier_report.txt", **context),
            render_template("legal/mail/barrier_report.html", **context),
        )
