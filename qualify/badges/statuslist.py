"""W3C Bitstring Status List v1.0: the revocation bits of every badge in one list. Pure.

Bit i of the list (counted from the left, the most significant bit of the first byte) is
set when the badge whose credentialStatus names index i is revoked. The list is GZIP-
compressed and written as multibase base64url ("u" and no padding), at least 131,072 bits
long (16 KiB) so that a verifier who fetches it learns nothing about which badge they hold.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import zlib
from collections.abc import Iterable
from typing import Any

LIST_BITS = 131_072
"""The list's length, the spec's minimum for herd privacy; every badge gets a random place."""
MAX_DECODED_BYTES = 16 * 1024 * 1024
"""A list received for verification may be at most this large unpacked (no gzip bombs)."""


class StatusListError(ValueError):
    """An encoded list that cannot be read."""


def encode_list(revoked: Iterable[int], bits: int = LIST_BITS) -> str:
    """The encodedList for a list of `bits` bits with the given indices set."""
    if bits % 8:
        raise ValueError("a status list is a whole number of bytes")
    data = bytearray(bits // 8)
    for index in revoked:
        if not 0 <= index < bits:
            raise ValueError(f"index {index} outside a list of {bits} bits")
        data[index // 8] |= 0x80 >> (index % 8)
    packed = gzip.compress(bytes(data), mtime=0)  # mtime 0: the same list, the same bytes
    return "u" + base64.urlsafe_b64encode(packed).rstrip(b"=").decode("ascii")


def decode_list(encoded: str) -> bytes:
    """The bitstring of an encodedList (raises StatusListError)."""
    if not encoded.startswith("u"):
        raise StatusListError("the list is not multibase base64url (it must start with 'u')")
    text = encoded[1:]
    try:
        packed = base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
        unpacker = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # gzip framing
        data = unpacker.decompress(packed, MAX_DECODED_BYTES)
    except (ValueError, zlib.error) as error:
        raise StatusListError(f"the list cannot be unpacked ({error})") from None
    if unpacker.unconsumed_tail:
        raise StatusListError("the list is larger than a status list can be")
    if not unpacker.eof or not data:
        raise StatusListError("the list is cut short or empty")
    return data


def bit_is_set(bitstring: bytes, index: int) -> bool:
    if not 0 <= index < len(bitstring) * 8:
        raise StatusListError(f"index {index} is outside the list ({len(bitstring) * 8} bits)")
    return bool(bitstring[index // 8] & (0x80 >> (index % 8)))


def status_list_credential(
    *,
    list_url: str,
    issuer_id: str,
    encoded: str,
    valid_from: str,
    ttl_seconds: int,
) -> dict[str, Any]:
    """The BitstringStatusListCredential that publishes the revocation list (unsigned)."""
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id,  # a URL: the VC context alone does not define a Profile
        "validFrom": valid_from,
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded,
            "ttl": ttl_seconds * 1000,  # milliseconds, as the spec counts it
        },
    }


def minute(moment: dt.datetime) -> dt.datetime:
    """Status lists carry the minute they were made: the same minute, the same content."""
    return moment.astimezone(dt.UTC).replace(second=0, microsecond=0)
