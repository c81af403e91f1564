"""The running site as badges see it: its issuer facts and its signing key (Flask)."""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app, url_for
from flask_babel import force_locale, gettext

from qualify.badges.credential import BadgeSite, fallback_issuer_name
from qualify.certificates.keys import SigningKey, SigningKeyError, load_signing_key
from qualify.core.messages import Message, translate
from qualify.legal.operator import facts_of

KEY = "qualify.badges.signing_key"  # app.extensions: the key, read once it exists


def current_site() -> BadgeSite:
    """Issuer = the operator named in operator.toml (the site's host until it is filled)."""
    config = current_app.config
    facts = facts_of(current_app.extensions)
    base_url = config["BASE_URL"]
    return BadgeSite(
        base_url=base_url,
        issuer_name=facts.get("name") or fallback_issuer_name(base_url),
        language=config["BABEL_DEFAULT_LOCALE"],
        issuer_email=facts.get("email"),
    )


def current_key() -> SigningKey | None:
    """The site's signing key, read from its files on first use; None while there is none
    (`qualify certificates init-key` creates it; the next request finds it)."""
    key = current_app.extensions.get(KEY)
    if key is None:
        try:
            key = load_signing_key(current_app.config["SIGNING_DIR"])
        except SigningKeyError:
            current_app.logger.warning("badges unavailable: %s", "no readable signing key")
            return None
        current_app.extensions[KEY] = key
    return key


def verify_url(code: str) -> str:
    return f"{current_app.config['BASE_URL']}{url_for('certificates.verify', code=code)}"


def in_language(language: str) -> Callable[[Message], str]:
    """Render Messages in `language` (a badge speaks the site's language, whoever asks)."""

    def render(message: Message) -> str:
        with force_locale(language):
            return translate(message, gettext)

    return render
