"""The learner's text and the trainer's mark."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, IntegerField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, NumberRange, Optional

from qualify.web.forms import Form


class AssignmentTextForm(Form):
    """Save a draft or hand in. `revision` is the submission's as the page showed it: a
    save from a stale tab is refused, with the text kept."""

    text = TextAreaField(_l("Your text"), render_kw={"rows": 24, "dir": "auto"})
    revision = HiddenField(default="0")
    save = SubmitField(_l("Save draft"))
    hand_in = SubmitField(_l("Hand in"))

    @property
    def revision_number(self) -> int:
        """The revision sent back; anything but a number is a stale form."""
        try:
            return int(self.revision.data or 0)
        except ValueError:
            return -1


class MarkForm(Form):
    points = IntegerField(
        _l("Points"), validators=[InputRequired(_l("Give the points.")), NumberRange(min=0)]
    )
    comment = TextAreaField(_l("Comment for the learner"), validators=[Optional()])

    def __init__(self, *args: object, max_points: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.points.validators = [
            InputRequired(_l("Give the points.")),
            NumberRange(min=0, max=max_points),
        ]
        self.points.render_kw = {"min": 0, "max": max_points, "step": 1}
