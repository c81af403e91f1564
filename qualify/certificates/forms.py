"""Forms of the certificates' pages: the verify page's upload, the learner's name."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from qualify.accounts.forms import printable_name
from qualify.accounts.names import is_latin
from qualify.web.forms import Form

LATIN_RULE = _l("Use Latin letters only (A to Z, also with accents), spaces and hyphens.")


class CheckPdfForm(Form):
    pdf = FileField(
        _l("Certificate file (PDF)"),
        validators=[FileRequired(_l("Please choose a file."))],
        description=_l("The file is checked and not kept."),
    )


def latin_letters(_form: Form, field: StringField) -> None:
    if field.data and field.data.strip() and not is_latin(" ".join(field.data.split())):
        raise ValidationError(LATIN_RULE)


class HolderNameForm(Form):
    name = StringField(
        _l("Your name on the certificate"),
        validators=[DataRequired(), Length(max=200), printable_name],
        description=_l("As you write it, in your own script."),
        render_kw={"dir": "auto"},  # an Arabic name is typed right to left
    )
    name_latin = StringField(
        _l("Your name in Latin letters (optional)"),
        validators=[Optional(), Length(max=200), latin_letters],
        description=_l(
            "Only if your name is written in another script, e.g. Arabic or Cyrillic: "
            "it is printed below your name."
        ),
    )
