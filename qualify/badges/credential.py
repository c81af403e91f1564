"""An awarded certificate as an Open Badges 3.0 credential, and the issuer around it. Pure.

The credential follows the VC Data Model 2.0 and Open Badges 3.0 (1EdTech): its contexts
come first and in that order, it is an OpenBadgeCredential whose subject holds the
Achievement (the qualification) and points to a Bitstring Status List for revocation. It is
signed as a VC-JWT (signing.py): the credential is the JWT payload, with the claims iss, jti,
nbf, sub and exp mirroring its fields, as OB 3.0 section 8.2 asks.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from qualify.badges.contexts import CREDENTIAL_CONTEXT
from qualify.badges.statuslist import LIST_BITS

# Paths of the public badge documents (the blueprint routes them from here, so a URL in a
# badge and the route that answers it cannot drift apart).
ISSUER_PATH = "/badges/issuer"
JWKS_PATH = "/.well-known/jwks.json"
KEY_PATH = "/badges/keys/"
ACHIEVEMENT_PATH = "/badges/achievements/"
STATUS_LIST_PATH = "/badges/status/1"


@dataclass(frozen=True)
class BadgeSite:
    """The issuing site: its address, the operator's name and the language badges speak."""

    base_url: str
    issuer_name: str
    language: str
    issuer_email: str | None = None

    def url(self, path: str) -> str:
        return f"{self.base_url.rstrip('/')}{path}"

    @property
    def issuer_id(self) -> str:
        return self.url(ISSUER_PATH)

    @property
    def status_list_url(self) -> str:
        return self.url(STATUS_LIST_PATH)

    def key_id(self, thumbprint: str) -> str:
        return self.url(f"{KEY_PATH}{thumbprint}")

    def achievement_id(self, slug: str) -> str:
        return self.url(f"{ACHIEVEMENT_PATH}{slug}")


def fallback_issuer_name(base_url: str) -> str:
    """The site's host: named when the operator file does not name the operator yet, so a
    badge never carries an invented organisation."""
    return urlsplit(base_url).hostname or base_url


@dataclass(frozen=True)
class AchievementFacts:
    """The qualification, in the site's language."""

    slug: str
    name: str
    description: str
    criteria: str
    """Markdown: what a person must have done to earn it."""


@dataclass(frozen=True)
class BadgeFacts:
    """What a certificate contributes to its badge (all frozen at issue, but the e-mail)."""

    code: str
    credential_id: str
    """The certificate's public verification page: what the badge is, for a person."""
    achievement: AchievementFacts
    holder_names: tuple[str, ...]
    """The name on the certificate, then its Latin transliteration if the holder gave one."""
    holder_email: str | None
    issued_at: dt.datetime
    expires_at: dt.datetime | None
    status_index: int


def criteria_narrative(heading: str, lines: Sequence[str]) -> str:
    """The requirements as a short Markdown list (OB 3.0 narratives are Markdown)."""
    return "\n".join([heading, "", *(f"- {line}" for line in lines)])


def timestamp(moment: dt.datetime) -> str:
    """ISO 8601 in UTC to the second, as validFrom/validUntil and the JWT's dates agree."""
    if moment.tzinfo is None:
        raise ValueError("badge dates must be timezone-aware")
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def numeric_date(moment: dt.datetime) -> int:
    return int(moment.astimezone(dt.UTC).replace(microsecond=0).timestamp())


def issuer_profile(site: BadgeSite) -> dict[str, Any]:
    profile: dict[str, Any] = {
        "id": site.issuer_id,
        "type": ["Profile"],
        "name": site.issuer_name,
        "url": site.base_url,
    }
    if site.issuer_email:
        profile["email"] = site.issuer_email
    return profile


def achievement(site: BadgeSite, facts: AchievementFacts) -> dict[str, Any]:
    return {
        "id": site.achievement_id(facts.slug),
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": facts.name,
        "description": facts.description,
        "criteria": {"narrative": facts.criteria},
        "creator": issuer_profile(site),
        "inLanguage": site.language,
    }


def with_context(document: dict[str, Any]) -> dict[str, Any]:
    """A profile or achievement published on its own, readable as JSON-LD."""
    return {"@context": list(CREDENTIAL_CONTEXT), **document}


def subject_id(credential_id: str) -> str:
    """A pseudonym for the holder of this one certificate (`sub` must name the subject).

    Derived from the credential's id, so it links nothing across a holder's certificates
    and tells nothing about the account."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{credential_id}#holder").urn


def identity_hash(identity: str, salt: str) -> str:
    """OB 3.0 IdentityHash: "sha256$" and the hex SHA-256 of the identity with the salt."""
    return "sha256$" + hashlib.sha256((identity + salt).encode("utf-8")).hexdigest()


def identity_salt(code: str) -> str:
    """One salt per certificate, derived so that the badge renders the same every time;
    a salt is published beside its hash anyway and only has to differ between badges."""
    return hashlib.sha256(f"qualify badge salt {code}".encode()).hexdigest()[:16]


def identifiers(facts: BadgeFacts) -> list[dict[str, Any]]:
    """The holder's names in clear (they are printed on the certificate too) and the
    e-mail address only as a salted hash (OB 3.0 IdentityObject)."""
    found: list[dict[str, Any]] = [
        {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": name}
        for name in facts.holder_names
        if name
    ]
    if facts.holder_email:
        salt = identity_salt(facts.code)
        found.append(
            {
                "type": "IdentityObject",
                "identityType": "emailAddress",
                "hashed": True,
                "identityHash": identity_hash(facts.holder_email.strip().lower(), salt),
                "salt": salt,
            }
        )
    return found


def status_entry(site: BadgeSite, index: int) -> dict[str, Any]:
    if not 0 <= index < LIST_BITS:
        raise ValueError(f"status index {index} outside the list")
    return {
        "id": f"{site.status_list_url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(index),
        "statusListCredential": site.status_list_url,
    }


def build_credential(site: BadgeSite, facts: BadgeFacts) -> dict[str, Any]:
    """The OpenBadgeCredential for one certificate (unsigned)."""
    credential: dict[str, Any] = {
        "@context": list(CREDENTIAL_CONTEXT),
        "id": facts.credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": facts.achievement.name,
        "description": facts.achievement.description,
        "issuer": issuer_profile(site),
        "validFrom": timestamp(facts.issued_at),
        "awardedDate": timestamp(facts.issued_at),
        "credentialSubject": {
            "id": subject_id(facts.credential_id),
            "type": ["AchievementSubject"],
            "identifier": identifiers(facts),
            "achievement": achievement(site, facts.achievement),
        },
        "credentialStatus": status_entry(site, facts.status_index),
    }
    if facts.expires_at is not None:
        credential["validUntil"] = timestamp(facts.expires_at)
    return credential


def jwt_payload(credential: dict[str, Any]) -> dict[str, Any]:
    """The credential with the registered claims OB 3.0 asks for beside it."""
    claims: dict[str, Any] = {
        "iss": credential["issuer"]["id"],
        "jti": credential["id"],
        "sub": credential["credentialSubject"]["id"],
        "nbf": _claim_date(credential["validFrom"]),
    }
    if "validUntil" in credential:
        claims["exp"] = _claim_date(credential["validUntil"])
    return {**credential, **claims}


def _claim_date(value: str) -> int:
    return numeric_date(parse_timestamp(value))


def parse_timestamp(value: str) -> dt.datetime:
    """An XML Schema dateTime as written in credentials; naive times are refused."""
    parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        raise ValueError(f"{value!r} has no time zone")
    return parsed
