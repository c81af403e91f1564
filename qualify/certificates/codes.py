"""Verification codes: 160 random bits in Crockford-free base32, easy to read and type."""

from __future__ import annotations

import base64
import re
import secrets

CODE_BYTES = 20  # 160 bits, above the 128 bits an unguessable code needs
_GROUP = 4
_ALLOWED = re.compile(r"^[A-Z2-7]{32}$")


def new_code() -> str:
    return base64.b32encode(secrets.token_bytes(CODE_BYTES)).decode("ascii").rstrip("=")


def normalise_code(text: str) -> str | None:
    """Accept codes typed with spaces, hyphens or lower case; None if it cannot be a code."""
    cleaned = re.sub(r"[\s-]", "", text).upper()
    return cleaned if _ALLOWED.match(cleaned) else None


def format_code(code: str) -> str:
    """Group in fours for print: ABCD-EFGH-..."""
    return "-".join(code[i : i + _GROUP] for i in range(0, len(code), _GROUP))
