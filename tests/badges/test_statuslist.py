"""The Bitstring Status List: bit order, size, encoding, and lists that cannot be read."""

from __future__ import annotations

import base64
import gzip

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualify.badges.statuslist import (
    LIST_BITS,
    MAX_DECODED_BYTES,
    StatusListError,
    bit_is_set,
    decode_list,
    encode_list,
)

# The empty 16 KiB list of the W3C Bitstring Status List v1.0 examples.
SPEC_EMPTY_LIST = "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA"


@given(st.sets(st.integers(min_value=0, max_value=LIST_BITS - 1), max_size=50))
def test_exactly_the_revoked_bits_are_set(revoked: set[int]) -> None:
    bits = decode_list(encode_list(revoked))
    assert len(bits) * 8 == LIST_BITS
    probes = revoked | {0, 1, 7, 8, LIST_BITS - 1} | {i + 1 for i in revoked if i + 1 < LIST_BITS}
    for index in probes:
        assert bit_is_set(bits, index) is (index in revoked)


def test_index_zero_is_the_leftmost_bit() -> None:
    bits = decode_list(encode_list([0, 9]))
    assert bits[:2] == bytes([0b1000_0000, 0b0100_0000])


def test_the_encoding_is_multibase_base64url_of_gzip_and_repeatable() -> None:
    encoded = encode_list([3, 100_000])
    assert encoded.startswith("u") and "=" not in encoded and "+" not in encoded
    assert encoded == encode_list([100_000, 3])
    packed = base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4))
    assert gzip.decompress(packed)[0] == 0b0001_0000


def test_reads_the_specifications_example_list() -> None:
    bits = decode_list(SPEC_EMPTY_LIST)
    assert len(bits) == LIST_BITS // 8 and not any(bits)


@pytest.mark.parametrize(
    "encoded",
    ["H4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA", "u!!!", "uAAAA"],
)
def test_unreadable_lists_are_refused(encoded: str) -> None:
    with pytest.raises(StatusListError):
        decode_list(encoded)


def test_a_list_that_unpacks_too_large_is_refused() -> None:
    bomb = gzip.compress(bytes(MAX_DECODED_BYTES + 1))
    encoded = "u" + base64.urlsafe_b64encode(bomb).rstrip(b"=").decode()
    with pytest.raises(StatusListError, match="larger"):
        decode_list(encoded)


def test_indices_outside_the_list_are_refused() -> None:
    with pytest.raises(ValueError, match="outside"):
        encode_list([LIST_BITS])
    with pytest.raises(StatusListError, match="outside"):
        bit_is_set(bytes(2), 16)
