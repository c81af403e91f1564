"""A cohort's certificates for its trainers and admins: one ZIP with every PDF and a list
(blueprint `cohort_certificates`, /trainer/cohorts/<id>/certificates.zip).

The list (CSV: UTF-8 with BOM, semicolons, formula-safe, as every download of the site)
names every certificate of the cohort's qualification its participants hold, with its
status; PDFs are included for valid and expired ones only. A revoked or superseded
certificate is not handed out again (its verification page says why), and an expired one
was genuine and shows its end of validity.

The ZIP is streamed (bundle.zip_stream): signing takes about half a second per PDF, so a
group of 50 would otherwise wait half a minute for the first byte, past proxy and worker
timeouts, with every PDF in memory. docs/operating.md says what the proxy and gunicorn need.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator, Sequence
from functools import partial

from flask import Blueprint, Response, render_template
from flask_babel import get_locale
from flask_babel import gettext as _

from qualify.accounts.permissions import Permission, require_permission
from qualify.certificates.bundle import BundleEntry, entry_name, zip_stream
from qualify.certificates.codes import format_code
from qualify.certificates.document import build_document, signed_pdf, site_signing_key
from qualify.certificates.keys import SigningKey, SigningKeyError
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
    """Streamed: the list first, then each PDF as soon as it is signed, so a large group's
    download starts at once instead of after a minute of signing (issue 15)."""
    cohort = get_cohort_or_404(cohort_id)
    try:
        key = site_signing_key()  # before the first byte: later only a broken download is left
    except SigningKeyError as missing:
        log.error("the certificates of cohort %s cannot be signed: %s", cohort.id, missing)
        return render_template("certificates/no_signing_key.html"), 503
    held = cohort_certificates(db.session, cohort)
    pieces = cohort_zip(held, key, str(get_locale()), utcnow())
    response = Response(_logged(pieces, cohort.id), mimetype="application/zip")
    name = cohort.name + " " + _("certificates")
    response.headers["Content-Disposition"] = content_disposition(name, "zip")
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Accel-Buffering"] = "no"  # nginx passes each piece on at once
    return response


def cohort_zip(
    certificates: Sequence[Certificate], key: SigningKey, locale: str, now: dt.datetime
) -> Iterator[bytes]:
    """The ZIP in pieces. Everything that needs the database or the request (statuses, the
    list, each PDF's texts) is made here, before the first piece; the pieces then only render
    and sign, one PDF at a time, so they need no request context and no session."""
    handed_out = [c for c in certificates if c.status_at(now) in HANDED_OUT]
    files = {c.id: entry_name(c.holder_name, format_code(c.code), ".pdf") for c in handed_out}
    listing = csv_bytes(manifest(certificates, files, now, locale))
    entries = [BundleEntry(_("certificate list") + ".csv", listing)]
    entries += [
        BundleEntry(files[c.id], partial(signed_pdf, build_document(c), key)) for c in handed_out
    ]
    return zip_stream(entries, now)


def _logged(pieces: Iterator[bytes], cohort_id: int) -> Iterator[bytes]:
    """The pieces; a failure after the first one can only break the download off (the
    client sees an incomplete archive), so the log says which cohort's it was."""
    try:
        yield from pieces
    except Exception:
        log.exception("the certificate ZIP of cohort %s broke off", cohort_id)
        raise


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
