"""The "report a barrier" form of the accessibility statement."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from qualify.web.forms import Form

DESCRIPTION_MAX = 5000


class BarrierReportForm(Form):
    page_url = StringField(
        _l("Page with the barrier (address or name)"), validators=[Length(max=500)]
    )
    description = TextAreaField(
        _l("What does not work for you?"),
        validators=[
            DataRequired(_l("Please describe the barrier.")),
            Length(max=DESCRIPTION_MAX, message=_l("Please write at most %(max)d characters.")),
        ],
    )
    name = StringField(_l("Your name (optional)"), validators=[Length(max=200)])
    email = EmailField(
        _l("Your e-mail address (optional, if you want an answer)"),
        validators=[Optional(), Email(check_deliverability=False), Length(max=254)],
    )
