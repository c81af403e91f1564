"""The password policy: zxcvbn with the person's name and address and German words."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualify.accounts.passwords import (
    MAX_LENGTH,
    password_problems,
    personal_words,
    plain_letters,
)

# The security review's examples (L2) and more of the same habits: words, a year, a digit.
WELL_KNOWN_WEAK = [
    "Passwort1!", "Sommer2025!", "Qwertz1234", "Admin12345", "Test123456", "Hallo123456",
    "ichliebedich", "Passwort123!", "Winter2026!", "Qwerty12345", "Password1!", "Welcome2026",
    "Fussball1!", "Schatz12345", "Berlin2026!", "Hallo1234!", "Dortmund09!", "Liebe12345",
    "Abc123456!", "Iloveyou1!",
]  # fmt: skip


@pytest.mark.parametrize("password", WELL_KNOWN_WEAK)
def test_well_known_weak_passwords_are_refused(password: str) -> None:
    assert password_problems(password) == ["too_common"]


def test_the_name_counts_even_without_its_accents() -> None:
    """The issue's example: Nguyen123456 for Nguyễn Thị Lan."""
    problems = password_problems("Nguyen123456", email="lan@example.org", name="Nguyễn Thị Lan")
    assert problems == ["contains_name"]
    assert password_problems("Xk3-Birkenwald-am-See", name="Nguyễn Thị Lan") == []


def test_the_address_counts() -> None:
    assert password_problems("amira.haddad!!", email="amira.haddad@example.org") == [
        "contains_name"
    ]


@pytest.mark.parametrize(
    "password", ["Birkenwald-am-See-3", "Kaffee und Kuchen im Park", "x7Gq!pL2vR9z"]
)
def test_strong_passwords_pass(password: str) -> None:
    assert password_problems(password, email="olena@example.org", name="Olena Koval") == []


def test_length_limits() -> None:
    assert password_problems("kurz") == ["too_short"]
    assert password_problems("a" * (MAX_LENGTH + 1)) == ["too_long"]
    assert password_problems("Birkenwald-am-See-3" * 13) == []  # long is fine up to the cap


def test_personal_words_are_plain_letters() -> None:
    assert plain_letters("Nguyễn Đức Straße") == "nguyen duc strasse"
    words = personal_words(email="lan.nguyen@example.org", name="Nguyễn Thị Lan")
    assert {"nguyen", "thi", "lan", "lannguyen", "example"} <= set(words)


@given(st.text(max_size=300))
def test_any_input_gives_known_reasons(password: str) -> None:
    problems = password_problems(password, name="Ana", email="ana@example.org")
    assert set(problems) <= {"too_short", "too_long", "too_common", "contains_name"}
