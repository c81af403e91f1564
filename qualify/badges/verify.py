"""Verify a badge: its signature, its content, its revocation status and its dates. Pure.

Each check says in a sentence what it found, so the command line (and any page that shows a
verdict) can tell which one failed. The keys and status lists come in as arguments: this
module fetches nothing, and the caller decides which keys and lists it trusts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec

from qualify.badges.contexts import VC_V2
from qualify.badges.credential import numeric_date, parse_timestamp
from qualify.badges.signing import ALGORITHM
from qualify.badges.statuslist import StatusListError, bit_is_set, decode_list
from qualify.core.messages import Message

OB_CONTEXT_PREFIX = "https://purl.imsglobal.org/spec/ob/v3p0/context"

StatusSource = Callable[[str], str]
"""The status list credential (a VC-JWT) at a URL; raises StatusListUnavailable."""


class StatusListUnavailable(Exception):
    """The status list cannot be had; the message (a Message) says why."""


class Check(StrEnum):
    SIGNATURE = "signature"
    CONTENT = "content"
    STATUS = "status"
    DATES = "dates"


class Outcome(StrEnum):
    VALID = "valid"
    REVOKED = "revoked"
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"
    STATUS_UNKNOWN = "status_unknown"
    INVALID = "invalid"


@dataclass(frozen=True)
class CheckResult:
    check: Check
    passed: bool
    message: Message


@dataclass(frozen=True)
class BadgeVerdict:
    outcome: Outcome
    checks: tuple[CheckResult, ...]
    credential: dict[str, Any] | None = None

    @property
    def failed(self) -> CheckResult | None:
        return next((c for c in self.checks if not c.passed), None)


class _Failed(Exception):
    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message


def verify_badge(
    token: str,
    *,
    issuer_id: str,
    keys: Mapping[str, ec.EllipticCurvePublicKey],
    status_lists: StatusSource,
    now: dt.datetime,
) -> BadgeVerdict:
    """Check a VC-JWT badge issued by `issuer_id` whose key is among `keys` (kid -> key)."""
    try:
        kid, payload = verified_payload(token, keys)
    except _Failed as failed:
        return BadgeVerdict(Outcome.INVALID, (CheckResult(Check.SIGNATURE, False, failed.message),))
    checks = [
        CheckResult(Check.SIGNATURE, True, Message("Signature valid (key %(kid)s).", kid=kid))
    ]
    try:
        check_content(payload, issuer_id)
    except _Failed as failed:
        checks.append(CheckResult(Check.CONTENT, False, failed.message))
        return BadgeVerdict(Outcome.INVALID, tuple(checks), payload)
    checks.append(
        CheckResult(
            Check.CONTENT,
            True,
            Message(
                "The content is an Open Badges 3.0 credential for “%(name)s”.",
                name=payload["name"],
            ),
        )
    )
    status = _status_check(payload, issuer_id, keys, status_lists)
    dates = _dates_check(payload, now)
    return BadgeVerdict(_outcome(status, dates), (*checks, status[0], dates[0]), payload)


def _outcome(status: tuple[CheckResult, Outcome], dates: tuple[CheckResult, Outcome]) -> Outcome:
    """Revoked before expired (as on the verification page), and a definite answer before
    an unchecked status."""
    for outcome in (Outcome.REVOKED, Outcome.EXPIRED, Outcome.NOT_YET_VALID):
        if outcome in (status[1], dates[1]):
            return outcome
    return status[1]


def verified_payload(
    token: str, keys: Mapping[str, ec.EllipticCurvePublicKey]
) -> tuple[str, dict[str, Any]]:
    """The payload of a compact JWS signed ES256 by one of `keys`; raises _Failed."""
    token = token.strip()
    try:
        header = jwt.get_unverified_header(token)
    except jwt.DecodeError:
        raise _Failed(
            Message("The file is not a signed badge (a JSON Web Token in three parts).")
        ) from None
    if header.get("alg") != ALGORITHM:
        raise _Failed(
            Message(
                "The badge is signed with %(algorithm)s; only ES256 is accepted.",
                algorithm=str(header.get("alg")),
            )
        )
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise _Failed(Message("The badge does not name its signing key (kid)."))
    key = keys.get(kid)
    if key is None:
        raise _Failed(
            Message("The badge was signed with a key this site does not publish: %(kid)s", kid=kid)
        )
    try:
        payload = jwt.decode(
            token,
            key,
            algorithms=[ALGORITHM],
            options={
                # Only the signature here: the dates get their own check and sentence.
                "verify_exp": False,
                "verify_nbf": False,
                "verify_iat": False,
                "verify_aud": False,
                "verify_iss": False,
                "verify_sub": False,
                "verify_jti": False,
            },
        )
    except jwt.InvalidSignatureError:
        raise _Failed(
            Message(
                "The signature does not match: the badge was changed after signing or "
                "signed with another key."
            )
        ) from None
    except jwt.InvalidTokenError:
        raise _Failed(
            Message("The file is not a signed badge (a JSON Web Token in three parts).")
        ) from None
    return kid, payload


def _wrong(field: str) -> _Failed:
    return _Failed(
        Message(
            "The content is not an Open Badges 3.0 credential: %(field)s is missing or wrong.",
            field=field,
        )
    )


def _require(condition: bool, field: str) -> None:
    if not condition:
        raise _wrong(field)


def _types(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def check_content(payload: dict[str, Any], issuer_id: str) -> None:
    """The credential's shape and its JWT claims (OB 3.0 section 8.2); raises _Failed."""
    context = payload.get("@context")
    _require(
        isinstance(context, list)
        and len(context) >= 2
        and context[0] == VC_V2
        and isinstance(context[1], str)
        and context[1].startswith(OB_CONTEXT_PREFIX),
        "@context",
    )
    _require(
        {"VerifiableCredential", "OpenBadgeCredential"} <= set(_types(payload.get("type"))), "type"
    )
    _require(isinstance(payload.get("id"), str), "id")
    _require(isinstance(payload.get("name"), str), "name")
    issuer = payload.get("issuer")
    _require(isinstance(issuer, dict) and isinstance(issuer.get("id"), str), "issuer")
    if issuer["id"] != issuer_id:
        raise _Failed(
            Message(
                "The badge was issued by %(issuer)s, not by this site (%(site)s).",
                issuer=issuer["id"],
                site=issuer_id,
            )
        )
    _check_subject(payload.get("credentialSubject"))
    _check_status_entry(payload.get("credentialStatus"))
    _check_claims(payload)


