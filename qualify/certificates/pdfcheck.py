"""Check an uploaded certificate PDF: is it signed by this site, unchanged, and whose is it?

Pure. pyHanko's validator checks the signature with the site's certificate as the only
trust root and no network; the verdict names the first check that failed, so a verifier
learns whether the file was changed, signed by someone else, or is no certificate at all.
Whether the certificate is still valid is the service's part (it needs the database).
"""

from __future__ import annotations

import io
import logging
import warnings
from dataclasses import dataclass
from enum import StrEnum

from cryptography import x509

from qualify.certificates.signing import CODE_KEY, asn1_certificate, run_outside_event_loop

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="DSA is deprecated")  # see signing.py
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

log = logging.getLogger(__name__)

MAX_PDF_BYTES = 2 * 1024 * 1024  # a certificate is ~100 kB; more is not one of ours


class PdfProblem(StrEnum):
    """Why a file is not a genuine certificate of this site, in the order checked."""

    TOO_LARGE = "too_large"
    NOT_PDF = "not_pdf"
    UNSIGNED = "unsigned"
    SIGNATURE_BROKEN = "signature_broken"  # the file was changed after signing
    FOREIGN_SIGNER = "foreign_signer"  # signed, but not with this site's key
    CHANGED_AFTER_SIGNING = "changed_after_signing"  # something was appended
    NO_CODE = "no_code"  # signed by this site, but carries no certificate code


@dataclass(frozen=True)
class PdfCheck:
    problem: PdfProblem | None
    code: str | None = None  # the embedded code, once the signature holds

    @property
    def genuine(self) -> bool:
        return self.problem is None


def check_certificate_pdf(data: bytes, site_certificate: x509.Certificate) -> PdfCheck:
    if len(data) > MAX_PDF_BYTES:
        return PdfCheck(PdfProblem.TOO_LARGE)
    if b"%PDF-" not in data[:1024]:
        return PdfCheck(PdfProblem.NOT_PDF)
    try:
        return _check(data, site_certificate)
    except Exception as error:
        # A damaged or hostile file makes pyHanko raise whatever its parser meets (PdfError,
        # ValueError, KeyError, zlib.error, RecursionError, ...): each means the file is not
        # a readable certificate, and none may become a server error.
        log.info("an uploaded PDF could not be read: %s: %s", type(error).__name__, error)
        return PdfCheck(PdfProblem.NOT_PDF)


def _check(data: bytes, site_certificate: x509.Certificate) -> PdfCheck:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pyHanko warns about every oddity of a bad file
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    if not signatures:
        return PdfCheck(PdfProblem.UNSIGNED)
    trusted = asn1_certificate(site_certificate)
    signature = signatures[-1]
    context = ValidationContext(trust_roots=[trusted], allow_fetching=False)
    status = run_outside_event_loop(lambda: async_validate_pdf_signature(signature, context))
    if not (status.intact and status.valid):
        return PdfCheck(PdfProblem.SIGNATURE_BROKEN)
    if not status.trusted or signature.signer_cert.dump() != trusted.dump():
        return PdfCheck(PdfProblem.FOREIGN_SIGNER)
    if len(signatures) > 1 or status.coverage.name != "ENTIRE_FILE":
        return PdfCheck(PdfProblem.CHANGED_AFTER_SIGNING)
    code = reader.trailer["/Info"].get(CODE_KEY) if "/Info" in reader.trailer else None
    if not isinstance(code, str) or not code:
        return PdfCheck(PdfProblem.NO_CODE)
    return PdfCheck(None, str(code))
