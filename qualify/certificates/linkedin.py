"""LinkedIn's "add to profile" link for a certificate. Pure.

LinkedIn opens its form for a new licence or certification with these fields filled in
(https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&...): the name, the
issuing organisation, the month of issue and of expiry, the credential's URL (our public
verification page) and its id (the code). The holder checks and saves it there; nothing is
sent to LinkedIn by the site.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import quote, urlencode

ADD_TO_PROFILE = "https://www.linkedin.com/profile/add"


@dataclass(frozen=True)
class ProfileEntry:
    name: str
    organisation: str
    issued_on: dt.date
    expires_on: dt.date | None
    verify_url: str
    code: str


def add_to_profile_url(entry: ProfileEntry) -> str:
    params = {
        "startTask": "CERTIFICATION_NAME",
        "name": entry.name,
        "organizationName": entry.organisation,
        "issueYear": str(entry.issued_on.year),
        "issueMonth": str(entry.issued_on.month),
    }
    if entry.expires_on is not None:
        params["expirationYear"] = str(entry.expires_on.year)
        params["expirationMonth"] = str(entry.expires_on.month)
    params["certUrl"] = entry.verify_url
    params["certId"] = entry.code
    return f"{ADD_TO_PROFILE}?{urlencode(params, quote_via=quote)}"
