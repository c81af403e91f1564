"""Register, log in and out, edit the profile, switch the language."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from flask import (
    Blueprint,
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
from werkzeug.wrappers import Response

from qualify.accounts import lifecycle, service, tokens
from qualify.accounts.forms import (
    NAME_RULE,
    ForgotPasswordForm,
    InvitationForm,
    LoginForm,
    ProfileForm,
    RegisterForm,
    ResetPasswordForm,
)
from qualify.accounts.mails import AccountMails
from qualify.accounts.models import TokenPurpose, User
from qualify.accounts.passwords import MIN_LENGTH
from qualify.accounts.target_groups import NOT_STATED, stored
from qualify.core.clock import utcnow
from qualify.core.locales import SUPPORTED_LOCALES, isolated
from qualify.extensions import db, limiter
from qualify.web.forms import Form
from qualify.web.security import is_safe_next_url

bp = Blueprint("accounts", __name__, template_folder="templates")

DEACTIVATED = _l("This account is deactivated. Please contact the administrators of this site.")


def _next_url(default: str = "dashboard.index") -> str:
    target = request.args.get("next")
    return target if is_safe_next_url(target) else url_for(default)


def throttled(template: str, make_form: Callable[[], Form]) -> Callable[..., Response]:
    """Answer a breached limit with the form again, as typed, saying how long to wait."""

    def on_breach(limit: RequestLimit) -> Response:
        minutes = max(1, math.ceil((limit.reset_at - time.time()) / 60))
        page = render_template(template, form=make_form(), wait_minutes=minutes)
        return make_response(page, 429)

    return on_breach


def registered(email: str, locale: str) -> None:
    """After registering: the login form knows the address, the site speaks the language
    just chosen, and a message says what happens next."""
    session["login_email"] = email
    session["locale"] = locale
    with force_locale(locale):
        message = _(
            "We have sent a message to %(email)s. Log in now with your e-mail address "
            "and password to start learning, and open the link in the message to "
            "confirm your address.",
            email=email,
        )
    flash(message, "success")


def submitted_login_email() -> str:
    return "login:" + (request.form.get("email") or "").strip().lower()


def register_form() -> RegisterForm:
    return RegisterForm(default_locale=str(get_locale()))


# Limits per client address are high enough for a classroom behind one venue Wi-Fi; guessing
# is stopped per account: ten failed logins for one address, then a pause.
@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(
    "60 per hour",
    methods=["POST"],
    on_breach=throttled("accounts/register.html", register_form),
)
def register() -> str | Response:
    """Answers alike for a new address and for one that has an account (whose owner gets a
    mail instead), so the form reveals nobody's address: both go on to the login page."""
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = register_form()
    if form.validate_on_submit():
        try:
            lifecycle.register(
                db.session,
                email=form.email.data,
                name=form.name.data,
                password=form.password.data,
                locale=form.locale.data,
                mails=AccountMails(),
                now=utcnow(),
                target_group=stored(form.target_group.data),
            )
        except service.AccountError as refusal:
            form.show_refusal(refusal)
        else:
            registered(form.email.data, form.locale.data)
            return redirect(url_for("accounts.login"))
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
    form = LoginForm(email=session.pop("login_email", None))
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
    if Form().validate_on_submit():
        service.end_all_login_sessions(db.session, current_user.id, utcnow())
        logout_user()
        flash(_("You are logged out on all devices."), "info")
    return redirect(url_for("accounts.login"))


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile() -> str | Response:
    form = ProfileForm(obj=current_user)
    if form.target_group.data is None:  # stored as NULL, or not sent: "not stated" is a choice
        form.target_group.data = NOT_STATED
    if form.validate_on_submit():
        service.update_profile(
            db.session,
            current_user.id,
            name=form.name.data,
            locale=form.locale.data,
            target_group=stored(form.target_group.data),
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
                db.session,
                current_user.id,
                name=current_user.name,
                locale=locale,
                target_group=current_user.target_group,
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
        service.request_password_reset(db.session, email, AccountMails(), utcnow())
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
            form.password.errors.append(_password_hint())
        else:
            flash(_("Your new password is set. Please log in."), "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form)


@bp.route("/confirm/<token>", methods=["GET", "POST"])
@limiter.limit("30 per hour", methods=["POST"])
def confirm_email(token: str) -> str | Response | tuple[str, int]:
    """A button, not the link itself, confirms: mail scanners that open links must not use
    up the token."""
    if not tokens.is_usable(db.session, TokenPurpose.CONFIRM_EMAIL, token, utcnow()):
        return render_template("accounts/confirm_email.html", form=None), 410
    form = Form()
    if form.validate_on_submit():
        try:
            lifecycle.confirm_email(db.session, token, utcnow())
        except tokens.TokenRefused:
            return render_template("accounts/confirm_email.html", form=None), 410
        flash(_("Thank you: your e-mail address is confirmed."), "success")
        return redirect(
            url_for("dashboard.index" if current_user.is_authenticated else "accounts.login")
        )
    return render_template("accounts/confirm_email.html", form=form)


@bp.route("/profile/confirmation", methods=["POST"])
@login_required
@limiter.limit("5 per hour", methods=["POST"])
def resend_confirmation() -> Response:
    if Form().validate_on_submit():
        lifecycle.send_confirmation(db.session, current_user, AccountMails(), utcnow())
        message = _("We have sent a new link to %(email)s.", email=current_user.email)
        flash(message, "info")
    return redirect(url_for("accounts.profile"))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@limiter.limit("30 per hour", methods=["POST"])
def accept_invitation(token: str) -> str | Response | tuple[str, int]:
    invited = tokens.user_of_usable(db.session, TokenPurpose.INVITATION, token, utcnow())
    if invited is None:
        return render_template("accounts/invitation.html", form=None), 410
    form = InvitationForm(email=invited.email, name=invited.name)
    if form.validate_on_submit():
        try:
            user = lifecycle.accept_invitation(
                db.session, token, name=form.name.data, password=form.password.data, now=utcnow()
            )
        except tokens.TokenRefused:
            return render_template("accounts/invitation.html", form=None), 410
        except service.AccountError as refusal:
            form.password.errors.append(
                _password_hint() if refusal.code == "weak_password" else NAME_RULE
            )
        else:
            logout_user()
            sign_in(user)
            flash(
                _("Welcome, %(name)s! Your account is ready.", name=isolated(user.name)), "success"
            )
            return redirect(url_for("dashboard.index"))
    return render_template("accounts/invitation.html", form=form, email=invited.email)


def _password_hint() -> str:
    return _(
        "Choose a stronger password: at least %(n)s characters, not a common one, "
        "and not your name or e-mail address.",
        n=MIN_LENGTH,
    )
