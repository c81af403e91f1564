"""Forms of the cohort pages: the cohort's facts, its trainers, adding a participant."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    EmailField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from qualify.cohorts.places import DISTRICTS, ONLINE
from qualify.web.forms import Form


class CohortForm(Form):
    name = StringField(
        _l("Name of the group"),
        validators=[DataRequired(), Length(max=200)],
        description=_l("For example: KomBI 2027 Stendal"),
    )
    qualification = SelectField(_l("Qualification"), coerce=int)
    starts_on = DateField(_l("First day"), validators=[DataRequired()])
    ends_on = DateField(_l("Last day"), validators=[DataRequired()])
    place = SelectField(_l("Place"))
    capacity = IntegerField(
        _l("Places for participants"), validators=[DataRequired(), NumberRange(1, 1000)]
    )
    at_risk_days = IntegerField(
        _l("Mark participants without activity for this many days"),
        validators=[DataRequired(), NumberRange(1, 365)],
        default=14,
    )

    def __init__(self, *args: Any, qualifications: list[SelectChoice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.qualification.choices = qualifications
        self.place.choices = [
            *(SelectChoice(d, d) for d in DISTRICTS),
            SelectChoice(ONLINE, str(_l("Online"))),
        ]

    def validate_ends_on(self, field: DateField) -> None:
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The last day cannot be before the first day."))


class TrainersForm(Form):
    trainers = SelectMultipleField(
        _l("Trainers of the group"), coerce=int, validators=[DataRequired()]
    )

    def __init__(self, *args: Any, trainers: list[SelectChoice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.trainers.choices = trainers


class MemberForm(Form):
    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
        description=_l("People without an account get an invitation by e-mail."),
    )
    organisation = StringField(
        _l("Organisation (optional)"), validators=[Optional(), Length(max=200)]
    )


EXTRA_TIME_CHOICES = (0, 25, 50, 100)  # percent; the quiz's limit times 1.25, 1.5 or 2


class ExtraTimeForm(Form):
    """A participant's extra time in timed quizzes (an accommodation)."""

    extra_time_percent = SelectField(
        _l("Extra time in timed quizzes"),
        coerce=int,
        choices=[
            SelectChoice(percent, f"+{percent} %" if percent else _l("No extra time"))
            for percent in EXTRA_TIME_CHOICES
        ],
        validators=[InputRequired()],
    )
