"""The deletion form: the password confirms it; the holder chooses what becomes of their
certificates."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, RadioField, SelectChoice
from wtforms.validators import DataRequired, Length

from qualify.web.forms import Form

KEEP, REVOKE = "keep", "revoke"


class DeleteAccountForm(Form):
    certificates = RadioField(
        _l("What should happen to your certificates?"),
        choices=[
            SelectChoice(
                KEEP, _l("Keep them valid. Employers can still check them, with my name.")
            ),
            SelectChoice(REVOKE, _l("Revoke them. A check then says they are no longer valid.")),
        ],
        default=KEEP,
    )
    password = PasswordField(
        _l("Your password"),
        validators=[DataRequired(_l("Enter your password to confirm.")), Length(max=256)],
    )

    @property
    def keep_certificates(self) -> bool:
        return self.certificates.data != REVOKE
