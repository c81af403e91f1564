"""Account forms. Database checks live in validate_<field> and get the session as context."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy.orm import Session
from wtforms import BooleanField, EmailField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from qualify.accounts.names import name_is_printable
from qualify.accounts.passwords import MIN_LENGTH, password_problems
from qualify.accounts.service import AccountError, find_user_by_email
from qualify.web.i18n import locale_choices


def language_choices() -> list[SelectChoice]:
    return [SelectChoice(code, name, render_kw={"lang": code}) for code, name in locale_choices()]


EMAIL_TAKEN = _l("An account with this e-mail address already exists.")
NAME_RULE = _l("Write your name on one line, without special control characters.")


def printable_name(_form: FlaskForm, field: StringField) -> None:
    if field.data and not name_is_printable(field.data):
        raise ValidationError(NAME_RULE)


PASSWORD_MESSAGES = {
    "too_short": _l("Use at least %(n)s characters.", n=MIN_LENGTH),
    "too_common": _l("This password is too easy to guess. Choose a less common one."),
    "contains_name": _l("Do not use your name or e-mail address in the password."),
}


class RegisterForm(FlaskForm):
    name = StringField(
        _l("Full name"), validators=[DataRequired(), Length(max=200), printable_name]
    )
    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
    )
    password = PasswordField(_l("Password"), validators=[DataRequired()])
    password_repeat = PasswordField(
        _l("Repeat password"),
        validators=[DataRequired(), EqualTo("password", _l("The passwords do not match."))],
    )
    locale = SelectField(_l("Preferred language"))

    def __init__(self, *args: Any, session: Session, default_locale: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._session = session
        self.locale.choices = language_choices()
        if not self.is_submitted():
            self.locale.data = default_locale

    def validate_email(self, field: StringField) -> None:
        if find_user_by_email(self._session, field.data or ""):
            raise ValidationError(EMAIL_TAKEN)

    def validate_password(self, field: PasswordField) -> None:
        if message := self._password_message():
            raise ValidationError(message)

    def show_refusal(self, error: AccountError) -> None:
        """Show a refusal the validators could not foresee (another registration took the
        address in the meantime) on the field it concerns."""
        if error.code == "weak_password":
            self.password.errors.append(self._password_message())
        else:
            self.email.errors.append(EMAIL_TAKEN)

    def _password_message(self) -> str:
        problems = password_problems(
            self.password.data or "", email=self.email.data or "", name=self.name.data or ""
        )
        return " ".join(str(PASSWORD_MESSAGES[p]) for p in problems)


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
    )


class ResetPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=256)])
    password_repeat = PasswordField(
        _l("Repeat password"),
        validators=[DataRequired(), EqualTo("password", _l("The passwords do not match."))],
    )


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired()])
    password = PasswordField(_l("Password"), validators=[DataRequired()])
    remember = BooleanField(_l("Stay signed in on this device"))


class ProfileForm(FlaskForm):
    name = StringField(
        _l("Full name"), validators=[DataRequired(), Length(max=200), printable_name]
    )
    locale = SelectField(_l("Preferred language"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.locale.choices = language_choices()
