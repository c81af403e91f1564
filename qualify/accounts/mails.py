"""The account mails (reset, confirmation, invitation, "you already have an account"),
rendered in the recipient's language with links built from QUALIFY_BASE_URL.

Services decide when a mail is sent and pass the kind; this module, which knows Flask and
templates, decides how it reads. It works in requests and in CLI commands alike (links are
built from the URL map, not from a request).
"""

from __future__ import annotations

from typing import Any

from flask import current_app, render_template
from flask_babel import LazyString, force_locale
from flask_babel import lazy_gettext as _l

from qualify.accounts.models import Role, TokenPurpose, User
from qualify.core.locales import text_direction

# What a role is called, in mails and on admin pages.
ROLE_LABELS: dict[Role, LazyString] = {
    Role.LEARNER: _l("Learner"),
    Role.TRAINER: _l("Trainer"),
    Role.ADMIN: _l("Administrator"),
}

SUBJECTS = {
    "password_reset": _l("Your new password for qualify"),
    "confirm_email": _l("Please confirm your e-mail address for qualify"),
    "already_registered": _l("You already have a qualify account"),
    "invitation": _l("Your invitation to qualify"),
}

LINK_ENDPOINTS = {
    TokenPurpose.PASSWORD_RESET: "accounts.reset_password",
    TokenPurpose.CONFIRM_EMAIL: "accounts.confirm_email",
    TokenPurpose.INVITATION: "accounts.accept_invitation",
}


class AccountMails:
    """What account services need to write a mail: links and rendered text (see
    `service.MailWriter`)."""

    def link(self, purpose: TokenPurpose, token: str) -> str:
        return site_url(LINK_ENDPOINTS[purpose], token=token)

    def compose(self, kind: str, user: User, link: str, **context: Any) -> tuple[str, str, str]:
        """Subject, plain text and HTML of an account mail, in the user's language."""
        with force_locale(user.locale):
            values = {
                "user": user,
                "link": link,
                "locale": user.locale,
                "direction": text_direction(user.locale),
                "login_link": site_url("accounts.login"),
                **context,
            }
            if "role" in context:
                values["role"] = str(ROLE_LABELS[Role(context["role"])])
            return (
                str(SUBJECTS[kind]),
                render_template(f"accounts/mail/{kind}.txt", **values),
                render_template(f"accounts/mail/{kind}.html", **values),
            )


def site_url(endpoint: str, **values: Any) -> str:
    """An absolute link to the site, from QUALIFY_BASE_URL, inside or outside a request."""
    path = current_app.url_map.bind("qualify").build(endpoint, values)
    return current_app.config["BASE_URL"] + path
