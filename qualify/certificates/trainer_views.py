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
import logging
from collections.abc import Sequence

from flask import Blueprint, Response, render_template
from flask_babel import get_locale
from flask_babel import gettext as _

from qualify.accounts.permissions import Permission, require_permission
from qualify.certificates.bundle import BundleEntry, entry_name, zip_archive
from qualify.certificates.codes import format_code
from qualify.certificates.document import certificate_pdf
from qualify.certificates.keys import SigningKeyError
from qualify.certificates.listing import cohort_certificates
from qualify.certificates.models import Certificate, CertificateStatus
from qualify.certificates.status_labels import STATUS_LABELS
from qualify.cohorts.lookups import get_cohort_or_404
from qualify.core.clock import utcnow
from qualify.core.tables import Table, csv_bytes
from qualify.extensions import db
from qualify.web.downloads import content_disposition

log = logging.getLogger(__name__)

bp = Blueprint("cohort_certificates", __name__, url_prefix="/trainer/cohorts/<id:cohort_id>")

HANDED_OUT = frozenset({CertificateStatus.VALID, CertificateStatus.EXPIRED})


@bp.route("/certificates.zip")
@require_permission(Permission.MANAGE_COHORTS)
def download(cohort_id: int) -> Response | tuple[str, int]:
    cohort = get_cohort_or_404(cohort_id)
    held = cohort_certificates(db.session, cohort)
    try:
        body = cohort_zip(held, str(get_locale()))
    except SigningKeyError as missing:
        log.error("the certificates of cohort %s cannot be signed: %s", cohort.id, missing)
        return render_template("certificates/no_signing_key.html"), 503
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
