"""Forms of the course pages: a new course, its settings, its glossary, archiving, authors.

Texts per language are one field per language in CONTENT_LOCALES (German first and
required), named `<what>_<locale>`, so the pages show the languages side by side.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from qualify.authoring.coursemeta import CONTENT_LOCALES, Term, objective_lines
from qualify.core.contentfile import ID_PATTERN
from qualify.web.forms import Form, SubForm


def strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


ID_HINT = _l("Lowercase letters, digits and hyphens, for example: datenschutz-im-verein.")
ID_RULE = Regexp(ID_PATTERN, message=_l("Use only lowercase letters, digits and hyphens."))
GERMAN_REQUIRED = _l("The German text is required.")


def id_field(label: Any, *, required: bool = True) -> StringField:
    first = DataRequired() if required else Optional()
    return StringField(
        label, filters=[strip], validators=[first, Length(max=100), ID_RULE], description=ID_HINT
    )


class NewCourseForm(Form):
    course_id = id_field(_l("Id of the course (part of its web address; cannot change later)"))
    title = StringField(
        _l("Title (German)"), filters=[strip], validators=[DataRequired(), Length(max=200)]
    )
    summary = TextAreaField(
        _l("Summary for the catalogue (German, 2 to 4 sentences)"),
        filters=[strip],
        validators=[DataRequired(), Length(max=2000)],
    )
    lesson_id = id_field(_l("Id of the first lesson"))
    lesson_title = StringField(
        _l("Title of the first lesson (German)"),
        filters=[strip],
        validators=[DataRequired(), Length(max=200)],
    )


class LessonPositionForm(SubForm):
    lesson = HiddenField()
    position = IntegerField(_l("Position"), validators=[InputRequired(), NumberRange(1, 999)])


class CourseSettingsForm(Form):
    base = HiddenField(validators=[InputRequired()])  # text_hash of the file as opened
    duration_minutes = IntegerField(
        _l("Duration in minutes (lessons and quiz)"),
        validators=[Optional(), NumberRange(1, 10_000)],
    )
    lessons = FieldList(FormField(LessonPositionForm))
    new_lesson_id = id_field(_l("Id of a new lesson"), required=False)
    new_lesson_title = StringField(
        _l("Title of the new lesson (German)"), filters=[strip], validators=[Length(max=200)]
    )

    def validate_new_lesson_title(self, field: StringField) -> None:
        if self.new_lesson_id.data and not field.data:
            raise ValidationError(_l("A new lesson needs a German title."))
        if field.data and not self.new_lesson_id.data:
            raise ValidationError(_l("Give the new lesson an id as well."))

    def new_lesson(self) -> tuple[str, str] | None:
        if not self.new_lesson_id.data:
            return None
        return self.new_lesson_id.data, self.new_lesson_title.data

    def texts(self, what: str) -> dict[str, str]:
        return {loc: self[f"{what}_{loc}"].data or "" for loc in CONTENT_LOCALES}

    def objectives(self) -> dict[str, tuple[str, ...]]:
        return {loc: objective_lines(text) for loc, text in self.texts("objectives").items()}

    def positions(self) -> dict[str, int]:
        return {entry.lesson.data: entry.position.data for entry in self.lessons}


def _german_first(locale: str) -> list[Any]:
    return [DataRequired(message=GERMAN_REQUIRED)] if locale == "de" else [Optional()]


for _locale in CONTENT_LOCALES:
    setattr(
        CourseSettingsForm,
        f"title_{_locale}",
        StringField(
            _l("Title"), filters=[strip], validators=[*_german_first(_locale), Length(max=200)]
        ),
    )
    setattr(
        CourseSettingsForm,
        f"summary_{_locale}",
        TextAreaField(
            _l("Summary"),
            filters=[strip],
            validators=[*_german_first(_locale), Length(max=2000)],
        ),
    )
    setattr(
        CourseSettingsForm,
        f"objectives_{_locale}",
        TextAreaField(
            _l("Learning objectives, one per line"),
            description=_l("After this course you can ..."),
            validators=[Length(max=5000)],
        ),
    )


class TermForm(SubForm):
    """One glossary entry; a row left empty adds nothing, a ticked one is deleted."""

    term_id = id_field(_l("Id"), required=False)
    delete = BooleanField(_l("Delete this term"))

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        if self.delete.data or self.is_blank():
            return ok
        if not self.term_id.data:
            self.term_id.errors.append(_l("Give the term an id."))
            ok = False
        for locale in CONTENT_LOCALES:
            pair = (self[f"term_{locale}"], self[f"definition_{locale}"])
            if locale == "de" or any(f.data for f in pair):
                for missing in (f for f in pair if not f.data):
                    missing.errors.append(
                        GERMAN_REQUIRED if locale == "de" else _l("Give term and explanation.")
                    )
                    ok = False
        return ok

    def is_blank(self) -> bool:
        return not self.term_id.data and not any(
            self[f"{what}_{loc}"].data for what in ("term", "definition") for loc in CONTENT_LOCALES
        )

    def term(self) -> Term:
        texts = {
            what: {loc: self[f"{what}_{loc}"].data or "" for loc in CONTENT_LOCALES}
            for what in ("term", "definition")
        }
        return Term(self.term_id.data, texts["term"], texts["definition"])


for _locale in CONTENT_LOCALES:
    setattr(
        TermForm,
        f"term_{_locale}",
        StringField(_l("Term"), filters=[strip], validators=[Length(max=200)]),
    )
    setattr(
        TermForm,
        f"definition_{_locale}",
        TextAreaField(_l("Plain explanation"), filters=[strip], validators=[Length(max=2000)]),
    )


class GlossaryForm(Form):
    base = HiddenField(validators=[InputRequired()])  # text_hash of the file as opened
    terms = FieldList(FormField(TermForm))

    def validate_terms(self, field: FieldList) -> None:
        seen: set[str] = set()
        for entry in field:
            term_id = entry.form.term_id.data
            if term_id and not entry.form.delete.data and term_id in seen:
                entry.form.term_id.errors.append(_l("This id is used twice."))
                raise ValidationError(_l("Each term needs its own id."))
            seen.add(term_id)

    def kept_terms(self) -> list[Term]:
        return [
            entry.form.term()
            for entry in self.terms
            if not entry.form.delete.data and not entry.form.is_blank()
        ]


class ArchiveForm(Form):
    confirm = BooleanField(
        _l("Yes, take this course out of the catalogue."), validators=[DataRequired()]
    )


class GrantAuthorForm(Form):
    email = EmailField(
        _l("E-mail address of the trainer"),
        filters=[strip],
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
    )


class WithdrawAuthorForm(Form):
    """Only the CSRF token: the trainer is named by the URL."""
