"""What a holder downloads and what any verifier can fetch: checked as an outsider would,
with nothing but the site's public documents."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import jwt
import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from qualify.accounts.models import Role, User
from qualify.badges.signing import key_from_jwk
from qualify.badges.verify import Outcome, StatusListUnavailable, verify_badge
from qualify.certificates import service as certificates
from qualify.certificates.codes import new_code
from qualify.certificates.keys import load_signing_key
from qualify.certificates.models import Certificate, Qualification
from qualify.core.clock import utcnow
from qualify.core.messages import Message

pytestmark = pytest.mark.usefixtures("imported_content")


@pytest.fixture
def holder(login_as: Callable[..., User]) -> User:
    return login_as(Role.LEARNER, name="Nour Haddad", locale="ar")


@pytest.fixture
def certificate(session: Session, holder: User) -> Certificate:
    qualification = session.scalars(sa.select(Qualification).filter_by(slug="mit-workshop")).one()
    certificate = Certificate(
        code=new_code(),
        user_id=holder.id,
        qualification_id=qualification.id,
        issued_at=utcnow(),
        holder_name="نور حداد",
        holder_name_latin="Nour Haddad",
        title=qualification.title,
        courses=[],
    )
    session.add(certificate)
    session.commit()
    return certificate


def path(url: str) -> str:
    assert url.startswith("https://qualify.test/")
    return urlsplit(url).path


def verify_from_outside(client: FlaskClient, token: str) -> Outcome:
    """A verifier's view: the issuer, key and status list from the URLs the badge names."""
    credential = jwt.decode(token, options={"verify_signature": False})
    issuer_id = credential["issuer"]["id"]
    assert client.get(path(issuer_id)).get_json()["id"] == issuer_id
    jwks = client.get("/.well-known/jwks.json").get_json()
    keys = {jwk["kid"]: key_from_jwk(jwk) for jwk in jwks["keys"]}

    def status_lists(url: str) -> str:
        response = client.get(path(url))
        if response.status_code != 200:
            raise StatusListUnavailable(Message("no list"))
        return response.get_data(as_text=True)

    verdict = verify_badge(
        token, issuer_id=issuer_id, keys=keys, status_lists=status_lists, now=utcnow()
    )
    return verdict.outcome


def test_the_holder_downloads_a_badge_that_verifies_from_outside(
    client: FlaskClient, certificate: Certificate
) -> None:
    response = client.get(f"/certificates/{certificate.id}/badge.jwt")
    assert response.status_code == 200
    assert response.mimetype == "application/jwt"
    assert (
        response.headers["Content-Disposition"] == 'attachment; filename="badge-mit-workshop.jwt"'
    )
    assert "no-store" in response.headers["Cache-Control"]
    token = response.get_data(as_text=True)
    assert verify_from_outside(client, token) is Outcome.VALID


def test_the_badge_speaks_the_sites_language_whatever_the_holders(
    client: FlaskClient, certificate: Certificate
) -> None:
    token = client.get(f"/certificates/{certificate.id}/badge.jwt").get_data(as_text=True)
    credential = jwt.decode(token, options={"verify_signature": False})
    achievement = credential["credentialSubject"]["achievement"]
    assert achievement["name"] == "Mit Workshop" and achievement["inLanguage"] == "de"
    assert achievement["criteria"]["narrative"] == (
        "Um diese Qualifizierung zu erhalten, muss eine Person:\n\n"
        "- den Kurs „Testkurs“ bestehen: Abschlusstest bestanden (Bestehensgrenze 60 %)\n"
        "- 8 Stunden Präsenz-Workshops besuchen"
    )


