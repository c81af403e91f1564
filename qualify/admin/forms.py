"""Administration forms. The list filters are GET forms (no CSRF: they change nothing)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    RadioField,
    SearchField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp, ValidationError

from qualify.accounts.forms import language_choices, printable_name
from qualify.accounts.models import Role
from qualify.accounts.names import name_is_printable
from qualify.admin.labels import ACTION_LABELS, ROLE_LABELS, STATUS_LABELS
from qualify.privacy.forms import KEEP, REVOKE
from qualify.web.forms import Form

ANY = SelectChoice("", _l("All"))
PERSON_RULE = _l("Enter an account number or an e-mail address.")


class RoleForm(Form):
    role = SelectField(
        _l("Role"), choices=[SelectChoice(r.value, label) for r, label in ROLE_LABELS.items()]
    )


class ActionForm(Form):
    """One button on a user's page (deactivate, reactivate, send a reset link): CSRF only."""


class InviteForm(Form):
    """Invite a person: the mail's link lets them set their name and password."""

    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
    )
    name = StringField(
        _l("Name (if known; the person can change it)"),
        validators=[Optional(), Length(max=200), printable_name],
    )
    role = SelectField(
        _l("Role"),
        choices=[SelectChoice(r.value, label) for r, label in ROLE_LABELS.items()],
        default=Role.LEARNER.value,
    )
    locale = SelectField(_l("Language of the invitation"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.locale.choices = language_choices()


class DeleteForm(Form):
    """Delete an account at its holder's request; the holder chose about the certificates."""

    certificates = RadioField(
        _l("The person's certificates"),
        choices=[
            SelectChoice(KEEP, _l("Keep them valid (checks show the name on the certificate)")),
            SelectChoice(REVOKE, _l("Revoke them")),
        ],
        default=KEEP,
    )
    confirmed = BooleanField(
        _l("The person asked for the deletion. It cannot be undone."),
        validators=[DataRequired(_l("Please confirm the deletion."))],
    )


def one_printable_line(_form: Form, field: StringField) -> None:
    if field.data and not name_is_printable(field.data):
        raise ValidationError(
            _l("Write the reason on one line, without special control characters.")
        )


class RevokeCertificateForm(Form):
    """Revoke one certificate; the reason is public (the verification page shows it)."""

    reason = StringField(
        _l("Reason (shown on the public verification page)"),
        filters=[lambda text: " ".join(text.split()) if text else text],
        validators=[
            DataRequired(_l("Please give the reason for the revocation.")),
            Length(max=500),
            one_printable_line,
        ],
    )


class FilterForm(Form):
    class Meta:
        csrf = False

    def __init__(self, formdata: object) -> None:
        super().__init__(formdata=formdata)


class UserFilterForm(FilterForm):
    q = SearchField(_l("Name or e-mail address"), validators=[Optional(), Length(max=200)])
    role = SelectField(
        _l("Role"),
        choices=[ANY, *(SelectChoice(r.value, label) for r, label in ROLE_LABELS.items())],
        validate_choice=True,
        default="",
    )
    status = SelectField(
        _l("Status"),
        choices=[ANY, *(SelectChoice(s.value, label) for s, label in STATUS_LABELS.items())],
        default="",
    )


PERSON = [
    Optional(),
    Length(max=254),
    Regexp(r"^\s*(\d{1,10}|[^@\s]+@[^@\s]+)\s*$", message=PERSON_RULE),
]


class AuditFilterForm(FilterForm):
    action = SelectField(
        _l("Action"),
        choices=[ANY, *(SelectChoice(a.value, label) for a, label in ACTION_LABELS.items())],
        default="",
    )
    actor = StringField(_l("Done by (account no. or e-mail)"), validators=PERSON)
    subject = StringField(_l("Concerning (account no. or e-mail)"), validators=PERSON)
    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("Until"), validators=[Optional()])
