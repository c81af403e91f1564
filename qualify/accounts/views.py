"""Register, log in and out, edit the profile, switch the language."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from flask import (
    Blueprint,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_limiter import RequestLimit
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from qualify.accounts import service, tokens
from qualify.accounts.forms import (
    ForgotPasswordForm,
    LoginForm,
    ProfileForm,
    RegisterForm,
    ResetPasswordForm,
)
from qualify.accounts.models import TokenPurpose, User
from qualify.accounts.passwords import MIN_LENGTH
from qualify.core.clock import utcnow
from qualify.core.locales import SUPPORTED_LOCALES, text_direction
from qualify.extensions import db, limiter
from qualify.web.security import is_safe_next_url

bp = Blueprint("accounts", __name__, template_folder="templates")

DEACTIVATED = _l("This account is deactivated. Please contact the administrators of this site.")


def _next_url(default: str = "dashboard.index") -> str:
    target = request.args.get("next")
    return target if is_safe_next_url(target) else url_for(default)


def throttled(template: str, make_form: Callable[[], FlaskForm]) -> Callable[..., Response]:
    """Answer a breached limit with the form again, as typed, saying how long to wait."""

    def on_breach(limit: RequestLimit) -> Response:
        minutes = max(1, math.ceil((limit.reset_at - time.time()) / 60))
        page = render_template(template, form=make_form(), wait_minutes=minutes)
        return make_response(page, 429)

    return on_breach


def submitted_login_email() -> str:
    return "login:" + (request.form.get("email") or "").strip().lower()


def register_form() -> RegisterForm:
    return RegisterForm(session=db.session, default_locale=str(get_locale()))


# Limits per client address are high enough for a classroom behind one venue Wi-Fi; guessing
# is stopped per account: ten failed logins for one address, then a pause.
@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(
    "60 per hour",
    methods=["POST"],
    on_breach=throttled("accounts/register.html", register_form),
)
def register() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = register_form()
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
@limiter.limit(
    "120 per minute; 1000 per hour",
    methods=["POST"],
    on_breach=throttled("accounts/login.html", LoginForm),
)
@limiter.limit(
    "10 per 15 minutes",
    methods=["POST"],
    key_func=submitted_login_email,
    deduct_when=lambda response: response.status_code != 302,  # failed attempts only
    on_breach=throttled("accounts/login.html", LoginForm),
)
def login() -> str | Response:
    if current_user.is_authenticated:
        return redirect(_next_url())
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = service.authenticate(db.session, form.email.data, form.password.data)
        except service.AccountError:
            form.email.errors.append(DEACTIVATED)
        else:
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


def submitted_email() -> str:
    """Rate-limit key: the address a reset is asked for, so one inbox is not flooded."""
    return "reset:" + (request.form.get("email") or "").strip().lower()


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit("30 per hour", methods=["POST"])
@limiter.limit("5 per hour", methods=["POST"], key_func=submitted_email)
def forgot_password() -> str | Response:
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        email = form.email.data
        service.request_password_reset(db.session, email, reset_link, reset_mail, utcnow())
        message = _(
            "If an account exists for %(email)s, we have sent it a link to set a new password. "
            "The link is valid for one hour.",
            email=email,
        )
        flash(message, "info")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit("30 per hour", methods=["POST"])
def reset_password(token: str) -> str | Response | tuple[str, int]:
    if not tokens.is_usable(db.session, TokenPurpose.PASSWORD_RESET, token, utcnow()):
        return render_template("accounts/reset_password.html", form=None), 410
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            service.reset_password(db.session, token, form.password.data, utcnow())
        except tokens.TokenRefused:
            return render_template("accounts/reset_password.html", form=None), 410
        except service.AccountError:
            hint = _(
                "Choose a stronger password: at least %(n)s characters, not a common one, "
                "and not your name or e-mail address.",
                n=MIN_LENGTH,
            )
            form.password.errors.append(hint)
        else:
            flash(_("Your new password is set. Please log in."), "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form)


def reset_link(token: str) -> str:
    return current_app.config["BASE_URL"] + url_for("accounts.reset_password", token=token)


def reset_mail(user: User, link: str) -> tuple[str, str, str]:
    """The reset mail in the user's language: subject, plain text, HTML."""
    with force_locale(user.locale):
        context = {"user": user, "link": link, "direction": text_direction(user.locale)}
        return (
            _("Your new password for qualify"),
            render_template("accounts/mail/password_reset.txt", **context),
            render_template("accounts/mail/password_reset.html", **context),
        )
