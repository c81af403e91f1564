"""Forms of the quiz: the answer page (buttons and CSRF; the inputs come from each question
type's template), and the trainer's marking form."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import (
    DecimalField,
    FormField,
    IntegerField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, StopValidation

from qualify.assessment.models import AttemptQuestion
from qualify.assessment.questiontypes import QUESTION_TYPES
from qualify.assessment.questiontypes.base import MAX_RESPONSE_CHARS
from qualify.assessment.review import Mark
from qualify.web.forms import Form, SubForm

MAX_VALUES_PER_PART = 100  # more than any question has options


class AttemptPageForm(Form):
    goto = IntegerField(validators=[Optional(), NumberRange(1, 999)])  # the navigator's buttons
    previous = SubmitField(_l("Save and go back"))
    next = SubmitField(_l("Save and continue"))
    save = SubmitField(_l("Save answers"))
    submit = SubmitField(_l("Submit for grading"))


def page_values(
    form: MultiDict[str, str], questions: Sequence[AttemptQuestion]
) -> dict[int, dict[str, list[str]]]:
    """The values sent for each question of the page, by part ("" or "<part>")."""
    values: dict[int, dict[str, list[str]]] = {q.position: {} for q in questions}
    prefixes = {q.input_name: q.position for q in questions}
    for key in form:
        name, _dash, part = key.partition("-")
        if name in prefixes:
            sent = form.getlist(key)[:MAX_VALUES_PER_PART]
            values[prefixes[name]][part] = [v[:MAX_RESPONSE_CHARS] for v in sent]
    return values


def saved_values(question: AttemptQuestion) -> dict[str, list[str]]:
    """Pre-fill a question's inputs with its saved response."""
    question_type = QUESTION_TYPES[question.spec["type"]]
    return question_type.form_values(question.spec["settings"], question.layout, question.response)


PLAIN_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def plain_number(_form: Form, field: DecimalField) -> None:
    """Points as written digits only: Decimal also reads 'sNaN', 'Infinity' and Arabic-Indic
    or full-width digits, which NumberRange cannot compare (it raised on 'sNaN')."""
    raw = (field.raw_data or [""])[0].strip()
    if not PLAIN_NUMBER.fullmatch(raw):
        raise StopValidation(_l("Enter the points as a number, for example 2 or 1.5."))


class MarkForm(SubForm):
    """A trainer's points and comment for one hand-graded answer (a sub-form, no CSRF)."""

    points = DecimalField(_l("Points"), places=None, validators=[InputRequired()])
    comment = TextAreaField(_l("Comment for the learner"), validators=[Length(max=5000)])


def build_marking_form(questions: Sequence[AttemptQuestion], **kwargs: Any) -> Form:
    """One MarkForm per hand-graded question, each limited to that question's points."""

    class MarkingForm(Form):
        save = SubmitField(_l("Save marks"))

    for question in questions:
        limit = question.spec["points"]

        class Bounded(MarkForm):
            points = DecimalField(
                _l("Points"),
                places=None,
                validators=[InputRequired(), plain_number, NumberRange(min=0, max=limit)],
            )

        setattr(MarkingForm, question.input_name, FormField(Bounded))
    return MarkingForm(**kwargs)


def marks_from(form: Form, questions: Sequence[AttemptQuestion]) -> dict[int, Mark]:
    """The trainer's marks from a validated marking form, by question position."""
    return {
        q.position: Mark(
            float(form[q.input_name].points.data or Decimal(0)),
            form[q.input_name].comment.data or "",
        )
        for q in questions
    }


class ExtraAttemptForm(Form):
    reason = StringField(_l("Reason (optional)"), validators=[Optional(), Length(max=500)])
    grant = SubmitField(_l("Grant one more attempt"))
