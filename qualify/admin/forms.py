"""Administration forms. The list filters are GET forms (no CSRF: they change nothing)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SearchField, SelectChoice, SelectField, StringField
from wtforms.validators import Length, Optional, Regexp

from qualify.admin.labels import ACTION_LABELS, ROLE_LABELS, STATUS_LABELS

ANY = SelectChoice("", _l("All"))
PERSON_RULE = _l("Enter an account number or an e-mail address.")


class RoleForm(FlaskForm):
    role = SelectField(
        _l("Role"), choices=[SelectChoice(r.value, label) for r, label in ROLE_LABELS.items()]
    )


class ActionForm(FlaskForm):
    """One button on a user's page (deactivate, reactivate, send a reset link): CSRF only."""


class FilterForm(FlaskForm):
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
