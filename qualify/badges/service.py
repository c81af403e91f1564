"""Badge services: a holder's signed badge, the revocation status list, verification."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from qualify.badges.credential import (
    AchievementFacts,
    BadgeFacts,
    BadgeSite,
    achievement,
    build_credential,
    criteria_narrative,
    issuer_profile,
    jwt_payload,
    timestamp,
    with_context,
)
from qualify.badges.criteria import criteria_lines
from qualify.badges.models import BadgeStatusEntry
from qualify.badges.signing import public_jwk, sign, thumbprint
from qualify.badges.statuslist import LIST_BITS, encode_list, minute, status_list_credential
from qualify.badges.verify import BadgeVerdict, StatusListUnavailable, verify_badge
from qualify.certificates.evidence import spec_of
from qualify.certificates.keys import SigningKey
from qualify.certificates.models import Certificate, Qualification
from qualify.certificates.qualification_pages import courses_with_pass_marks
from qualify.core.locales import pick_text
from qualify.core.messages import Message

log = logging.getLogger(__name__)

Translate = Callable[[Message], str]
"""A Message in the site's language (badges speak one language: the site's own)."""

STATUS_TTL_SECONDS = 300
"""How long a verifier may keep the status list (and how long caches keep it)."""


class BadgeError(Exception):
    """A badge that cannot be handed out; `code`: revoked, superseded or list_full."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Badge:
    token: str
    filename: str


def key_id(site: BadgeSite, key: SigningKey) -> str:
    return site.key_id(thumbprint(key.private_key.public_key()))


def published_key(site: BadgeSite, key: SigningKey) -> dict[str, Any]:
    """The site's public key as a JWK (its `kid` is the URL that serves it)."""
    return public_jwk(key.private_key.public_key(), key_id(site, key), key.certificate)


def keyring(site: BadgeSite, key: SigningKey) -> dict[str, ec.EllipticCurvePublicKey]:
    return {key_id(site, key): key.private_key.public_key()}


def status_index_for(
    session: Session, certificate_id: int, pick: Callable[[int], int] = secrets.randbelow
) -> int:
    """The certificate's bit in the status list, given at random on first use (committed).

    Two first downloads at once cannot give one certificate two bits, nor two certificates
    one bit: both are unique in the table, and a loser of either race tries again.
    """
    current = _index_of(session, certificate_id)
    if current is not None:
        return current
    used = set(session.scalars(sa.select(BadgeStatusEntry.status_index)))
    for _attempt in range(1000):
        if len(used) >= LIST_BITS:
            break
        index = pick(LIST_BITS)
        if index in used:
            continue
        try:
            with session.begin_nested():
                session.add(BadgeStatusEntry(certificate_id=certificate_id, status_index=index))
        except IntegrityError:  # a concurrent download took the place, or gave this one
            current = _index_of(session, certificate_id)
            if current is not None:
                return current
            used.add(index)
            continue
        session.commit()
        log.info("badge of certificate %s has status index %s", certificate_id, index)
        return index
    raise BadgeError("list_full")


def _index_of(session: Session, certificate_id: int) -> int | None:
    return session.scalar(
        sa.select(BadgeStatusEntry.status_index).where(
            BadgeStatusEntry.certificate_id == certificate_id
        )
    )


def qualification_criteria(
    session: Session, qualification: Qualification, language: str
) -> list[Message]:
    """What the qualification asks for, one sentence per requirement (1 query)."""
    rules = spec_of(qualification).rules
    named = courses_with_pass_marks(session, rules.course_ids)
    titles = {course.slug: pick_text(course.title, language) for course, _mark in named}
    pass_marks = {course.slug: pass_mark for course, pass_mark in named}
    return criteria_lines(rules, lambda slug: titles.get(slug, slug), pass_marks)


def achievement_facts(
    session: Session, qualification: Qualification, language: str, translate: Translate
) -> AchievementFacts:
    lines = qualification_criteria(session, qualification, language)
    narrative = criteria_narrative(
        translate(Message("To earn this qualification, a person must:")),
        [translate(line) for line in lines],
    )
    return AchievementFacts(
        slug=qualification.slug,
        name=qualification.title_in(language),
        description=pick_text(qualification.description, language),
        criteria=narrative,
    )