def test_after_revocation_the_badge_is_revoked_and_not_handed_out(
    client: FlaskClient, certificate: Certificate, session: Session
) -> None:
    token = client.get(f"/certificates/{certificate.id}/badge.jwt").get_data(as_text=True)
    certificates.revoke(session, certificate.code, "Fehler bei der Prüfung", utcnow())
    assert verify_from_outside(client, token) is Outcome.REVOKED
    again = client.get(f"/certificates/{certificate.id}/badge.jwt")
    assert again.status_code == 410
    # The refusal speaks the holder's language (Arabic here); the badge itself German.
    assert "أُلغيت هذه الشهادة، لذلك لا توجد لها شارة صالحة." in again.get_data(as_text=True)


def test_someone_elses_badge_is_not_found(
    client: FlaskClient, certificate: Certificate, login_as: Callable[..., User]
) -> None:
    login_as(Role.LEARNER)
    assert client.get(f"/certificates/{certificate.id}/badge.jwt").status_code == 404


def test_the_dashboard_offers_the_badge(client: FlaskClient, certificate: Certificate) -> None:
    page = client.get("/dashboard", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert f"/certificates/{certificate.id}/badge.jwt" in page


def test_the_public_key_is_served_where_the_kid_points(
    client: FlaskClient, certificate: Certificate, app: Flask
) -> None:
    token = client.get(f"/certificates/{certificate.id}/badge.jwt").get_data(as_text=True)
    kid = jwt.get_unverified_header(token)["kid"]
    response = client.get(path(kid))
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    jwk = response.get_json()
    assert jwk["kid"] == kid and "d" not in jwk
    signing_key = load_signing_key(app.config["SIGNING_DIR"])
    assert key_from_jwk(jwk) == signing_key.private_key.public_key()
    assert client.get("/badges/keys/somebody-elses").status_code == 404


def test_the_issuer_profile_names_the_operator(client: FlaskClient) -> None:
    profile = client.get("/badges/issuer").get_json()
    assert profile["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert profile["type"] == ["Profile"]
    assert profile["id"] == "https://qualify.test/badges/issuer"
    assert profile["url"] == "https://qualify.test"
    # No operator file in the tests: the site's host stands in, never an invented name.
    assert profile["name"] == "qualify.test"


def test_the_operator_from_the_operator_file_is_the_issuer(
    build_app: Callable[..., Flask], tmp_path: Path
) -> None:
    operator_file = tmp_path / "operator.toml"
    operator_file.write_text('name = "Netzwerk Beispiel e. V."\nemail = "post@example.org"\n')
    other = build_app(OPERATOR_FILE=operator_file)
    profile = other.test_client().get("/badges/issuer").get_json()
    assert (profile["name"], profile["email"]) == ("Netzwerk Beispiel e. V.", "post@example.org")


def test_achievements_are_published_at_their_ids(client: FlaskClient) -> None:
    document = client.get("/badges/achievements/mit-workshop").get_json()
    assert document["id"] == "https://qualify.test/badges/achievements/mit-workshop"
    assert document["type"] == ["Achievement"] and document["name"] == "Mit Workshop"
    assert "8 Stunden" in document["criteria"]["narrative"]
    assert client.get("/badges/achievements/unknown").status_code == 404


def test_the_status_list_is_signed_public_and_briefly_cacheable(client: FlaskClient) -> None:
    response = client.get("/badges/status/1")
    assert response.status_code == 200
    assert response.mimetype == "application/jwt"
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    status_list = jwt.decode(response.get_data(as_text=True), options={"verify_signature": False})
    assert status_list["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert status_list["credentialSubject"]["statusPurpose"] == "revocation"


def test_without_a_signing_key_badges_are_unavailable_not_an_error(
    build_app: Callable[..., Flask], tmp_path: Path
) -> None:
    keyless = build_app(SIGNING_DIR=tmp_path / "none").test_client()
    for url in ("/badges/status/1", "/.well-known/jwks.json"):
        response = keyless.get(url, headers={"Accept-Language": "en"})
        assert response.status_code == 503
        assert "qualify certificates init-key" in response.get_data(as_text=True)
    assert keyless.get("/badges/issuer").status_code == 200
