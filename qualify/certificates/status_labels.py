"""What a certificate's status is called wherever people read it: the holder's dashboard,
the admin's user page, the cohort's manifest and `qualify certificates list`."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from qualify.certificates.models import CertificateStatus

STATUS_LABELS: dict[CertificateStatus, LazyString] = {
    CertificateStatus.VALID: _l("valid"),
    CertificateStatus.REVOKED: _l("revoked"),
    CertificateStatus.SUPERSEDED: _l("replaced by a newer certificate"),
    CertificateStatus.EXPIRED: _l("expired"),
}
