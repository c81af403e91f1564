"""What a checked certificate file is, in words for the verify page and the command line."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

# Keys: pdfcheck.PdfProblem values and "unknown_code" (service.PdfVerdict.problem).
PROBLEMS = {
    "too_large": _l("This file is too large to be a certificate from this site."),
    "not_pdf": _l("This file is not a PDF, or it is damaged."),
    "unsigned": _l(
        "This PDF has no digital signature, so it is not an original certificate from this site."
    ),
    "signature_broken": _l(
        "The signature is broken: the file was changed after it was signed. Do not trust "
        "its content."
    ),
    "foreign_signer": _l(
        "This PDF was signed, but not by this site. It is not a certificate from this site."
    ),
    "changed_after_signing": _l(
        "Something was added to the file after this site signed it. Do not trust its content."
    ),
    "no_code": _l("This PDF was signed by this site, but it is not a certificate."),
    "unknown_code": _l(
        "This PDF was signed by this site, but no certificate has its verification code."
    ),
}
SIGNATURE_OK = _l("The signature is valid: the file is unchanged since this site issued it.")
