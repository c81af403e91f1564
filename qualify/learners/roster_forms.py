"""Forms for adding participants from a list: the upload, and the confirmation that
carries the checked rows (signed, so they cannot be changed on the way)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import HiddenField
from wtforms.validators import DataRequired

from qualify.web.forms import Form


class RosterUploadForm(Form):
    roster = FileField(
        _l("Participant list (CSV or XLSX)"),
        validators=[
            FileRequired(_l("Please choose a file.")),
            FileAllowed(["csv", "xlsx"], _l("Please choose a CSV or XLSX file.")),
        ],
        description=_l(
            "One row per person. Columns: Name, E-Mail, and if you like Organisation, "
            "Sprache (de or en) and Zielgruppe (Verwaltung, Migrantenorganisation or "
            "Sonstige; for new accounts only). The first row names the columns."
        ),
    )


class RosterConfirmForm(Form):
    rows = HiddenField(validators=[DataRequired()])
