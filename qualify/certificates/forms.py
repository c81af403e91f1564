"""The verify page's upload form: a certificate PDF to check."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired


class CheckPdfForm(FlaskForm):
    pdf = FileField(
        _l("Certificate file (PDF)"),
        validators=[FileRequired(_l("Please choose a file."))],
        description=_l("The file is checked and not kept."),
    )