def _check_subject(subject: Any) -> None:
    _require(isinstance(subject, dict), "credentialSubject")
    _require("AchievementSubject" in _types(subject.get("type")), "credentialSubject.type")
    _require(
        isinstance(subject.get("id"), str) or bool(subject.get("identifier")),
        "credentialSubject.id",
    )
    achievement = subject.get("achievement")
    _require(isinstance(achievement, dict), "credentialSubject.achievement")
    _require("Achievement" in _types(achievement.get("type")), "achievement.type")
    _require(isinstance(achievement.get("id"), str), "achievement.id")
    _require(isinstance(achievement.get("name"), str), "achievement.name")
    criteria = achievement.get("criteria")
    _require(
        isinstance(criteria, dict) and bool(criteria.get("narrative") or criteria.get("id")),
        "achievement.criteria",
    )


def _check_status_entry(entry: Any) -> None:
    _require(isinstance(entry, dict), "credentialStatus")
    _require(entry.get("type") == "BitstringStatusListEntry", "credentialStatus.type")
    _require(entry.get("statusPurpose") == "revocation", "credentialStatus.statusPurpose")
    index = entry.get("statusListIndex")
    _require(isinstance(index, str) and index.isascii() and index.isdigit(), "statusListIndex")
    _require(isinstance(entry.get("statusListCredential"), str), "statusListCredential")


