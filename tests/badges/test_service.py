"""A holder's badge from the database, its place in the status list, and revocation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import jwt
import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import Session

from qualify.accounts.models import User
from qualify.badges import service
from qualify.badges.credential import BadgeSite
from qualify.badges.models import BadgeStatusEntry
from qualify.badges.service import BadgeError
from qualify.badges.verify import Check, Outcome
from qualify.certificates import service as certificates
from qualify.certificates.codes import new_code
from qualify.certificates.keys import SigningKey, load_signing_key
from qualify.certificates.models import Certificate, Qualification
from qualify.certificates.ruledata import spec_data
from qualify.certificates.rules import (
    Assignment,
    QualificationSpec,
    Requirement,
    RuleSet,
    Validity,
)
from qualify.core.clock import utcnow

pytestmark = pytest.mark.usefixtures("imported_content")

SITE = BadgeSite(base_url="https://qualify.test", issuer_name="Test e. V.", language="de")


@pytest.fixture
def signing_key(app: Flask) -> SigningKey:
    return load_signing_key(app.config["SIGNING_DIR"])


@pytest.fixture
def make_certificate(
    session: Session, make_user: Callable[..., User]
) -> Callable[..., Certificate]:
    def make(user: User | None = None, slug: str = "mit-workshop", **values: object) -> Certificate:
        holder = user or make_user(name="Nour Haddad")
        qualification = session.scalars(sa.select(Qualification).filter_by(slug=slug)).one()
        certificate = Certificate(
            code=new_code(),
            user_id=holder.id,
            qualification_id=qualification.id,
            issued_at=utcnow(),
            holder_name=holder.name,
            title=qualification.title,
            courses=[],
            **values,
        )
        session.add(certificate)
        session.commit()
        return certificate

    return make


def badge_of(session: Session, certificate: Certificate, key: SigningKey) -> str:
    badge = service.holder_badge(
        session,
        user_id=certificate.user_id,
        certificate_id=certificate.id,
        site=SITE,
        key=key,
        verify_url=lambda code: f"https://qualify.test/verify/{code}",
        translate=str,
    )
    assert badge is not None
    return badge.token


def test_the_holder_gets_a_badge_that_verifies(
    session: Session, make_certificate: Callable[..., Certificate], signing_key: SigningKey
) -> None:
    certificate = make_certificate()
    token = badge_of(session, certificate, signing_key)
    verdict = service.verify_badge_token(session, token, SITE, signing_key, utcnow())
    assert verdict.outcome is Outcome.VALID, verdict.failed
    credential = jwt.decode(token, options={"verify_signature": False})
    assert credential["id"] == f"https://qualify.test/verify/{certificate.code}"
    assert credential["name"] == "Mit Workshop"
    assert credential["credentialSubject"]["identifier"][0]["identityHash"] == "Nour Haddad"
    assert credential["credentialSubject"]["achievement"]["criteria"]["narrative"] == (
        "To earn this qualification, a person must:\n\n"
        "- pass the course “Testkurs”: final quiz passed (pass mark 60 %)\n"
        "- attend 8 hours of in-person workshops"
    )


def test_the_criteria_follow_the_rules_and_leave_out_renewal(
    session: Session, make_certificate: Callable[..., Certificate], signing_key: SigningKey
) -> None:
    """Not every course that counts is "pass the course": the rules say how each counts,
    and a course to pass again for renewal is no part of earning the qualification."""
    certificate = make_certificate(slug="testzertifikat")
    renewal = RuleSet(courses=(Requirement("renewal-course"),))
    certificate.qualification.rules = spec_data(
        QualificationSpec(
            "testzertifikat",
            {},
            {},
            (Requirement("testkurs", 75),),
            assignment=Assignment("testkurs-essay", "praxis", 70),
            sign_off=True,
            validity=Validity(24, renewal),
        )
    )
    session.commit()
    credential = jwt.decode(
        badge_of(session, certificate, signing_key), options={"verify_signature": False}
    )
    narrative = credential["credentialSubject"]["achievement"]["criteria"]["narrative"]
    assert narrative.splitlines()[2:] == [
        "- pass the course “Testkurs”: final quiz with at least 75 %, all lessons done",
        "- hand in the practice assignment of the course “testkurs-essay” and have it marked "
        "by a trainer with at least 70 %",
        "- be confirmed as ready by a trainer at the end (sign-off)",
    ]


def test_expiry_and_the_latin_name_reach_the_badge(
    session: Session, make_certificate: Callable[..., Certificate], signing_key: SigningKey
) -> None:
    expires = utcnow() + dt.timedelta(days=365)
    certificate = make_certificate(expires_at=expires, holder_name_latin="Nur Haddad")
    credential = jwt.decode(
        badge_of(session, certificate, signing_key), options={"verify_signature": False}
    )
    assert credential["exp"] == int(expires.replace(microsecond=0).timestamp())
    names = [i["identityHash"] for i in credential["credentialSubject"]["identifier"][:2]]
    assert names == ["Nour Haddad", "Nur Haddad"]


def test_a_badge_keeps_its_place_in_the_status_list(
    session: Session, make_certificate: Callable[..., Certificate], signing_key: SigningKey
) -> None:
    certificate = make_certificate()
    first = jwt.decode(
        badge_of(session, certificate, signing_key), options={"verify_signature": False}
    )
    again = jwt.decode(
        badge_of(session, certificate, signing_key), options={"verify_signature": False}
    )
    assert first == again  # the same content each time; only the signature differs
    entries = session.scalars(sa.select(BadgeStatusEntry)).all()
    assert [(e.certificate_id, str(e.status_index)) for e in entries] == [
        (certificate.id, first["credentialStatus"]["statusListIndex"])
    ]


def test_places_are_random_and_never_shared(
    session: Session, make_certificate: Callable[..., Certificate]
) -> None:
    picks = iter([7, 7, 7, 3])  # the second certificate draws the taken 7 twice
    first, second = make_certificate(), make_certificate()
    assert service.status_index_for(session, first.id, pick=lambda _n: next(picks)) == 7
    assert service.status_index_for(session, second.id, pick=lambda _n: next(picks)) == 3
    indices = {service.status_index_for(session, make_certificate().id) for _ in range(20)}
    assert len(indices) == 20 and not indices & {3, 7}


def test_a_place_taken_meanwhile_is_drawn_again(
    session: Session, make_certificate: Callable[..., Certificate]
) -> None:
    """Another download takes place 5 between reading the used places and writing."""
    rival, certificate = make_certificate(), make_certificate()
    draws = iter([5, 6])

    def pick(_n: int) -> int:
        index = next(draws)
        if index == 5:
            session.add(BadgeStatusEntry(certificate_id=rival.id, status_index=5))
            session.flush()
        return index

    assert service.status_index_for(session, certificate.id, pick=pick) == 6
    assert service.status_index_for(session, rival.id) == 5


def test_a_full_list_refuses_new_badges(
    session: Session,
    make_certificate: Callable[..., Certificate],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(service, "LIST_BITS", 2)
    for index in (0, 1):
        service.status_index_for(session, make_certificate().id, pick=lambda _n, i=index: i)
    with pytest.raises(BadgeError) as refused:
        service.status_index_for(session, make_certificate().id)
    assert refused.value.code == "list_full"


def test_revoking_the_certificate_revokes_the_badge(
    session: Session, make_certificate: Callable[..., Certificate], signing_key: SigningKey
) -> None:
    certificate, bystander = make_certificate(), make_certificate()
    token = badge_of(session, certificate, signing_key)
    other_token = badge_of(session, bystander, signing_key)
    certificates.revoke(session, certificate.code, "Täuschung in der Prüfung", utcnow())
    verdict = service.verify_badge_token(session, token, SITE, signing_key, utcnow())
    assert verdict.outcome is Outcome.REVOKED
    assert verdict.failed is not None and verdict.failed.check is Check.STATUS
    assert service.verify_badge_token(
        session, other_token, SITE, signing_key, utcnow()
    ).outcome is (Outcome.VALID)
    index = session.get_one(BadgeStatusEntry, certificate.id).status_index
    assert service.revoked_indices(session) == [index]
    with pytest.raises(BadgeError) as refused:
        badge_of(session, certificate, signing_key)
    assert refused.value.code == "revoked"


def test_a_superseded_certificate_has_no_badge(
    session: Session, make_certificate: Callable[..., Certificate], signing_key: SigningKey
) -> None:
    old = make_certificate()
    # Any later certificate will do as the successor here (renewal is the certificates' part).
    new = make_certificate(user=session.get_one(User, old.user_id), slug="testzertifikat")
    old.superseded_at, old.superseded_by_id = utcnow(), new.id
    session.commit()
    with pytest.raises(BadgeError) as refused:
        badge_of(session, old, signing_key)
    assert refused.value.code == "superseded"


def test_a_badge_downloaded_before_its_certificate_was_superseded_no_longer_verifies(
    session: Session, make_certificate: Callable[..., Certificate], signing_key: SigningKey
) -> None:
    """A name correction or a renewal replaces the certificate: the old badge, already in
    the holder's wallet, must stop verifying as valid, as the old PDF's page says."""
    old, bystander = make_certificate(), make_certificate()
    token = badge_of(session, old, signing_key)
    badge_of(session, bystander, signing_key)
    new = make_certificate(user=session.get_one(User, old.user_id), slug="testzertifikat")
    old.superseded_at, old.superseded_by_id = utcnow(), new.id
    session.commit()
    verdict = service.verify_badge_token(session, token, SITE, signing_key, utcnow())
    assert verdict.outcome is Outcome.REVOKED
    assert verdict.failed is not None and verdict.failed.check is Check.STATUS
    assert service.revoked_indices(session) == [
        session.get_one(BadgeStatusEntry, old.id).status_index
    ]


def test_someone_elses_certificate_gives_nothing(
    session: Session,
    make_certificate: Callable[..., Certificate],
    make_user: Callable[..., User],
    signing_key: SigningKey,
) -> None:
    certificate = make_certificate()
    stranger = make_user()
    assert (
        service.holder_badge(
            session,
            user_id=stranger.id,
            certificate_id=certificate.id,
            site=SITE,
            key=signing_key,
            verify_url=str,
            translate=str,
        )
        is None
    )
    assert session.scalars(sa.select(BadgeStatusEntry)).all() == []


def test_a_badge_from_another_site_url_is_not_verified_against_its_list(
    session: Session, make_certificate: Callable[..., Certificate], signing_key: SigningKey
) -> None:
    token = badge_of(session, make_certificate(), signing_key)
    moved = BadgeSite(base_url="https://new.test", issuer_name="Test e. V.", language="de")
    verdict = service.verify_badge_token(session, token, moved, signing_key, utcnow())
    assert verdict.outcome is Outcome.INVALID
    assert verdict.failed is not None and verdict.failed.check is Check.SIGNATURE
