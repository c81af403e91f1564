"""Password hashing (argon2id) and the password policy, free of Flask and the database."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()

MIN_LENGTH = 10
# A few passwords that pass a length rule but every attacker tries first.
_COMMON = frozenset(
    {
        "passwort123",
        "password123",
        "1234567890",
        "0123456789",
        "qwertzuiop",
        "qwertyuiop",
        "passwort1234",
        "password1234",
        "hallo12345",
        "willkommen1",
        "welcome123",
        "aaaaaaaaaa",
        "abcdefghij",
        "iloveyou12",
        "sommer2026",
        "winter2026",
    }
)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def password_problems(password: str, *, email: str = "", name: str = "") -> list[str]:
    """Return the reasons (as message keys) why a password is too weak; empty if it is fine."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append("too_short")
    lowered = password.lower()
    if lowered in _COMMON or len(set(password)) < 4:
        problems.append("too_common")
    local_part = email.split("@", 1)[0].lower()
    if (local_part and len(local_part) >= 4 and local_part in lowered) or (
        name and len(name) >= 4 and name.lower() in lowered
    ):
        problems.append("contains_name")
    return problems
