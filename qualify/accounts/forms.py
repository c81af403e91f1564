"""Account forms. Database checks live in validate_<field> and get the session as context."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from qualify.accounts.names import name_is_printable
from qualify.accounts.passwords import MAX_LENGTH, MIN_LENGTH, password_problems
from qualify.accounts.service import AccountError
from qualify.accounts.target_groups import NOT_STATED, WHY_WE_ASK, target_group_choices
from qualify.web.forms import Form
from qualify.web.i18n import locale_choices


def language_choices() -> list[SelectChoice]:
    return [SelectChoice(code, name, render_kw={"lang": code}) for code, name in locale_choices()]


NAME_RULE = _l("Write your name on one line, without special control characters.")


def printable_name(_form: Form, field: StringField) -> None:
    if field.data and not name_is_printable(field.data):
        raise ValidationError(NAME_RULE)


PASSWORD_MESSAGES = {
    "too_short": _l("Use at least %(n)s characters.", n=MIN_LENGTH),
    "too_common": _l("This password is too easy to guess. Choose a less common one."),
    "contains_name": _l("Do not use your name or e-mail address in the password."),
    "too_long": _l("Use at most %(n)s characters.", n=MAX_LENGTH),
}


def target_group_field() -> RadioField:
    """Optional: "not stated" is a choice of its own, and the default."""
    return RadioField(
        _l("Where do you work or volunteer?"),
        choices=target_group_choices(),
        default=NOT_STATED,
        description=WHY_WE_ASK,
    )


def password_message(password: str, *, email: str, name: str) -> str:
    """What is wrong with this password for this person, in words; empty if nothing."""
    problems = password_problems(password, email=email, name=name)
    return " ".join(str(PASSWORD_MESSAGES[p]) for p in problems)


class RegisterForm(Form):
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
    target_group = target_group_field()

    def __init__(self, *args: Any, default_locale: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.locale.choices = language_choices()
        if not self.is_submitted():
            self.locale.data = default_locale

    def validate_password(self, field: PasswordField) -> None:
        if message := self._password_message():
            raise ValidationError(message)

    def show_refusal(self, error: AccountError) -> None:
        """Show a refusal the validators could not foresee on the field it concerns."""
        if error.code == "weak_password":
            self.password.errors.append(self._password_message())
        else:
            self.name.errors.append(NAME_RULE)

    def _password_message(self) -> str:
        return password_message(
            self.password.data or "", email=self.email.data or "", name=self.name.data or ""
        )


class InvitationForm(Form):
    """Accepting an invitation: the invited person's name and a password."""

    name = StringField(
        _l("Full name"), validators=[DataRequired(), Length(max=200), printable_name]
    )
    password = PasswordField(_l("Password"), validators=[DataRequired()])
    password_repeat = PasswordField(
        _l("Repeat password"),
        validators=[DataRequired(), EqualTo("password", _l("The passwords do not match."))],
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._email = email

    def validate_password(self, field: PasswordField) -> None:
        message = password_message(field.data or "", email=self._email, name=self.name.data or "")
        if message:
            raise ValidationError(message)


class ForgotPasswordForm(Form):
    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
    )


class ResetPasswordForm(Form):
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=256)])
    password_repeat = PasswordField(
        _l("Repeat password"),
        validators=[DataRequired(), EqualTo("password", _l("The passwords do not match."))],
    )


class LoginForm(Form):
    email = EmailField(_l("E-mail address"), validators=[DataRequired()])
    password = PasswordField(_l("Password"), validators=[DataRequired()])
    remember = BooleanField(_l("Stay signed in on this device"))


class ProfileForm(Form):
    name = StringField(
        _l("Full name"), validators=[DataRequired(), Length(max=200), printable_name]
    )
    locale = SelectField(_l("Preferred language"))
    target_group = target_group_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.locale.choices = language_choices()
