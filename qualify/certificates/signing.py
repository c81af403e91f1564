"""Sign a certificate PDF (PAdES B-B, pyHanko) with the site's key, the same way every time.

Pure. The signature certifies the document (DocMDP: no changes allowed), so a viewer shows
who issued it and any change to the file breaks it. Signing a rendered certificate again
gives the same bytes: the signing time is the issue time (or, for a certificate issued
before the key existed, the key's start), the ECDSA signature is deterministic (RFC 6979),
and the document's second id and modification date, which pyHanko takes from os.urandom
and the clock, are derived from the document. So nothing is stored, and every app server
hands out the same file. The verification code goes into the document information
(`/QualifyCode`), inside the signed bytes, so an uploaded file can be matched to its
certificate.

pyHanko is pinned exactly (pyproject.toml): the two hooks below override its private
methods, and tests/certificates/test_pdf.py fails if an upgrade changes their behaviour.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import io
import warnings
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from qualify.certificates.keys import SigningKey

with warnings.catch_warnings():
    # pyHanko imports cryptography's DSA module, deprecated since cryptography 46; this
    # site signs with ECDSA only.
    warnings.filterwarnings("ignore", message="DSA is deprecated")
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.metadata.model import DocumentMetadata
    from pyhanko.sign import fields, signers
    from pyhanko.sign.general import get_pyca_cryptography_hash
    from pyhanko_certvalidator.registry import SimpleCertificateStore

CODE_KEY = "/QualifyCode"
FIELD_NAME = "Certificate signature"


def sign_certificate_pdf(
    pdf: bytes, key: SigningKey, *, code: str, issued_at: dt.datetime, issuer: str
) -> bytes:
    """The rendered PDF with `code` in its metadata, certified with the site's key."""
    when = max(issued_at, key.certificate.not_valid_before_utc)
    writer = _FixedWriter(io.BytesIO(pdf), when)
    info = writer.trailer["/Info"]
    info[CODE_KEY] = generic.TextStringObject(code)
    writer.mark_update(writer.trailer.raw_get("/Info"))
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        certify=True,
        docmdp_permissions=fields.MDPPerm.NO_CHANGES,
        name=issuer,
    )
    out = io.BytesIO()
    signer = _FixedTimePdfSigner(meta, _DeterministicSigner(key), when=when)
    run_outside_event_loop(lambda: signer.async_sign_pdf(writer, output=out))
    return out.getvalue()


T = TypeVar("T")


def run_outside_event_loop(make: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run one of pyHanko's coroutines to its end from synchronous code.

    pyHanko's own synchronous wrappers call asyncio.run, which refuses to start in a thread
    that already runs an event loop (an async server, or Playwright's sync API in the same
    test process), leaving a half-signed file and an unawaited coroutine. There the
    coroutine runs on a thread of its own.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(make())
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(make())).result()


def asn1_certificate(key_certificate: Any) -> asn1_x509.Certificate:
    """A cryptography certificate as the asn1crypto object pyHanko works with."""
    return asn1_x509.Certificate.load(key_certificate.public_bytes(serialization.Encoding.DER))


class _DeterministicSigner(signers.SimpleSigner):
    """pyHanko's in-memory signer with RFC 6979 ECDSA: the same data, the same signature."""

    def __init__(self, key: SigningKey) -> None:
        certificate = asn1_certificate(key.certificate)
        private = asn1_keys.PrivateKeyInfo.load(
            key.private_key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        super().__init__(
            signing_cert=certificate,
            signing_key=private,
            cert_registry=SimpleCertificateStore.from_certs([certificate]),
        )
        self._private_key = key.private_key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        algorithm = ec.ECDSA(
            get_pyca_cryptography_hash(digest_algorithm), deterministic_signing=True
        )
        return self._private_key.sign(data, algorithm)


class _FixedTimePdfSigner(signers.PdfSigner):
    """Signs at the given time instead of the clock's (the signature's /M entry)."""

    def __init__(self, *args: Any, when: dt.datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._when = when

    def init_signing_session(self, pdf_out: Any, existing_fields_only: bool = False) -> Any:
        session = super().init_signing_session(pdf_out, existing_fields_only)
        session.system_time = self._when
        return session


class _FixedMetadata(DocumentMetadata):
    """Document metadata whose modification date stays the signing time: pyHanko sets it
    to "now" just before writing."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "last_modified" and value == "now":
            return
        super().__setattr__(name, value)


class _FixedWriter(IncrementalPdfFileWriter):
    def __init__(self, stream: io.BytesIO, when: dt.datetime) -> None:
        super().__init__(stream)
        self._meta = _FixedMetadata(last_modified=when)

    @classmethod
    def _handle_id(cls, prev: Any) -> generic.ArrayObject:
        """The document's second id from its first (pyHanko takes random bytes)."""
        first = bytes(prev.trailer["/ID"][0].original_bytes)
        second = hashlib.sha256(b"qualify signed " + first).digest()[:16]
        return generic.ArrayObject(
            [generic.ByteStringObject(first), generic.ByteStringObject(second)]
        )