def _check_claims(payload: dict[str, Any]) -> None:
    _require(payload.get("iss") == payload["issuer"]["id"], "iss")
    _require(payload.get("jti") == payload["id"], "jti")
    _require(payload.get("sub") == payload["credentialSubject"].get("id"), "sub")
    try:
        valid_from = numeric_date(parse_timestamp(payload["validFrom"]))
        valid_until = (
            numeric_date(parse_timestamp(payload["validUntil"]))
            if "validUntil" in payload
            else None
        )
    except (KeyError, TypeError, ValueError):
        raise _wrong("validFrom/validUntil") from None
    _require(payload.get("nbf") == valid_from, "nbf")
    _require(payload.get("exp") == valid_until, "exp")


def _status_check(
    payload: dict[str, Any],
    issuer_id: str,
    keys: Mapping[str, ec.EllipticCurvePublicKey],
    status_lists: StatusSource,
) -> tuple[CheckResult, Outcome]:
    entry = payload["credentialStatus"]
    try:
        revoked = is_revoked(entry, issuer_id, keys, status_lists)
    except StatusListUnavailable as unavailable:
        message = Message(
            "The status list cannot be checked: %(reason)s", reason=unavailable.args[0]
        )
        return CheckResult(Check.STATUS, False, message), Outcome.STATUS_UNKNOWN
    if revoked:
        message = Message("Revoked: the issuer's status list marks this badge as revoked.")
        return CheckResult(Check.STATUS, False, message), Outcome.REVOKED
    message = Message("Not revoked (the issuer's status list was checked).")
    return CheckResult(Check.STATUS, True, message), Outcome.VALID


def is_revoked(
    entry: dict[str, Any],
    issuer_id: str,
    keys: Mapping[str, ec.EllipticCurvePublicKey],
    status_lists: StatusSource,
) -> bool:
    """The entry's bit in its status list, a VC-JWT checked like a badge."""
    token = status_lists(entry["statusListCredential"])
    try:
        _kid, status_list = verified_payload(token, keys)
    except _Failed:
        raise StatusListUnavailable(Message("the status list's signature is not valid")) from None
    issuer = status_list.get("issuer")
    issuer = issuer.get("id") if isinstance(issuer, dict) else issuer
    subject = status_list.get("credentialSubject")
    if (
        issuer != issuer_id
        or "BitstringStatusListCredential" not in _types(status_list.get("type"))
        or not isinstance(subject, dict)
        or subject.get("statusPurpose") != entry["statusPurpose"]
        or not isinstance(subject.get("encodedList"), str)
    ):
        raise StatusListUnavailable(
            Message("the status list is not a revocation list of this issuer")
        )
    try:
        return bit_is_set(decode_list(subject["encodedList"]), int(entry["statusListIndex"]))
    except StatusListError as error:
        raise StatusListUnavailable(
            Message("the status list cannot be read (%(detail)s)", detail=str(error))
        ) from None


def _dates_check(payload: dict[str, Any], now: dt.datetime) -> tuple[CheckResult, Outcome]:
    start = parse_timestamp(payload["validFrom"])
    end = parse_timestamp(payload["validUntil"]) if "validUntil" in payload else None
    if now < start:
        message = Message("Not valid before %(start)s.", start=_shown(start))
        return CheckResult(Check.DATES, False, message), Outcome.NOT_YET_VALID
    if end is not None and end <= now:
        message = Message("Expired on %(end)s.", end=_shown(end))
        return CheckResult(Check.DATES, False, message), Outcome.EXPIRED
    if end is None:
        message = Message("Valid since %(start)s, without an end date.", start=_shown(start))
    else:
        message = Message(
            "Valid from %(start)s until %(end)s.", start=_shown(start), end=_shown(end)
        )
    return CheckResult(Check.DATES, True, message), Outcome.VALID


def _shown(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
