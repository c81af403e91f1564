"""A cohort's certificates for its trainers and admins: one ZIP with every PDF and a list
(blueprint `cohort_certificates`, /trainer/cohorts/<id>/certificates.zip).

The list (CSV: UTF-8 with BOM, semicolons, formula-safe, as every download of the site)
names every certificate of the cohort's qualification its participants hold, with its
status; PDFs are included for valid and expired ones only. A revoked or superseded
certificate is not handed out again (its verification page says why), and an expired one
was genuine and shows its end of validity.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from flask import Blueprint, Response
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _

from qualify.accounts.permissions import Permission, require_permission
from qualify.certificates.bundle import BundleEntry, entry_name, zip_archive
from qualify.certificates.codes import format_code
from qualify.certificates.listing import cohort_certificates
from qualify.certificates.models import Certificate, CertificateStatus
from qualify.certificates.pdf import render_certificate
from qualify.certificates.status_labels import STATUS_LABELS
from qualify.certificates.views import build_document
from qualify.cohorts.lookups import get_cohort_or_404
from qualify.core.clock import utcnow
from qualify.core.tables import Table, csv_bytes
from qualify.extensions import db
from qualify.web.downloads import content_disposition

bp = Blueprint("cohort_certificates", __name__, url_prefix="/trainer/cohorts/<id:cohort_id>")

HANDED_OUT = frozenset({CertificateStatus.VALID, CertificateStatus.EXPIRED})


def certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate's PDF as its holder downloads it, in the holder's language: the one
    place the ZIP asks for a PDF, so a new layout or a signature reaches it here."""
    locale = certificate.user.locale or "de"
    with force_locale(locale):
        return render_certificate(build_document(certificate, locale))


@bp.route("/certificates.zip")
@require_permission(Permission.MANAGE_COHORTS)
def download(cohort_id: int) -> Response:
    cohort = get_cohort_or_404(cohort_id)
    held = cohort_certificates(db.session, cohort)
    body = cohort_zip(held, str(get_locale()))
    response = Response(body, mimetype="application/zip")
    name = cohort.name + " " + _("certificates")
    response.headers["Content-Disposition"] = content_disposition(name, "zip")
    response.headers["Cache-Control"] = "no-store"
    return response


def cohort_zip(certificates: Sequence[Certificate], locale: str) -> bytes:
    now = utcnow()
    files = {
        c.id: entry_name(c.holder_name, format_code(c.code), ".pdf")
        for c in certificates
        if c.status_at(now) in HANDED_OUT
    }
    entries = [BundleEntry(files[c.id], certificate_pdf(c)) for c in certificates if c.id in files]
    table = manifest(certificates, files, now, locale)
    entries.insert(0, BundleEntry(_("certificate list") + ".csv", csv_bytes(table)))
    return zip_archive(entries, now)


def manifest(
    certificates: Sequence[Certificate], files: dict[int, str], now: dt.datetime, locale: str
) -> Table:
    """Code, name, qualification, issue date and status of each certificate, and the file
    it is in (empty when it is not handed out)."""
    header = (_("Code"), _("Name"), _("Qualification"), _("Issued on"), _("Status"), _("File"))
    rows = tuple(
        (
            format_code(c.code),
            c.holder_name,
            c.title_in(locale),
            c.issued_at.date(),
            str(STATUS_LABELS[c.status_at(now)]),
            files.get(c.id),
        )
        for c in certificates
    )
    return Table(_("Certificates"), header, rows)
