"""Forms of the quiz editor. A question's own inputs come from its type's editor template
and are read by the type (QuestionType.source_from_editor); these forms carry CSRF, the
hash of what the author started from, and the settings."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, RadioField, SelectChoice, SelectField, StringField
from wtforms.validators import AnyOf, DataRequired

from qualify.assessment.quizfile import Counts, Review
from qualify.core.contentfile import EXPECTED_LOCALES
from qualify.web.forms import Form


class QuestionForm(Form):
    """The editor of one question; `base` is the hash of the question it was opened on."""

    base = HiddenField()


class BaseForm(Form):
    """A button on a question (delete, restore) with the hash of the question as shown."""

    base = HiddenField(validators=[DataRequired()])


class MoveForm(Form):
    direction = StringField(validators=[AnyOf(["up", "down"])])  # the button pressed


DEFAULT = [SelectChoice("", _l("default"))]


class SettingsForm(Form):
    base = HiddenField()
    pass_mark = StringField(_l("Pass mark in percent"), description=_l("Default: 70."))
    draw = StringField(
        _l("Questions per attempt"),
        description=_l(
            "Empty: all questions. A number: so many drawn at random. Per topic tag: "
            "grundlagen: 4, recht: 3."
        ),
    )
    max_attempts = StringField(_l("Attempts"), description=_l("Empty: unlimited."))
    wait_minutes = StringField(
        _l("Waiting time between attempts in minutes"), description=_l("Default: 0.")
    )
    time_limit_minutes = StringField(_l("Time limit in minutes"), description=_l("Empty: none."))
    questions_per_page = StringField(_l("Questions per page"), description=_l("Default: 5."))
    shuffle_options = SelectField(
        _l("Shuffle options"),
        choices=DEFAULT + [SelectChoice("true", _l("yes")), SelectChoice("false", _l("no"))],
    )
    review = SelectField(
        _l("After submitting, learners see"),
        choices=DEFAULT
        + [
            SelectChoice(Review.SCORE.value, _l("the score only")),
            SelectChoice(Review.CORRECTNESS.value, _l("which answers were right")),
            SelectChoice(Review.FEEDBACK.value, _l("the right answers and all feedback")),
        ],
    )
    counts = SelectField(
        _l("The result is"),
        choices=DEFAULT
        + [
            SelectChoice(Counts.BEST.value, _l("the best attempt")),
            SelectChoice(Counts.LAST.value, _l("the last attempt")),
        ],
    )


class GiftUploadForm(Form):
    gift = FileField(
        _l("GIFT file (Moodle)"),
        validators=[FileRequired(_l("Please choose a file."))],
        description=_l("UTF-8 text, at most 1 MB."),
    )
    language = SelectField(
        _l("Language of the texts"),
        choices=[SelectChoice(locale, locale) for locale in EXPECTED_LOCALES],
        description=_l("For texts that are not marked with a language (multilang)."),
    )
    mode = RadioField(
        _l("The questions"),
        choices=[
            SelectChoice("append", _l("are added after the existing questions")),
            SelectChoice("replace", _l("replace all existing questions")),
        ],
        default="append",
    )


class GiftConfirmForm(Form):
    """Carries the checked file to the confirmation; it is checked again there."""

    text = HiddenField(validators=[DataRequired()])
    name = HiddenField(validators=[DataRequired()])
    language = HiddenField(validators=[AnyOf(list(EXPECTED_LOCALES))])
    mode = HiddenField(validators=[AnyOf(["append", "replace"])])
    base = HiddenField(validators=[DataRequired()])
