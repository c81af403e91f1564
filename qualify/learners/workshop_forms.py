"""Forms of the workshop pages: a new session, and the attendance of its participants.

The attendance form has one row per participant, so its fields are read by name
(`mark-<user id>`, `hours-<user id>`) rather than declared.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from flask_babel import lazy_gettext as _l
from wtforms import DateField, StringField, TimeField
from wtforms.validators import DataRequired, Length, ValidationError

from qualify.web.forms import Form

WHOLE, PARTLY, ABSENT = "whole", "hours", "absent"


class WorkshopForm(Form):
    title = StringField(
        _l("Title of the workshop"),
        validators=[DataRequired(), Length(max=200)],
        description=_l("For example: Day 1 – Counselling in practice"),
    )
    held_on = DateField(_l("Date"), validators=[DataRequired()])
    starts_at = TimeField(_l("From"), validators=[DataRequired()])
    ends_at = TimeField(_l("Until"), validators=[DataRequired()])
    place = StringField(
        _l("Place"),
        validators=[DataRequired(), Length(max=200)],
        description=_l("Address or room"),
    )

    def validate_ends_at(self, field: TimeField) -> None:
        if field.data and self.starts_at.data and field.data <= self.starts_at.data:
            raise ValidationError(_l("The workshop must end after it starts."))


class AttendanceForm(Form):
    """CSRF and the rows' values; `read` turns them into hours per participant."""

    def read(
        self, form: Mapping[str, str], user_ids: Sequence[int], length: float
    ) -> tuple[dict[int, float | None], dict[int, str]]:
        """Hours present per participant (None: absent) and a message per wrong row."""
        hours_by_user: dict[int, float | None] = {}
        errors: dict[int, str] = {}
        for user_id in user_ids:
            mark = form.get(f"mark-{user_id}", ABSENT)
            if mark == WHOLE:
                hours_by_user[user_id] = length
            elif mark == PARTLY:
                hours = parse_hours(form.get(f"hours-{user_id}", ""))
                if hours is None or not 0 < hours <= length:
                    errors[user_id] = str(
                        _l("Please enter hours between 0 and %(most)s.", most=f"{length:g}")
                    )
                hours_by_user[user_id] = hours
            else:
                hours_by_user[user_id] = None
        return hours_by_user, errors


def parse_hours(text: str) -> float | None:
    """A number of hours as people type it ("1,5" or "1.5"); None if it is not one."""
    try:
        hours = float(text.strip().replace(",", "."))
    except ValueError:
        return None
    return round(hours, 2) if math.isfinite(hours) else None
