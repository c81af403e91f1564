"""Verification codes: random, unambiguous in print, forgiving when typed. Pure.

New codes are 28 characters of Crockford's base32 (the digits and the letters without I, L,
O and U): 140 random bits, more than the 128 an unguessable code needs, in 7 groups of 4.
A reader cannot mistake a printed letter for a digit, and whoever types I or L for 1, or O
for 0, still finds the certificate.

Codes issued before are 32 characters of RFC 4648 base32 (160 bits), whose alphabet has I,
L and O. They stay stored as they were, and links and codes already handed out keep
verifying; but every certificate is printed with its code's bits written in Crockford's
alphabet (32 characters for an old code, 28 for a new one), so no printed code is ambiguous.
The length tells the two kinds apart.
"""

from __future__ import annotations

import re
import secrets

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RFC4648 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
CODE_BITS = 140
CODE_LENGTH = 28  # CODE_BITS / 5
LEGACY_LENGTH = 32  # 160 bits, RFC 4648 base32 without padding
_GROUP = 4
_TYPING = str.maketrans({"I": "1", "L": "1", "O": "0"})
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_.]")


def new_code() -> str:
    return _encode(secrets.randbits(CODE_BITS), CODE_LENGTH, CROCKFORD)


def printed_code(stored: str) -> str:
    """The code as certificates print it and links carry it: Crockford's alphabet."""
    if len(stored) == LEGACY_LENGTH and _valid(stored, RFC4648):
        return _encode(_decode(stored, RFC4648), LEGACY_LENGTH, CROCKFORD)
    return stored


def format_code(stored: str) -> str:
    """The printed code in groups of four: ABCD-EFGH-..."""
    code = printed_code(stored)
    return "-".join(code[i : i + _GROUP] for i in range(0, len(code), _GROUP))


def normalise_code(text: str) -> str | None:
    """The code someone typed, scanned or followed, without spaces, hyphens or lower case;
    None if it cannot be a code. A 32-character code stays as typed: it may be an old one,
    whose alphabet has I, L and O (see `stored_forms`)."""
    cleaned = _SEPARATORS.sub("", text).upper()
    if len(cleaned) == CODE_LENGTH:
        mapped = cleaned.translate(_TYPING)
        return mapped if _valid(mapped, CROCKFORD) else None
    if len(cleaned) == LEGACY_LENGTH and (
        _valid(cleaned, RFC4648) or _valid(cleaned.translate(_TYPING), CROCKFORD)
    ):
        return cleaned
    return None


def stored_forms(text: str) -> tuple[str, ...]:
    """Every stored code the text may stand for (at most two); empty if none."""
    code = normalise_code(text)
    if code is None:
        return ()
    if len(code) == CODE_LENGTH:
        return (code,)
    forms = []
    if _valid(code, RFC4648):  # an old code as printed before
        forms.append(code)
    mapped = code.translate(_TYPING)
    if _valid(mapped, CROCKFORD):  # an old code as printed now
        legacy = _encode(_decode(mapped, CROCKFORD), LEGACY_LENGTH, RFC4648)
        if legacy not in forms:
            forms.append(legacy)
    return tuple(forms)


def _valid(text: str, alphabet: str) -> bool:
    return all(ch in alphabet for ch in text)


def _encode(value: int, length: int, alphabet: str) -> str:
    digits = []
    for _ in range(length):
        value, digit = divmod(value, 32)
        digits.append(alphabet[digit])
    return "".join(reversed(digits))


def _decode(text: str, alphabet: str) -> int:
    value = 0
    for ch in text:
        value = value * 32 + alphabet.index(ch)
    return value
