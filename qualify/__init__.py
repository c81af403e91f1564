"""qualify: an e-learning and qualification platform. `create_app()` assembles the site."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # Flask is imported lazily so pure modules import without it.
    from flask import Flask

__all__ = ["create_app"]


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the Flask app: settings from QUALIFY_* variables, overridden by `config`."""
    from functools import partial

    from flask import Flask
    from flask_babel import lazy_gettext as _l

    from qualify import extensions
    from qualify.accounts import views as accounts_views
    from qualify.accounts.loader import load_user
    from qualify.accounts.permissions import Permission, has_permission
    from qualify.admin import views as admin_views
    from qualify.assessment import trainer_views as assessment_trainer_views
    from qualify.assessment import views as assessment_views
    from qualify.assignments import trainer_views as assignment_trainer_views
    from qualify.assignments import views as assignment_views
    from qualify.audit import service as audit_service
    from qualify.authoring import course_views as authoring_course_views
    from qualify.authoring import image_views as authoring_image_views
    from qualify.authoring import quiz_views as authoring_quiz_views
    from qualify.authoring import views as authoring_views
    from qualify.badges import views as badges_views
    from qualify.certificates import name_views as certificate_name_views
    from qualify.certificates import qualification_views
    from qualify.certificates import trainer_views as certificates_trainer_views
    from qualify.certificates import views as certificates_views
    from qualify.certificates.notices import award_and_tell
    from qualify.certificates.qualification_pages import qualification_index
    from qualify.config import load_config
    from qualify.courses import views as courses_views
    from qualify.dashboard import views as dashboard_views
    from qualify.jobs import dev_views
    from qualify.jobs.service import prune_finished_jobs
    from qualify.learners import (
        award_views,
        cohort_views,
        join_views,
        progress_views,
        roster_views,
        workshop_views,
    )
    from qualify.learners import views as learners_views
    from qualify.legal import views as legal_views
    from qualify.privacy import housekeeping
    from qualify.privacy import views as privacy_views
    from qualify.reports import views as reports_views
    from qualify.web import errors, templating
    from qualify.web.converters import IdConverter
    from qualify.web.i18n import select_locale
    from qualify.web.security import add_security_headers, refuse_nul_bytes

    app = Flask(
        __name__,
        instance_path=os.environ.get("QUALIFY_INSTANCE_PATH") or None,
        template_folder="web/templates",
        static_folder="web/static",
    )
    instance_path = Path(app.instance_path)
    instance_path.mkdir(parents=True, exist_ok=True)
    app.config.update(load_config(instance_path))
    if config:
        app.config.update(config)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )

    extensions.db.init_app(app)
    extensions.csrf.init_app(app)
    extensions.babel.init_app(app, locale_selector=select_locale)
    extensions.limiter.init_app(app)
    extensions.login_manager.init_app(app)
    extensions.login_manager.user_loader(load_user)
    extensions.login_manager.login_view = "accounts.login"
    extensions.login_manager.login_message_category = "info"
    # Flask-Login's own message is English only; this one is in the catalogs.
    extensions.login_manager.login_message = _l("Please log in to see this page.")

    # Awarding (and the mail about it) lives in certificates, which assessment must not
    # import: wire it here.
    app.extensions["qualify.after_quiz_passed"] = award_and_tell
    # A lesson newly marked as done may complete a qualification's lessons rule; the
    # catalogue, course pages and quiz results link to the qualifications a course counts
    # towards, which courses and assessment must not import either.
    app.extensions["qualify.after_lesson_completed"] = award_and_tell
    # A practice assignment marked as passed may complete a qualification, like an essay.
    app.extensions["qualify.after_assignment_marked"] = award_and_tell
    app.extensions["qualify.qualification_index"] = qualification_index

    # The worker's housekeeping cleans up packages above jobs: wire it here, one line each
    # (qualify/jobs/worker.py runs them at start and hourly; `qualify housekeeping` once).
    days, prune_days = app.config["UNCONFIRMED_ACCOUNT_DAYS"], app.config["RECORD_RETENTION_DAYS"]
    app.extensions["qualify.housekeeping"] = [
        partial(housekeeping.remove_unconfirmed_accounts, days=days),
        partial(housekeeping.prune_login_sessions, days=prune_days),
        housekeeping.prune_account_tokens,
        partial(prune_finished_jobs, days=prune_days),
        partial(audit_service.prune_expired, days=app.config["AUDIT_RETENTION_DAYS"]),
    ]

    app.url_map.converters["id"] = IdConverter  # before the routes that use it
    for blueprint in (
        courses_views.bp,
        accounts_views.bp,
        assessment_views.bp,
        assessment_trainer_views.bp,
        authoring_quiz_views.bp,
        certificates_views.bp,
        certificate_name_views.bp,
        qualification_views.bp,
        badges_views.bp,
        dashboard_views.bp,
        learners_views.bp,
        cohort_views.bp,
        roster_views.bp,
        join_views.bp,
        workshop_views.bp,
        progress_views.bp,
        award_views.bp,
        certificates_trainer_views.bp,
        assignment_views.bp,
        assignment_trainer_views.bp,
        privacy_views.bp,
        reports_views.bp,
        admin_views.bp,
        legal_views.bp,
        authoring_views.bp,
        authoring_image_views.bp,
        authoring_course_views.bp,
    ):
        app.register_blueprint(blueprint)
    if app.config["ENV_NAME"] == "development":
        app.register_blueprint(dev_views.bp)  # kept mails; these URLs exist nowhere else
    _read_operator_facts(app)
    app.context_processor(legal_views.operator_warning_context)
    templating.init_app(app)
    # Templates ask "may this user ...?"; web must not import accounts, so wire it here.
    app.jinja_env.globals.update(has_permission=has_permission, Permission=Permission)
    errors.init_app(app)
    add_security_headers(app)
    refuse_nul_bytes(app)
    _trust_proxies(app)
    return app


def _read_operator_facts(app: Flask) -> None:
    """Read the operator file once and log what a production site still lacks."""
    from qualify.certificates import document as certificate_document
    from qualify.legal import views as legal_views
    from qualify.legal.operator import load_operator_facts
    from qualify.legal.site_checks import log_lines, operator_warnings

    facts = load_operator_facts(app.config["OPERATOR_FILE"])
    warnings = operator_warnings(app.config, facts)
    app.extensions[legal_views.OPERATOR] = facts
    # Certificates name the operator as their issuer; certificates sits below legal.
    app.extensions[certificate_document.ISSUER] = facts.get("name")
    app.extensions[legal_views.WARNINGS] = warnings
    for line in log_lines(warnings, facts):
        app.logger.warning(line)


def _trust_proxies(app: Flask) -> None:
    """Behind QUALIFY_PROXY_COUNT reverse proxies, take the client's address, scheme and
    host from their X-Forwarded-* headers, so per-address limits and the audit log see the
    client rather than the load balancer. With 0 the headers are ignored (they can be forged)."""
    from werkzeug.middleware.proxy_fix import ProxyFix

    count = app.config["PROXY_COUNT"]
    if count > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)  # type: ignore[method-assign]
