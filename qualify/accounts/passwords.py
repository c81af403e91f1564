"""Password hashing (argon2id) and the password policy, free of Flask and the database.

Strength is judged by zxcvbn, a well-kept estimator of how many guesses a password takes,
given the person's own name and e-mail address and a list of German words as context (its
own dictionaries are English): "Nguyen123456" is weak for Nguyễn Thị Lan.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib.resources import files

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

_hasher = PasswordHasher()

MIN_LENGTH = 10
MAX_LENGTH = 256  # argon2's cost does not grow with length; this caps the request size
# zxcvbn's score 0-4; 3 is "safely unguessable: moderate protection from offline attacks".
MIN_SCORE = 3
_ESTIMATED_PREFIX = 72  # zxcvbn refuses longer input; the start decides weakness anyway


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
    """Return the reasons (as message keys) why a password is not acceptable; empty if fine."""
    if len(password) < MIN_LENGTH:
        return ["too_short"]
    if len(password) > MAX_LENGTH:
        return ["too_long"]
    personal = personal_words(email=email, name=name)
    if _contains_any(plain_letters(password), personal):
        return ["contains_name"]
    estimate = zxcvbn(password[:_ESTIMATED_PREFIX], user_inputs=[*personal, *german_words()])
    return ["too_common"] if estimate["score"] < MIN_SCORE else []


def personal_words(*, email: str, name: str) -> list[str]:
    """Parts of the name and address someone might build a password from, in plain letters:
    "Nguyễn Thị Lan", "lan.nguyen@example.org" -> nguyen, thi, lan, lannguyen, example."""
    local, _, domain = email.lower().partition("@")
    words = re.split(r"[^a-z0-9]+", plain_letters(f"{name} {local} {domain.split('.')[0]}"))
    words.append(re.sub(r"[^a-z0-9]", "", plain_letters(local)))
    return sorted({word for word in words if len(word) >= 3})


def plain_letters(text: str) -> str:
    """Lower case without accents (ễ -> e, ß -> ss, đ -> d), as people type on any keyboard."""
    text = text.lower().replace("ß", "ss").replace("đ", "d").replace("ø", "o")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _contains_any(password: str, words: list[str]) -> bool:
    return any(len(word) >= 4 and word in password for word in words)


@cache
def german_words() -> tuple[str, ...]:
    lines = files("qualify.accounts").joinpath("common_passwords_de.txt").read_text("utf-8")
    return tuple(line for line in lines.splitlines() if line and not line.startswith("#"))
