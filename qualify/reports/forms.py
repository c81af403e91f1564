"""The report's filter: a period and how to group. A GET form (no CSRF: it changes
nothing), so a filtered report is a link that can be shared or printed again."""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectChoice, SelectField
from wtforms.validators import DataRequired, ValidationError

from qualify.reports.report import GroupBy
from qualify.web.forms import Form

# Dates far outside the platform's life are typing errors (and year 9999 has no next day).
EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2099, 12, 31)


def plausible(_form: Form, field: DateField) -> None:
    if field.data is not None and not EARLIEST <= field.data <= LATEST:
        raise ValidationError(_l("Please enter a date between 2000 and 2099."))


class ReportFilterForm(Form):
    class Meta:
        csrf = False

    first = DateField(
        _l("From"),
        validators=[DataRequired(_l("Please enter a date.")), plausible],
    )
    last = DateField(
        _l("To (including)"),
        validators=[DataRequired(_l("Please enter a date.")), plausible],
    )
    group_by = SelectField(
        _l("One row per"),
        choices=[
            SelectChoice(GroupBy.COHORT.value, _l("group")),
            SelectChoice(GroupBy.PLACE.value, _l("Landkreis or city")),
            SelectChoice(GroupBy.QUALIFICATION.value, _l("qualification")),
        ],
    )

    def __init__(self, formdata: object, today: dt.date) -> None:
        """Without a filter in the URL: the current calendar year, one row per group."""
        super().__init__(
            formdata=formdata or None,
            first=dt.date(today.year, 1, 1),
            last=dt.date(today.year, 12, 31),
            group_by=GroupBy.COHORT.value,
        )

    def validate_last(self, field: DateField) -> None:
        if self.first.data and field.data and field.data < self.first.data:
            raise ValidationError(_l("The last day cannot be before the first day."))
