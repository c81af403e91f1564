"""Signing and checking work in a thread that already runs an event loop.

pyHanko's synchronous wrappers call asyncio.run, which refuses there (an async server, or
Playwright's sync API earlier in the same test process), and left half-signed files. The test
starts its own loop in a thread of its own, so it does not depend on what ran before it in
the same test process (a browser test's loop may still be running in this one).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from concurrent.futures import ThreadPoolExecutor

from fpdf import FPDF

from qualify.certificates.keys import SigningKey
from qualify.certificates.pdfcheck import check_certificate_pdf
from qualify.certificates.signing import sign_certificate_pdf

ISSUED = dt.datetime(2026, 12, 6, 9, 0, tzinfo=dt.UTC)


def _blank_pdf() -> bytes:
    pdf = FPDF()
    pdf.set_creation_date(ISSUED)  # fpdf2 would stamp "now": two calls could differ
    pdf.add_page()
    return bytes(pdf.output())


def test_a_pdf_is_signed_and_checked_inside_a_running_event_loop(signing_key: SigningKey) -> None:
    async def inside_a_loop() -> tuple[bytes, bool]:
        signed = sign_certificate_pdf(
            _blank_pdf(), signing_key, code="ABCD", issued_at=ISSUED, issuer="Beispiel"
        )
        return signed, check_certificate_pdf(signed, signing_key.certificate).genuine

    with ThreadPoolExecutor(max_workers=1) as pool:
        signed, genuine = pool.submit(asyncio.run, inside_a_loop()).result()
    outside = sign_certificate_pdf(
        _blank_pdf(), signing_key, code="ABCD", issued_at=ISSUED, issuer="Beispiel"
    )
    assert genuine
    assert signed == outside  # the same bytes, wherever it was signed
