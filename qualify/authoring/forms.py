"""Forms of the lesson editor and of publishing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, IntegerField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from qualify.courses.coursefile import LessonText, Review
from qualify.web.forms import Form

MAX_LESSON_CHARS = 60_000  # about 8,000 words: far more than one lesson should hold


class LessonForm(Form):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    minutes = IntegerField(
        _l("Minutes to work through it"), validators=[DataRequired(), NumberRange(1, 600)]
    )
    sources = TextAreaField(
        _l("Sources"),
        description=_l("One source per line: who published it, title, year, address."),
        validators=[Optional(), Length(max=5_000)],
    )
    # German lessons only (docs/content-format.md, "Review dates"); empty: no `reviewed:`.
    reviewed_on = DateField(
        _l("Facts last checked on"),
        description=_l(
            "When someone last checked the figures, laws and sources of this lesson. The "
            "check warns when the review is due again."
        ),
        validators=[Optional()],
    )
    reviewed_by = StringField(_l("Checked by"), validators=[Optional(), Length(max=200)])
    markdown = TextAreaField(
        _l("Text (Markdown)"),
        description=_l(
            "Headings start at ##. Links as [text](https://...). HTML is shown as text."
        ),
        validators=[DataRequired(), Length(max=MAX_LESSON_CHARS)],
    )
    base = HiddenField()
    german_base = HiddenField()
    preview = SubmitField(_l("Preview"))
    save = SubmitField(_l("Save draft"))

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        """A review needs both its date and who checked (each field alone is optional)."""
        valid = super().validate(extra_validators)
        if not self.reviewed_on.errors and bool(self.reviewed_on.data) != bool(
            (self.reviewed_by.data or "").strip()
        ):
            self.reviewed_by.errors = [_l("Give both the date and who checked, or neither.")]
            return False
        return valid

    def lesson_text(self) -> LessonText:
        lines = (self.sources.data or "").splitlines()
        by = (self.reviewed_by.data or "").strip()
        on = self.reviewed_on.data
        return LessonText(
            title=(self.title.data or "").strip(),
            minutes=self.minutes.data or 0,
            sources=tuple(line.strip() for line in lines if line.strip()),
            markdown=(self.markdown.data or "").replace("\r\n", "\n").strip(),
            reviewed=Review(on, by) if on and by else None,
        )

    def fill(self, text: LessonText) -> None:
        self.title.data, self.minutes.data = text.title, text.minutes
        self.sources.data, self.markdown.data = "\n".join(text.sources), text.markdown
        if text.reviewed is not None:
            self.reviewed_on.data, self.reviewed_by.data = text.reviewed.on, text.reviewed.by


class PreviewForm(Form):
    """What the editor's script sends to follow typing with a preview."""

    markdown = TextAreaField(validators=[Optional(), Length(max=MAX_LESSON_CHARS)])


class PublishForm(Form):
    note = StringField(
        _l("What changed (a short note for the history)"),
        validators=[DataRequired(), Length(max=500)],
    )


class ConfirmForm(Form):
    """A button that changes something, with its CSRF token."""
