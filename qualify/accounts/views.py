"""Register, log in and out, edit the profile, switch the language."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from qualify.accounts import service
from qualify.accounts.forms import LoginForm, ProfileForm, RegisterForm
from qualify.accounts.models import User
from qualify.core.clock import utcnow
from qualify.core.locales import SUPPORTED_LOCALES
from qualify.extensions import db, limiter
from qualify.web.security import is_safe_next_url

bp = Blueprint("accounts", __name__, template_folder="templates")


def _next_url(default: str = "dashboard.index") -> str:
    target = request.args.get("next")
    return target if is_safe_next_url(target) else url_for(default)


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def register() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = RegisterForm(session=db.session, default_locale=str(get_locale()))
    if form.validate_on_submit():
        try:
            user = service.create_user(
                db.session,
                email=form.email.data,
                name=form.name.data,
                password=form.password.data,
                locale=form.locale.data,
            )
        except service.AccountError as refusal:
            form.show_refusal(refusal)
        else:
            sign_in(user)
            flash(_("Welcome, %(name)s! Your account is ready.", name=user.name), "success")
            return redirect(url_for("courses.catalogue"))
    return render_template("accounts/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute; 50 per hour", methods=["POST"])
def login() -> str | Response:
    if current_user.is_authenticated:
        return redirect(_next_url())
    form = LoginForm()
    if form.validate_on_submit():
        user = service.authenticate(db.session, form.email.data, form.password.data)
        if user is not None:
            sign_in(user, remember=form.remember.data)
            return redirect(_next_url())
        form.password.errors.append(_("E-mail address or password is not correct."))
    return render_template("accounts/login.html", form=form)


def sign_in(user: User, remember: bool = False) -> None:
    """A new login session for this browser; the CSRF secret is renewed with it (a token
    fetched before login is not accepted after)."""
    service.open_login_session(db.session, user)
    session.pop("csrf_token", None)
    login_user(user, remember=remember)


@bp.route("/logout", methods=["POST"])
def logout() -> Response:
    if current_user.is_authenticated:
        service.end_login_session(db.session, current_user.id, current_user.login_token, utcnow())
    logout_user()
    flash(_("You are logged out."), "info")
    return redirect(url_for("courses.catalogue"))


@bp.route("/profile/logout-everywhere", methods=["POST"])
@login_required
def logout_everywhere() -> Response:
    if FlaskForm().validate_on_submit():
        service.end_all_login_sessions(db.session, current_user.id, utcnow())
        logout_user()
        flash(_("You are logged out on all devices."), "info")
    return redirect(url_for("accounts.login"))


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile() -> str | Response:
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        service.update_profile(
            db.session, current_user.id, name=form.name.data, locale=form.locale.data
        )
        flash(_("Your profile was saved."), "success")
        return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form)


@bp.route("/language", methods=["POST"])
def set_language() -> Response:
    """The language switcher: remembered in the session, and as preference when logged in."""
    locale = request.form.get("locale", "")
    if locale in SUPPORTED_LOCALES:
        session["locale"] = locale
        if current_user.is_authenticated:
            service.update_profile(
                db.session, current_user.id, name=current_user.name, locale=locale
            )
    target = request.form.get("next")
    return redirect(target if is_safe_next_url(target) else url_for("courses.catalogue"))
