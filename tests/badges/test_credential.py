"""The OpenBadgeCredential a certificate becomes, read as JSON and as JSON-LD."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import replace
from typing import Any

import pytest
from pyld import jsonld

from qualify.badges.contexts import OB_V3, VC_V2, UnknownContext, document_loader
from qualify.badges.credential import (
    BadgeFacts,
    BadgeSite,
    achievement,
    build_credential,
    fallback_issuer_name,
    issuer_profile,
    jwt_payload,
    subject_id,
    with_context,
)
from qualify.badges.statuslist import encode_list, status_list_credential

UNDEFINED = "urn:undefined-term:"


def undefined_terms(document: dict[str, Any]) -> list[str]:
    """Keys and types the shipped contexts do not define (JSON-LD would drop them).

    A last context with @vocab catches what no term maps: such a key expands to
    UNDEFINED + key instead of vanishing, so it can be found in the expansion."""
    probe = {**document, "@context": [*document["@context"], {"@vocab": UNDEFINED}]}
    expanded = json.dumps(jsonld.expand(probe, {"documentLoader": document_loader}))
    return sorted({part.split('"')[0] for part in expanded.split(UNDEFINED)[1:]})


def test_contexts_come_first_in_order_and_types_are_open_badges(
    site: BadgeSite, facts: BadgeFacts
) -> None:
    credential = build_credential(site, facts)
    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["issuer"] == {
        "id": "https://qualify.test/badges/issuer",
        "type": ["Profile"],
        "name": "Landesnetzwerk Test e. V.",
        "url": "https://qualify.test",
        "email": "info@example.org",
    }
    assert credential["id"] == facts.credential_id
    assert credential["name"] == "Kombi-Qualifizierung"


def test_dates_are_utc_seconds_and_validity_ends_when_the_certificate_does(
    site: BadgeSite, facts: BadgeFacts
) -> None:
    credential = build_credential(site, facts)
    assert credential["validFrom"] == "2026-03-01T09:30:15Z"
    assert credential["validUntil"] == "2028-02-29T09:30:15Z"
    forever = build_credential(site, replace(facts, expires_at=None))
    assert "validUntil" not in forever
    with pytest.raises(ValueError, match="timezone"):
        build_credential(site, replace(facts, issued_at=dt.datetime(2026, 1, 1)))


def test_the_subject_holds_the_achievement_with_its_criteria(
    site: BadgeSite, facts: BadgeFacts
) -> None:
    subject = build_credential(site, facts)["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["achievement"]["id"] == "https://qualify.test/badges/achievements/kombi"
    assert subject["achievement"]["type"] == ["Achievement"]
    assert subject["achievement"]["achievementType"] == "Certificate"
    assert subject["achievement"]["criteria"] == {"narrative": facts.achievement.criteria}
    assert subject["achievement"]["inLanguage"] == "de"


def test_the_holder_is_named_and_the_address_only_hashed_with_a_salt(
    site: BadgeSite, facts: BadgeFacts
) -> None:
    identifiers = build_credential(site, facts)["credentialSubject"]["identifier"]
    names = [i["identityHash"] for i in identifiers if i["identityType"] == "name"]
    assert names == ["نور الهدى", "Nur al-Huda"]
    (email,) = [i for i in identifiers if i["identityType"] == "emailAddress"]
    assert email["hashed"] is True and email["type"] == "IdentityObject"
    expected = hashlib.sha256(("nur@example.org" + email["salt"]).encode()).hexdigest()
    assert email["identityHash"] == f"sha256${expected}"
    assert "nur@example.org" not in json.dumps(identifiers).lower()
    other = build_credential(site, replace(facts, code="B" * 32))["credentialSubject"]
    assert other["identifier"][-1]["salt"] != email["salt"]
    no_email = build_credential(site, replace(facts, holder_email=None))["credentialSubject"]
    assert [i["identityType"] for i in no_email["identifier"]] == ["name", "name"]


def test_the_subject_id_is_a_pseudonym_per_certificate(facts: BadgeFacts) -> None:
    assert subject_id(facts.credential_id).startswith("urn:uuid:")
    assert subject_id(facts.credential_id) == subject_id(facts.credential_id)
    assert subject_id(facts.credential_id) != subject_id(facts.credential_id + "X")


def test_revocation_is_a_bitstring_status_list_entry(site: BadgeSite, facts: BadgeFacts) -> None:
    assert build_credential(site, facts)["credentialStatus"] == {
        "id": "https://qualify.test/badges/status/1#4711",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "4711",
        "statusListCredential": "https://qualify.test/badges/status/1",
    }


def test_the_jwt_payload_mirrors_the_credential_in_its_claims(
    site: BadgeSite, facts: BadgeFacts
) -> None:
    credential = build_credential(site, facts)
    payload = jwt_payload(credential)
    assert {k: payload[k] for k in credential} == credential
    assert payload["iss"] == credential["issuer"]["id"]
    assert payload["jti"] == credential["id"]
    assert payload["sub"] == credential["credentialSubject"]["id"]
    assert payload["nbf"] == int(dt.datetime(2026, 3, 1, 9, 30, 15, tzinfo=dt.UTC).timestamp())
    assert payload["exp"] == payload["nbf"] + 730 * 86400


def test_every_term_is_defined_by_the_shipped_contexts(site: BadgeSite, facts: BadgeFacts) -> None:
    status_list = status_list_credential(
        list_url=site.status_list_url,
        issuer_id=site.issuer_id,
        encoded=encode_list([]),
        valid_from="2026-03-01T09:30:00Z",
        ttl_seconds=300,
    )
    for document in (
        build_credential(site, facts),
        with_context(issuer_profile(site)),
        with_context(achievement(site, facts.achievement)),
        status_list,
    ):
        assert undefined_terms(document) == []


def test_the_probe_finds_an_undefined_term(site: BadgeSite, facts: BadgeFacts) -> None:
    credential = build_credential(site, facts)
    credential["credentialSubject"]["favouriteColour"] = "green"
    assert undefined_terms(credential) == ["favouriteColour"]


def test_contexts_are_never_fetched() -> None:
    assert document_loader(VC_V2)["document"]["@context"]["@protected"] is True
    assert "OpenBadgeCredential" in document_loader(OB_V3)["document"]["@context"]
    with pytest.raises(UnknownContext):
        document_loader("https://example.org/context.json")


def test_without_an_operator_name_the_issuer_is_the_sites_host() -> None:
    assert fallback_issuer_name("https://qualify.example.org") == "qualify.example.org"
