"""The site's base form: WTForms' own messages in the reader's language, from the site's
catalogs.

Flask-WTF takes "This field is required." or "Not a valid choice." from the catalogs bundled
with WTForms. Those have no Vietnamese (a Vietnamese page showed them in English) and word
the rest in their own style, so every form of the site derives from `Form`, which asks the
site's catalogs instead. The messages WTForms can show are marked below for `pybabel
extract`; tests/test_i18n.py checks the list against the installed WTForms and Flask-WTF.
"""

from __future__ import annotations

from typing import Any

import wtforms
from flask_babel import get_translations
from flask_wtf import FlaskForm


class SiteCatalogs:
    """A WTForms Meta: messages through the site's catalogs, in the page's language (WTForms
    puts the Meta of every base class together, so the rest of Flask-WTF's Meta stays)."""

    def get_translations(self, form: Any) -> Any:  # noqa: ARG002 (WTForms' signature)
        return get_translations()


class Form(FlaskForm):
    """A form of its own (with CSRF) whose built-in messages come from the site's catalogs."""

    Meta = SiteCatalogs


class SubForm(wtforms.Form):
    """A row inside a form (FormField: no CSRF of its own), in the site's catalogs too."""

    Meta = SiteCatalogs


def N_(message: str) -> str:  # noqa: N802 (gettext's name for a marker)
    """Marks a message of a library for extraction; WTForms translates it where shown."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802
    """Marks a library's plural message (`-k N_plural:1,2` of the Makefile's extract)."""
    return singular, plural


# What WTForms' fields and validators and Flask-WTF's file validators can show a person.
# Left out: the programmer's errors "Invalid field name '%s'." (EqualTo naming no field)
# and "Choices cannot be None." (raised, never shown), the reCAPTCHA texts (not used), and
# the CSRF texts (CSRFProtect refuses such a request before any form sees it: web/errors.py)
# and FileSize's (an f-string no catalog can hold; the site does not use FileSize).
LIBRARY_MESSAGES = (
    N_("Field must be equal to %(other_name)s."),
    N_plural(
        "Field must be at least %(min)d character long.",
        "Field must be at least %(min)d characters long.",
    ),
    N_plural(
        "Field cannot be longer than %(max)d character.",
        "Field cannot be longer than %(max)d characters.",
    ),
    N_plural(
        "Field must be exactly %(max)d character long.",
        "Field must be exactly %(max)d characters long.",
    ),
    N_("Field must be between %(min)d and %(max)d characters long."),
    N_("Number must be at least %(min)s."),
    N_("Number must be at most %(max)s."),
    N_("Number must be between %(min)s and %(max)s."),
    N_("Date must be at least %(min)s."),
    N_("Date must be at most %(max)s."),
    N_("Date must be between %(min)s and %(max)s."),
    N_("This field is required."),
    N_("Invalid input."),
    N_("Invalid email address."),
    N_("Invalid IP address."),
    N_("Invalid Mac address."),
    N_("Invalid URL."),
    N_("Invalid UUID."),
    N_("Invalid value, must be one of: %(values)s."),
    N_("Invalid value, can't be any of: %(values)s."),
    N_("This field cannot be edited."),
    N_("This field is disabled and cannot have a value."),
    N_("Invalid Choice: could not coerce."),
    N_("Not a valid choice."),
    N_("Invalid choice(s): one or more data inputs could not be coerced."),
    N_plural(
        "'%(value)s' is not a valid choice for this field.",
        "'%(value)s' are not valid choices for this field.",
    ),
    N_("Not a valid datetime value."),
    N_("Not a valid date value."),
    N_("Not a valid time value."),
    N_("Not a valid week value."),
    N_("Not a valid integer value."),
    N_("Not a valid decimal value."),
    N_("Not a valid float value."),
    N_("File does not have an approved extension: {extensions}"),
    N_("File does not have an approved extension."),
)
