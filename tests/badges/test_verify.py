"""Verifying a badge: each check catches its own kind of fault and says which one failed."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
from dataclasses import replace
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from qualify.badges.credential import BadgeFacts, BadgeSite, build_credential, jwt_payload
from qualify.badges.signing import key_from_jwk, public_jwk, sign, thumbprint
from qualify.badges.statuslist import encode_list, status_list_credential
from qualify.badges.verify import (
    BadgeVerdict,
    Check,
    Outcome,
    StatusListUnavailable,
    verify_badge,
)
from qualify.core.messages import Message

NOW = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)


def b64(data: dict[str, Any]) -> str:
    raw = json.dumps(data).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class Issuer:
    """A site that signs badges and publishes one status list."""

    def __init__(self, site: BadgeSite, key: ec.EllipticCurvePrivateKey) -> None:
        self.site, self.key = site, key
        self.kid = site.key_id(thumbprint(key.public_key()))
        self.revoked: set[int] = set()

    def badge(self, facts: BadgeFacts) -> str:
        return sign(jwt_payload(build_credential(self.site, facts)), self.key, self.kid)

    def status_list(self, url: str) -> str:
        if url != self.site.status_list_url:
            raise StatusListUnavailable(Message("unknown list"))
        credential = status_list_credential(
            list_url=url,
            issuer_id=self.site.issuer_id,
            encoded=encode_list(self.revoked),
            valid_from="2026-01-01T00:00:00Z",
            ttl_seconds=300,
        )
        return sign(credential, self.key, self.kid)

    def verify(self, token: str, now: dt.datetime = NOW) -> BadgeVerdict:
        return verify_badge(
            token,
            issuer_id=self.site.issuer_id,
            keys={self.kid: self.key.public_key()},
            status_lists=self.status_list,
            now=now,
        )


@pytest.fixture
def issuer(site: BadgeSite, private_key: ec.EllipticCurvePrivateKey) -> Issuer:
    return Issuer(site, private_key)


def failed(verdict: BadgeVerdict) -> tuple[Check, str]:
    assert verdict.failed is not None
    return verdict.failed.check, str(verdict.failed.message)


def test_a_badge_of_this_site_verifies(issuer: Issuer, facts: BadgeFacts) -> None:
    verdict = issuer.verify(issuer.badge(facts))
    assert verdict.outcome is Outcome.VALID
    assert [c.check for c in verdict.checks] == list(Check)
    assert all(c.passed for c in verdict.checks)
    assert verdict.credential is not None
    assert verdict.credential["credentialSubject"]["identifier"][0]["identityHash"] == "نور الهدى"


def test_the_header_names_only_alg_kid_and_typ(issuer: Issuer, facts: BadgeFacts) -> None:
    header = jwt.get_unverified_header(issuer.badge(facts))
    assert header == {"alg": "ES256", "kid": issuer.kid, "typ": "JWT"}
    assert issuer.kid == f"https://qualify.test/badges/keys/{thumbprint(issuer.key.public_key())}"


def test_a_changed_payload_breaks_the_signature(issuer: Issuer, facts: BadgeFacts) -> None:
    header, payload, signature = issuer.badge(facts).split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["credentialSubject"]["identifier"][0]["identityHash"] = "Someone Else"
    verdict = issuer.verify(".".join([header, b64(claims), signature]))
    assert verdict.outcome is Outcome.INVALID
    assert failed(verdict) == (
        Check.SIGNATURE,
        "The signature does not match: the badge was changed after signing or signed with "
        "another key.",
    )


def test_one_changed_character_of_the_signature_is_caught(
    issuer: Issuer, facts: BadgeFacts
) -> None:
    token = issuer.badge(facts)
    flipped = token[:-5] + ("A" if token[-5] != "A" else "B") + token[-4:]
    assert failed(issuer.verify(flipped))[0] is Check.SIGNATURE


def test_a_badge_signed_with_another_key_under_our_kid_is_refused(
    issuer: Issuer, facts: BadgeFacts, other_key: ec.EllipticCurvePrivateKey
) -> None:
    forged = sign(jwt_payload(build_credential(issuer.site, facts)), other_key, issuer.kid)
    assert failed(issuer.verify(forged))[1].startswith("The signature does not match")


def test_a_key_this_site_does_not_publish_is_named(
    issuer: Issuer, facts: BadgeFacts, other_key: ec.EllipticCurvePrivateKey
) -> None:
    forged = sign(jwt_payload(build_credential(issuer.site, facts)), other_key, "https://evil/k")
    assert failed(issuer.verify(forged)) == (
        Check.SIGNATURE,
        "The badge was signed with a key this site does not publish: https://evil/k",
    )


def test_alg_none_is_refused(issuer: Issuer, facts: BadgeFacts) -> None:
    payload = jwt_payload(build_credential(issuer.site, facts))
    unsigned = f"{b64({'alg': 'none', 'typ': 'JWT', 'kid': issuer.kid})}.{b64(payload)}."
    assert failed(issuer.verify(unsigned)) == (
        Check.SIGNATURE,
        "The badge is signed with none; only ES256 is accepted.",
    )


def test_hmac_with_the_public_key_as_secret_is_refused(issuer: Issuer, facts: BadgeFacts) -> None:
    """The classic key confusion: HS256 "signed" with the published public key."""
    public_pem = issuer.key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    header = b64({"alg": "HS256", "kid": issuer.kid, "typ": "JWT"})
    body = b64(jwt_payload(build_credential(issuer.site, facts)))
    mac = hmac.new(public_pem, f"{header}.{body}".encode(), hashlib.sha256).digest()
    token = f"{header}.{body}.{base64.urlsafe_b64encode(mac).rstrip(b'=').decode()}"
    assert (
        failed(issuer.verify(token))[1] == "The badge is signed with HS256; only ES256 is accepted."
    )


@pytest.mark.parametrize("text", ["", "not a token", "a.b", "{}", "e30.e30.e30.e30"])
def test_what_is_not_a_token_is_said_so(issuer: Issuer, text: str) -> None:
    assert failed(issuer.verify(text)) == (
        Check.SIGNATURE,
        "The file is not a signed badge (a JSON Web Token in three parts).",
    )


def test_a_token_without_kid_is_refused(issuer: Issuer, facts: BadgeFacts) -> None:
    token = jwt.encode(jwt_payload(build_credential(issuer.site, facts)), issuer.key, "ES256")
    assert failed(issuer.verify(token))[1] == "The badge does not name its signing key (kid)."


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda p: p.update(jti="urn:other"), "jti"),
        (lambda p: p.update(nbf=p["nbf"] + 1), "nbf"),
        (lambda p: p.pop("exp"), "exp"),
        (lambda p: p.update(sub="urn:someone"), "sub"),
        (lambda p: p.update({"@context": list(reversed(p["@context"]))}), "@context"),
        (lambda p: p.update(type=["VerifiableCredential"]), "type"),
        (lambda p: p["credentialSubject"]["achievement"].pop("criteria"), "achievement.criteria"),
        (lambda p: p["credentialStatus"].update(statusListIndex="-1"), "statusListIndex"),
        (lambda p: p.pop("credentialStatus"), "credentialStatus"),
        (lambda p: p.update(validFrom="yesterday"), "validFrom/validUntil"),
    ],
)
def test_content_faults_name_the_field(
    issuer: Issuer, facts: BadgeFacts, change: Any, field: str
) -> None:
    payload = jwt_payload(build_credential(issuer.site, facts))
    change(payload)
    verdict = issuer.verify(sign(payload, issuer.key, issuer.kid))
    assert verdict.outcome is Outcome.INVALID
    assert failed(verdict) == (
        Check.CONTENT,
        f"The content is not an Open Badges 3.0 credential: {field} is missing or wrong.",
    )


def test_a_badge_of_another_issuer_is_not_ours(
    issuer: Issuer, facts: BadgeFacts, site: BadgeSite
) -> None:
    elsewhere = Issuer(replace(site, base_url="https://other.test"), issuer.key)
    verdict = issuer.verify(
        sign(jwt_payload(build_credential(elsewhere.site, facts)), issuer.key, issuer.kid)
    )
    assert failed(verdict) == (
        Check.CONTENT,
        "The badge was issued by https://other.test/badges/issuer, not by this site "
        "(https://qualify.test/badges/issuer).",
    )


def test_a_revoked_badge_is_reported_revoked(issuer: Issuer, facts: BadgeFacts) -> None:
    token = issuer.badge(facts)
    issuer.revoked = {facts.status_index - 1, facts.status_index + 1}
    assert issuer.verify(token).outcome is Outcome.VALID
    issuer.revoked.add(facts.status_index)
    verdict = issuer.verify(token)
    assert verdict.outcome is Outcome.REVOKED
    assert failed(verdict) == (
        Check.STATUS,
        "Revoked: the issuer's status list marks this badge as revoked.",
    )


def test_revoked_wins_over_expired(issuer: Issuer, facts: BadgeFacts) -> None:
    issuer.revoked = {facts.status_index}
    late = NOW + dt.timedelta(days=3650)
    verdict = issuer.verify(issuer.badge(facts), now=late)
    assert verdict.outcome is Outcome.REVOKED
    assert [c.check for c in verdict.checks if not c.passed] == [Check.STATUS, Check.DATES]


def test_dates_expired_and_not_yet_valid(issuer: Issuer, facts: BadgeFacts) -> None:
    token = issuer.badge(facts)
    expired = issuer.verify(token, now=facts.expires_at)
    assert expired.outcome is Outcome.EXPIRED
    assert failed(expired) == (Check.DATES, "Expired on 2028-02-29 09:30 UTC.")
    early = issuer.verify(token, now=facts.issued_at - dt.timedelta(seconds=1))
    assert early.outcome is Outcome.NOT_YET_VALID
    assert failed(early) == (Check.DATES, "Not valid before 2026-03-01 09:30 UTC.")


def test_a_forged_status_list_leaves_the_status_unknown(
    issuer: Issuer, facts: BadgeFacts, other_key: ec.EllipticCurvePrivateKey
) -> None:
    token = issuer.badge(facts)
    genuine = issuer.status_list
    issuer.status_list = lambda url: sign(  # type: ignore[method-assign]
        jwt.decode(genuine(url), options={"verify_signature": False}), other_key, issuer.kid
    )
    verdict = issuer.verify(token)
    assert verdict.outcome is Outcome.STATUS_UNKNOWN
    assert failed(verdict) == (
        Check.STATUS,
        "The status list cannot be checked: the status list's signature is not valid",
    )


def test_a_status_list_of_another_purpose_is_not_taken(issuer: Issuer, facts: BadgeFacts) -> None:
    token = issuer.badge(facts)
    genuine = issuer.status_list

    def suspension_list(url: str) -> str:
        payload = jwt.decode(genuine(url), options={"verify_signature": False})
        payload["credentialSubject"]["statusPurpose"] = "suspension"
        return sign(payload, issuer.key, issuer.kid)

    issuer.status_list = suspension_list  # type: ignore[method-assign]
    assert failed(issuer.verify(token))[1] == (
        "The status list cannot be checked: the status list is not a revocation list of this issuer"
    )


def test_the_published_jwk_is_public_and_reads_back(issuer: Issuer) -> None:
    jwk = public_jwk(issuer.key.public_key(), issuer.kid)
    assert "d" not in jwk
    assert jwk["kid"] == issuer.kid and jwk["alg"] == "ES256" and jwk["use"] == "sig"
    assert key_from_jwk(jwk) == issuer.key.public_key()
    with pytest.raises(ValueError, match="public P-256"):
        key_from_jwk({**jwk, "d": "secret"})


def test_thumbprints_name_keys(
    private_key: ec.EllipticCurvePrivateKey, other_key: ec.EllipticCurvePrivateKey
) -> None:
    first = thumbprint(private_key.public_key())
    assert first == thumbprint(private_key.public_key())
    assert first != thumbprint(other_key.public_key())
    assert len(first) == 43  # base64url of 32 bytes, no padding
