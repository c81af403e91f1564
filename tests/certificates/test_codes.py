"""Verification codes: unambiguous in print, forgiving when typed, old codes still found."""

from __future__ import annotations

import base64
import secrets

from hypothesis import given
from hypothesis import strategies as st

from qualify.certificates.codes import (
    CODE_BITS,
    CODE_LENGTH,
    CROCKFORD,
    _encode,
    format_code,
    new_code,
    normalise_code,
    printed_code,
    stored_forms,
)

AMBIGUOUS = set("ILOU")


def new_code_from(value: int) -> str:
    return _encode(value, CODE_LENGTH, CROCKFORD)


def legacy_code(raw: bytes) -> str:
    """A code as issued before Crockford's alphabet: RFC 4648 base32 of 20 bytes."""
    return base64.b32encode(raw).decode("ascii")


def test_new_codes_are_random_long_and_unambiguous() -> None:
    codes = {new_code() for _ in range(500)}
    assert len(codes) == 500 and CODE_BITS >= 128
    assert {len(code) for code in codes} == {CODE_LENGTH}
    assert not AMBIGUOUS & set("".join(codes))
    assert len(set("".join(codes))) == 32  # the whole alphabet is used


@given(st.integers(min_value=0, max_value=2**CODE_BITS - 1))
def test_a_printed_new_code_finds_itself_however_it_is_typed(value: int) -> None:
    code = new_code_from(value)
    printed = format_code(code)
    assert printed.count("-") == 6 and printed.replace("-", "") == code
    for typed in (printed, printed.lower(), f"  {printed.replace('-', ' ')} ", code):
        assert stored_forms(typed) == (code,)
    misread = code.replace("1", "l").replace("0", "O")
    assert stored_forms(misread) == (code,)


@given(st.binary(min_size=20, max_size=20))
def test_old_codes_verify_as_printed_before_and_as_printed_now(raw: bytes) -> None:
    old = legacy_code(raw)
    now = printed_code(old)
    assert len(now) == 32 and not AMBIGUOUS & set(now)
    assert old in stored_forms(old)
    assert old in stored_forms(format_code(old).lower())
    assert old in stored_forms(now.replace("0", "O"))
    assert len(stored_forms(old)) <= 2


def test_what_cannot_be_a_code_is_refused() -> None:
    for text in ("", "nonsense", "U" * CODE_LENGTH, "0" * 31, "!" * 32, new_code() + "A"):
        assert normalise_code(text) is None
        assert stored_forms(text) == ()


def test_the_legacy_encoding_is_rfc_4648() -> None:
    raw = secrets.token_bytes(20)
    assert stored_forms(printed_code(legacy_code(raw)))[-1] == legacy_code(raw)
