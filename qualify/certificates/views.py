"""Certificate download for its holder and public verification for anyone."""

from __future__ import annotations

import datetime as dt

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from qualify.certificates import service
from qualify.certificates.codes import format_code, normalise_code
from qualify.certificates.models import Certificate
from qualify.certificates.pdf import CertificateDocument, CourseLine, render_certificate
from qualify.core.locales import pick_text
from qualify.extensions import db, limiter

bp = Blueprint("certificates", __name__, template_folder="templates")

ISSUER = "qualify – Landesnetzwerk der Migrant*innenorganisationen Sachsen-Anhalt"


def verify_url(code: str) -> str:
    return f"{current_app.config['BASE_URL']}{url_for('certificates.verify', code=code)}"


def build_document(certificate: Certificate, locale: str) -> CertificateDocument:
    courses = tuple(
        CourseLine(pick_text(c["title"], locale), format_date_iso(c["passed_at"]))
        for c in certificate.courses
    )
    return CertificateDocument(
        heading=_("Certificate"),
        holder_name=certificate.holder_name,
        intro=_("This certifies that"),
        title=_("has completed the qualification “%(title)s”", title=certificate.title_in(locale)),
        description=pick_text(certificate.qualification.description, locale),
        courses_heading=_("Courses completed"),
        courses=courses,
        workshops_line=(
            _("In-person workshops: %(hours)s hours", hours=format(certificate.workshop_hours, "g"))
            if certificate.workshop_hours
            else ""
        ),
        issued_label=_("Issued on"),
        issued_date=format_date(certificate.issued_at, "long"),
        code_label=_("Verification code"),
        code=format_code(certificate.code),
        verify_label=_("Check this certificate online"),
        verify_url=verify_url(certificate.code),
        issuer=ISSUER,
    )


def format_date_iso(value: str | None) -> str:
    return format_date(dt.date.fromisoformat(value), "medium") if value else ""


@bp.route("/certificates/<id:certificate_id>.pdf")
@login_required
def download(certificate_id: int) -> Response:
    certificate = service.get_certificate_for(db.session, current_user.id, certificate_id)
    if certificate is None:
        abort(404)
    if certificate.revoked_at is not None:
        abort(410)  # a revoked certificate is not handed out again; /verify says why
    pdf = render_certificate(build_document(certificate, str(get_locale())))
    filename = f"certificate-{certificate.qualification.slug}.pdf"
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )


@bp.route("/verify", methods=["GET"])
@limiter.limit("30 per minute")
def verify_form() -> str | Response:
    typed = request.args.get("code", "").strip()
    if typed:
        code = normalise_code(typed)
        if code:
            return redirect(url_for("certificates.verify", code=code))
        return render_template("certificates/verify_form.html", typed=typed, invalid=True), 404
    return render_template("certificates/verify_form.html", typed="", invalid=False)


@bp.route("/verify/<code>")
@limiter.limit("30 per minute")
def verify(code: str) -> tuple[str, int] | str:
    normalised = normalise_code(code)
    certificate = service.find_by_code(db.session, normalised) if normalised else None
    if certificate is None:
        return render_template("certificates/verify_unknown.html", code=code), 404
    return render_template(
        "certificates/verify.html", certificate=certificate, code=format_code(certificate.code)
    )
