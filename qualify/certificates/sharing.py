"""What a holder may pass on about a certificate: the LinkedIn link, only while it is valid."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from qualify.certificates.codes import format_code
from qualify.certificates.linkedin import ProfileEntry, add_to_profile_url
from qualify.certificates.models import Certificate, CertificateStatus
from qualify.certificates.views import ISSUER, verify_url

# The name LinkedIn shows is the German title, the one the certificate is issued in and
# German employers know; the holder can change it in LinkedIn's form before saving.
PROFILE_LOCALE = "de"


def linkedin_links(certificates: Iterable[Certificate], now: dt.datetime) -> dict[int, str]:
    """Certificate id -> LinkedIn's add-to-profile link, for the valid ones only."""
    return {
        c.id: add_to_profile_url(
            ProfileEntry(
                name=c.title_in(PROFILE_LOCALE),
                organisation=ISSUER,
                issued_on=c.issued_at.date(),
                expires_on=c.expires_at.date() if c.expires_at else None,
                verify_url=verify_url(c.code),
                code=format_code(c.code),
            )
        )
        for c in certificates
        if c.status_at(now) == CertificateStatus.VALID
    }