def holder_badge(
    session: Session,
    *,
    user_id: int,
    certificate_id: int,
    site: BadgeSite,
    key: SigningKey,
    verify_url: Callable[[str], str],
    translate: Translate,
) -> Badge | None:
    """The signed badge of the holder's own certificate; None if it is not theirs (404).

    Raises BadgeError for a revoked or superseded certificate: neither is handed out as a
    valid credential (its verification page says what became of it)."""
    certificate = session.scalar(
        sa.select(Certificate)
        .where(Certificate.id == certificate_id, Certificate.user_id == user_id)
        .options(joinedload(Certificate.qualification), joinedload(Certificate.user))
    )
    if certificate is None:
        return None
    if certificate.revoked_at is not None:
        raise BadgeError("revoked")
    if certificate.superseded_by_id is not None:
        raise BadgeError("superseded")
    index = status_index_for(session, certificate.id)
    facts = achievement_facts(session, certificate.qualification, site.language, translate)
    badge = BadgeFacts(
        code=certificate.code,
        credential_id=verify_url(certificate.code),
        achievement=AchievementFacts(
            facts.slug, certificate.title_in(site.language), facts.description, facts.criteria
        ),
        holder_names=tuple(
            n for n in (certificate.holder_name, certificate.holder_name_latin) if n
        ),
        holder_email=None if certificate.user.deleted_at else certificate.user.email,
        issued_at=certificate.issued_at,
        expires_at=certificate.expires_at,
        status_index=index,
    )
    token = sign(jwt_payload(build_credential(site, badge)), key.private_key, key_id(site, key))
    return Badge(token, f"badge-{certificate.qualification.slug}.jwt")


def achievement_document(
    session: Session, slug: str, site: BadgeSite, translate: Translate
) -> dict[str, Any] | None:
    """The Achievement a badge names, published at its id (archived ones too: old badges
    still point to them)."""
    qualification = session.scalar(sa.select(Qualification).where(Qualification.slug == slug))
    if qualification is None:
        return None
    facts = achievement_facts(session, qualification, site.language, translate)
    return with_context(achievement(site, facts))


def issuer_document(site: BadgeSite) -> dict[str, Any]:
    return with_context(issuer_profile(site))


def revoked_indices(session: Session) -> list[int]:
    """The bits to set: badges of revoked certificates and of superseded ones (a renewal or
    a name correction replaced them), so a badge already in a wallet stops verifying too."""
    return list(
        session.scalars(
            sa.select(BadgeStatusEntry.status_index)
            .join(Certificate, Certificate.id == BadgeStatusEntry.certificate_id)
            .where(
                sa.or_(Certificate.revoked_at.is_not(None), Certificate.superseded_at.is_not(None))
            )
        )
    )


def status_list_token(session: Session, site: BadgeSite, key: SigningKey, now: dt.datetime) -> str:
    """The revocation status list as a signed VC-JWT, made from the database (one query)."""
    credential = status_list_credential(
        list_url=site.status_list_url,
        issuer_id=site.issuer_id,
        encoded=encode_list(revoked_indices(session)),
        valid_from=timestamp(minute(now)),
        ttl_seconds=STATUS_TTL_SECONDS,
    )
    payload = {**credential, "iss": site.issuer_id, "jti": site.status_list_url}
    payload["nbf"] = int(minute(now).timestamp())
    return sign(payload, key.private_key, key_id(site, key))


def verify_badge_token(
    session: Session, token: str, site: BadgeSite, key: SigningKey, now: dt.datetime
) -> BadgeVerdict:
    """Verify a badge against this site's key and its current status list."""

    def status_lists(url: str) -> str:
        if url != site.status_list_url:
            raise StatusListUnavailable(
                Message("the status list %(url)s is not one this site publishes", url=url)
            )
        return status_list_token(session, site, key, now)

    return verify_badge(
        token,
        issuer_id=site.issuer_id,
        keys=keyring(site, key),
        status_lists=status_lists,
        now=now,
    )
