"""The answer form of one attempt, built from its stored questions and their layouts."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import RadioField, SelectChoice, SelectMultipleField, SubmitField, widgets

from qualify.assessment.models import QuizAttempt
from qualify.web.i18n import pick_text


class CheckboxListField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class AnswerFormBase(FlaskForm):
    save = SubmitField(_l("Save answers"))
    submit = SubmitField(_l("Submit for grading"))


def field_name(position: int) -> str:
    return f"q{position}"


def _choices(spec: dict[str, Any], layout: dict[str, Any], locale: str) -> list[SelectChoice]:
    texts = {option["id"]: option["text"] for option in spec["settings"]["options"]}
    return [
        SelectChoice(token, pick_text(texts[option_id], locale))
        for token, option_id in layout["tokens"].items()
    ]


def build_answer_form(attempt: QuizAttempt, locale: str, **kwargs: Any) -> FlaskForm:
    """A form class per attempt: one field per question, options shown by opaque token."""

    class AnswerForm(AnswerFormBase):
        pass

    for question in attempt.questions:
        spec, layout = question.spec, question.layout
        label = Markup.escape(pick_text(spec["prompt"], locale))
        if spec["type"] == "multiple_choice":
            field = CheckboxListField(
                label, choices=_choices(spec, layout, locale), validate_choice=False
            )
        elif spec["type"] == "single_choice":
            field = RadioField(label, choices=_choices(spec, layout, locale), validate_choice=False)
        else:
            field = RadioField(
                label,
                choices=[SelectChoice("true", _l("True")), SelectChoice("false", _l("False"))],
                validate_choice=False,
            )
        setattr(AnswerForm, field_name(question.position), field)
    return AnswerForm(**kwargs)


def submitted_values(form: FlaskForm, attempt: QuizAttempt) -> dict[int, list[str]]:
    """The learner's raw answers per question position, as lists of strings."""
    values: dict[int, list[str]] = {}
    for question in attempt.questions:
        data = form[field_name(question.position)].data
        if data is None:
            values[question.position] = []
        elif isinstance(data, list):
            values[question.position] = [str(v) for v in data]
        else:
            values[question.position] = [str(data)]
    return values


def saved_values(attempt: QuizAttempt) -> dict[str, Any]:
    """Pre-fill the form with saved answers, translated back to this attempt's tokens."""
    data: dict[str, Any] = {}
    for question in attempt.questions:
        response = question.response
        name = field_name(question.position)
        if question.spec["type"] == "true_false":
            data[name] = {True: "true", False: "false"}.get(response)
            continue
        token_of = {option_id: token for token, option_id in question.layout["tokens"].items()}
        tokens = [token_of[o] for o in (response or []) if o in token_of]
        data[name] = (
            tokens
            if question.spec["type"] == "multiple_choice"
            else (tokens[0] if tokens else None)
        )
    return data
