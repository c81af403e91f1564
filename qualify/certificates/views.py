"""Certificate download for its holder and public verification for anyone."""

from __future__ import annotations

import logging

from flask import (
    Blueprint,
    Response,
    abort,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from qualify.certificates import service
from qualify.certificates.codes import format_code, normalise_code, printed_code
from qualify.certificates.document import certificate_pdf, issuer, site_signing_key
from qualify.certificates.forms import CheckPdfForm
from qualify.certificates.keys import SigningKey, SigningKeyError
from qualify.certificates.models import CertificateStatus
from qualify.certificates.pdfcheck import MAX_PDF_BYTES
from qualify.certificates.verdicts import PROBLEMS
from qualify.core.clock import utcnow
from qualify.extensions import db, limiter
from qualify.web.downloads import content_disposition

log = logging.getLogger(__name__)

bp = Blueprint("certificates", __name__, template_folder="templates")

# A revoked or replaced certificate is not handed out again: a clean copy would be shown
# as if it still counted, and a watermark is cut off a printout in a second.
WITHDRAWN = frozenset({CertificateStatus.REVOKED, CertificateStatus.SUPERSEDED})


@bp.route("/certificates/<id:certificate_id>.pdf")
@login_required
def download(certificate_id: int) -> Response | tuple[str, int]:
    certificate = service.get_certificate_for(db.session, current_user.id, certificate_id)
    if certificate is None:
        abort(404)
    status = certificate.status_at(utcnow())
    if status in WITHDRAWN:
        page = render_template("certificates/withdrawn.html", certificate=certificate)
        return page, 410
    try:
        pdf = certificate_pdf(certificate)
    except SigningKeyError as missing:
        log.error("certificate %s cannot be signed: %s", certificate.id, missing)
        return render_template("certificates/no_signing_key.html"), 503
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": content_disposition(
                f"certificate-{certificate.qualification.slug}", "pdf"
            ),
            "Cache-Control": "private, no-store",
        },
    )


@bp.route("/verify", methods=["GET"])
@limiter.limit("30 per minute")
def verify_form() -> str | Response | tuple[str, int]:
    typed = request.args.get("code", "").strip()
    form = CheckPdfForm()
    if typed:
        code = normalise_code(typed)
        if code:
            return redirect(url_for("certificates.verify", code=code))
        return _verify_form_page(form, typed=typed, invalid=True), 404
    return _verify_form_page(form, typed="", invalid=False)


@bp.route("/verify/pdf", methods=["POST"])
@limiter.limit("10 per minute")
def verify_pdf() -> str | tuple[str, int]:
    form = CheckPdfForm()
    key = _site_key(log_missing=True)
    if not form.validate_on_submit() or key is None:
        return _verify_form_page(form, typed="", invalid=False), 400
    data = form.pdf.data.read(MAX_PDF_BYTES + 1)
    verdict = service.check_certificate_file(db.session, data, key.certificate, utcnow())
    return render_template(
        "certificates/verify_pdf.html",
        verdict=verdict,
        problem=PROBLEMS.get(verdict.problem or ""),
        code=format_code(verdict.certificate.code) if verdict.certificate else "",
        issuer=issuer(),
    )


@bp.route("/verify/signing-certificate.pem")
def signing_certificate() -> Response:
    key = _site_key()
    if key is None:
        abort(404)
    return Response(
        key.certificate_pem,
        mimetype="application/x-pem-file",
        headers={"Content-Disposition": content_disposition("signing-certificate", "pem")},
    )


@bp.route("/verify/<code>")
@limiter.limit("30 per minute")
def verify(code: str) -> tuple[str, int] | str:
    certificate = service.find_by_code(db.session, code)
    if certificate is None:
        return render_template("certificates/verify_unknown.html", code=code), 404
    successor = certificate.superseded_by
    return render_template(
        "certificates/verify.html",
        certificate=certificate,
        status=certificate.status_at(utcnow()),
        code=format_code(certificate.code),
        successor_code=printed_code(successor.code) if successor else None,
        issuer=issuer(),
        fingerprint=_fingerprint(),
    )


def _verify_form_page(form: CheckPdfForm, **context: object) -> str:
    return render_template(
        "certificates/verify_form.html",
        form=form,
        fingerprint=_fingerprint(),
        max_megabytes=MAX_PDF_BYTES // (1024 * 1024),
        **context,
    )


def _site_key(log_missing: bool = False) -> SigningKey | None:
    """The site's key, or None while there is none (the pages then leave out the
    fingerprint and the upload; an upload attempt is logged with what to run)."""
    try:
        return site_signing_key()
    except SigningKeyError as missing:
        if log_missing:
            log.error("an uploaded certificate cannot be checked: %s", missing)
        return None


def _fingerprint() -> str | None:
    key = _site_key()
    return key.fingerprint if key else None
