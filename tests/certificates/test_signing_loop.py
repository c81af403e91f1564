"""Signing and checking work in a thread that already runs an event loop.

pyHanko's synchronous wrappers call asyncio.run, which refuses there (an async server, or
Playwright's sync API earlier in the same test process), and left half-signed files.
"""

from __future__ import annotations

import asyncio
import datetime as dt

from fpdf import FPDF

from qualify.certificates.keys import SigningKey
from qualify.certificates.pdfcheck import check_certificate_pdf
from qualify.certificates.signing import sign_certificate_pdf

ISSUED = dt.datetime(2026, 12, 6, 9, 0, tzinfo=dt.UTC)


def _blank_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    return bytes(pdf.output())


def test_a_pdf_is_signed_and_checked_inside_a_running_event_loop(signing_key: SigningKey) -> None:
    async def inside_a_loop() -> tuple[bytes, bool]:
        signed = sign_certificate_pdf(
            _blank_pdf(), signing_key, code="ABCD", issued_at=ISSUED, issuer="Beispiel"
        )
        return signed, check_certificate_pdf(signed, signing_key.certificate).genuine

    signed, genuine = asyncio.run(inside_a_loop())
    outside = sign_certificate_pdf(
        _blank_pdf(), signing_key, code="ABCD", issued_at=ISSUED, issuer="Beispiel"
    )
    assert genuine
    assert signed == outside  # the same bytes, wherever it was signed
