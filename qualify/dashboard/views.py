"""The learner's dashboard: courses with progress, qualifications, certificates."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from qualify.certificates.sharing import linkedin_links
from qualify.core.clock import utcnow
from qualify.dashboard.service import learner_dashboard
from qualify.extensions import db
from qualify.web.i18n import site_today

bp = Blueprint("dashboard", __name__, template_folder="templates")


@bp.route("/dashboard")
@login_required
def index() -> str:
    now = utcnow()
    dashboard = learner_dashboard(db.session, current_user.id, now, site_today())
    return render_template(
        "dashboard/index.html",
        dashboard=dashboard,
        now=now,
        linkedin=linkedin_links(dashboard.certificates, now),
    )
