"""The holder's dashboard: every certificate with its status today, a download only for
valid and expired ones, and LinkedIn's add-to-profile link only for valid ones."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from qualify.accounts.models import User
from qualify.certificates import service
from qualify.certificates.codes import format_code
from qualify.certificates.document import DEFAULT_ISSUER as ISSUER  # no operator file in tests
from qualify.certificates.linkedin import ProfileEntry, add_to_profile_url
from qualify.core.clock import utcnow
from tests.certificates.issued import issue, supersede

pytestmark = pytest.mark.usefixtures("imported_content")


def dashboard(client: FlaskClient) -> str:
    response = client.get("/dashboard")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def card(page: str, certificate_id: int) -> str:
    match = re.search(rf'id="certificate-{certificate_id}">(.*?)</article>', page, re.S)
    assert match, f"no card for certificate {certificate_id}"
    return match.group(1)


def linkedin_params(html: str) -> dict[str, str]:
    [link] = re.findall(r'href="(https://www\.linkedin\.com/profile/add\?[^"]+)"', html)
    parts = urlsplit(link.replace("&amp;", "&"))
    return {key: values[0] for key, values in parse_qs(parts.query, strict_parsing=True).items()}


def test_a_valid_certificate_offers_download_verification_and_linkedin(
    app, client: FlaskClient, session: Session, login_as: Callable[..., User]
) -> None:
    learner = login_as(name="Amal Haddad")
    issued = dt.datetime(2026, 2, 14, 9, tzinfo=dt.UTC)
    certificate = issue(session, learner, issued_at=issued, holder_name_latin=None)
    page = dashboard(client)
    html = card(page, certificate.id)
    assert "Meine Zertifikate" in page and "Gültig" in html and "14.02.2026" in html
    assert f'href="/certificates/{certificate.id}.pdf"' in html
    assert f'href="/verify/{certificate.code}"' in html
    assert f'href="#certificate-{certificate.id}">Zum Zertifikat' in page  # from its qualification
    assert linkedin_params(html) == {
        "startTask": "CERTIFICATION_NAME",
        "name": "Testzertifikat",
        "organizationName": ISSUER,
        "issueYear": "2026",
        "issueMonth": "2",
        "certUrl": f"{app.config['BASE_URL']}/verify/{certificate.code}",
        "certId": format_code(certificate.code),
    }
    assert 'rel="noopener noreferrer"' in html


def test_a_certificate_with_an_end_shows_it_and_tells_linkedin(
    client: FlaskClient, session: Session, login_as: Callable[..., User]
) -> None:
    learner = login_as()
    until = dt.datetime(2028, 11, 30, tzinfo=dt.UTC)
    certificate = issue(session, learner, expires_at=until)
    html = card(dashboard(client), certificate.id)
    assert "gültig bis 30.11.2028" in html
    params = linkedin_params(html)
    assert (params["expirationYear"], params["expirationMonth"]) == ("2028", "11")


def test_an_arabic_card_joins_its_dates_without_a_latin_comma(
    client: FlaskClient, session: Session, login_as: Callable[..., User]
) -> None:
    """Two translated parts joined by a comma in the template showed a Latin comma inside
    Arabic text (seen in Chromium); parts are joined by a middle dot, which reads in every
    script, as elsewhere on the site."""
    learner = login_as(locale="ar")
    certificate = issue(session, learner, expires_at=dt.datetime(2028, 11, 30, tzinfo=dt.UTC))
    html = card(dashboard(client), certificate.id)
    assert re.search(r"[\u0600-\u06ff]", html)
    assert not re.search(r"[\u0600-\u06ff0-9], +[\u0600-\u06ff]", html)


def test_a_revoked_certificate_says_so_and_is_not_offered(
    client: FlaskClient, session: Session, login_as: Callable[..., User]
) -> None:
    learner = login_as()
    certificate = issue(session, learner)
    service.revoke(session, certificate.code, "Prüfung nicht selbst abgelegt", utcnow())
    page = dashboard(client)
    html = card(page, certificate.id)
    assert "Widerrufen am" in html and "Grund: <bdi>Prüfung nicht selbst abgelegt</bdi>" in html
    assert ".pdf" not in html and "linkedin" not in html
    assert f'href="/verify/{certificate.code}"' in html
    assert "Gültig" not in page


def test_an_expired_certificate_can_be_downloaded_but_not_added_to_linkedin(
    client: FlaskClient, session: Session, login_as: Callable[..., User]
) -> None:
    learner = login_as()
    certificate = issue(session, learner, expires_at=utcnow() - dt.timedelta(days=2))
    html = card(dashboard(client), certificate.id)
    assert "Abgelaufen am" in html and f"/certificates/{certificate.id}.pdf" in html
    assert "linkedin" not in html


def test_a_replaced_certificate_points_to_its_successor(
    client: FlaskClient, session: Session, login_as: Callable[..., User]
) -> None:
    learner = login_as()
    old = issue(session, learner, issued_at=utcnow() - dt.timedelta(days=400))
    new = supersede(session, old)
    page = dashboard(client)
    old_card, new_card = card(page, old.id), card(page, new.id)
    assert page.index(f'id="certificate-{new.id}"') < page.index(f'id="certificate-{old.id}"')
    assert "durch ein neueres Zertifikat ersetzt" in old_card
    assert f'href="#certificate-{new.id}">Zum neueren Zertifikat' in old_card
    assert ".pdf" not in old_card and "linkedin" not in old_card
    assert "Gültig" in new_card and "linkedin" in new_card


def test_another_persons_certificates_are_not_shown(
    client: FlaskClient, session: Session, login_as: Callable[..., User], make_user
) -> None:
    certificate = issue(session, make_user())
    login_as()
    page = dashboard(client)
    assert "Meine Zertifikate" not in page and certificate.code not in page


def test_the_link_encodes_every_field() -> None:
    url = add_to_profile_url(
        ProfileEntry(
            name="Diversity-Berater*in & mehr",
            organisation="Landesnetzwerk der Migrant*innenorganisationen",
            issued_on=dt.date(2026, 1, 31),
            expires_on=None,
            verify_url="https://qualify.example/verify/ABCD?x=1",
            code="ABCD-EFGH",
        )
    )
    assert url.startswith("https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&")
    assert "name=Diversity-Berater%2Ain%20%26%20mehr" in url
    assert "certUrl=https%3A%2F%2Fqualify.example%2Fverify%2FABCD%3Fx%3D1" in url
    assert "expiration" not in url and "issueMonth=1&" in url
