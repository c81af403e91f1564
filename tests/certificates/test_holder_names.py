"""The name on certificates: set by the learner before issue (own script, optional Latin
transliteration), one printable line only, frozen at issue, corrected by issuing again."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from qualify.accounts.models import Role, User
from qualify.accounts.names import is_latin
from qualify.audit.models import AuditEvent
from qualify.certificates.models import Certificate, CertificateStatus, HolderName
from qualify.certificates.names import checked_name
from qualify.certificates.service import CertificateError
from qualify.core.clock import utcnow
from tests.certificates.test_awarding import pass_course

pytestmark = pytest.mark.usefixtures("imported_content")

ARABIC = "أمينة الحداد"


def certificates(session: Session) -> list[Certificate]:
    session.expire_all()
    return list(session.scalars(sa.select(Certificate).order_by(Certificate.id)))


def set_name(client: FlaskClient, name: str, latin: str = "") -> str:
    response = client.post("/certificates/name", data={"name": name, "name_latin": latin})
    if response.status_code == 302:
        return client.get(response.headers["Location"]).get_data(as_text=True)
    return response.get_data(as_text=True)


def test_the_name_set_before_issue_is_printed_in_its_script_with_its_transliteration(
    client: FlaskClient, login_as: Callable[..., User], session: Session
) -> None:
    login_as(Role.LEARNER, name="Amina H.")
    page = set_name(client, f"  {ARABIC} ", "Amina  al-Haddad")
    assert "Der Name für Ihre Zertifikate ist gespeichert." in page
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert f"<bdi>{ARABIC}</bdi>" in dashboard and "<bdi>Amina al-Haddad</bdi>" in dashboard
    pass_course(client)
    [certificate] = certificates(session)
    assert (certificate.holder_name, certificate.holder_name_latin) == (ARABIC, "Amina al-Haddad")


def test_without_a_chosen_name_the_account_name_is_printed(
    client: FlaskClient, login_as: Callable[..., User], session: Session
) -> None:
    login_as(Role.LEARNER, name="Kemal Yılmaz")
    pass_course(client)
    [certificate] = certificates(session)
    assert (certificate.holder_name, certificate.holder_name_latin) == ("Kemal Yılmaz", None)


@pytest.mark.parametrize(
    ("name", "latin"),
    [
        ("Bob\nZUSATZ: Approbation als Ärztin", ""),
        ("\u202eBob\u202c", ""),
        ("Bob\u2066 evil\u2069", ""),
        ("Amina", "Амина"),  # the transliteration must be Latin
        ("Amina", "Amina\u202e"),
    ],
)
def test_line_breaks_bidi_controls_and_other_scripts_are_refused(
    client: FlaskClient, login_as: Callable[..., User], session: Session, name: str, latin: str
) -> None:
    user = login_as(Role.LEARNER)
    page = set_name(client, name, latin)
    assert 'class="error"' in page
    assert session.get(HolderName, user.id) is None


def test_the_service_keeps_names_on_one_line_without_bidi_controls() -> None:
    assert checked_name("Bob\r\nBoss\t", None) == ("Bob Boss", None)  # whitespace: one space
    with pytest.raises(CertificateError, match="unprintable_name"):
        checked_name("Bob\u202eBoss", None)
    with pytest.raises(CertificateError, match="unprintable_name"):
        checked_name("Bob\x00", None)
    with pytest.raises(CertificateError, match="not_latin"):
        checked_name(ARABIC, ARABIC)
    assert checked_name("Amina", "Amina") == ("Amina", None)  # nothing to transliterate
    assert is_latin("Nguyễn Thị Mai-Anh O’Neill") and not is_latin("Nguyen 1")


def test_a_correction_issues_the_certificate_again_and_supersedes_the_old(
    client: FlaskClient, login_as: Callable[..., User], session: Session
) -> None:
    user = login_as(Role.LEARNER, name="Amina Hadad")
    pass_course(client)
    [old] = certificates(session)
    page = set_name(client, "Amina Haddad")
    assert "Zertifikate mit einem anderen Namen" in page and "<bdi>Amina Hadad</bdi>" in page
    [frozen] = certificates(session)
    assert frozen.holder_name == "Amina Hadad"  # fixed at issue

    response = client.post(f"/certificates/name/reissue/{old.id}")
    assert response.status_code == 302
    old, new = certificates(session)
    assert (old.superseded_by_id, new.holder_name, new.superseded_by_id) == (
        new.id,
        "Amina Haddad",
        None,
    )
    assert new.code != old.code and new.issued_at == old.issued_at
    assert (new.courses, new.title, new.expires_at) == (old.courses, old.title, old.expires_at)
    assert old.status_at(utcnow()) is CertificateStatus.SUPERSEDED
    [event] = session.scalars(sa.select(AuditEvent).filter_by(action="certificate_reissued"))
    assert (event.actor_id, event.details["supersedes"]) == (user.id, old.code)
    # Issued again once: the old one is no longer current, the new one shows the name.
    assert client.post(f"/certificates/name/reissue/{old.id}").status_code == 404
    assert client.post(f"/certificates/name/reissue/{new.id}").status_code == 404


def test_nobody_corrects_anothers_certificate(
    client: FlaskClient, login_as: Callable[..., User], session: Session
) -> None:
    login_as(Role.LEARNER, name="Erste Person")
    pass_course(client)
    [certificate] = certificates(session)
    login_as(Role.LEARNER, name="Andere Person")
    set_name(client, "Ganz Anders")
    assert client.post(f"/certificates/name/reissue/{certificate.id}").status_code == 404
    assert len(certificates(session)) == 1
    login_as(Role.ADMIN)
    assert client.post(f"/certificates/name/reissue/{certificate.id}").status_code == 404


def test_a_revoked_certificate_is_not_issued_again(
    client: FlaskClient, login_as: Callable[..., User], session: Session
) -> None:
    from qualify.certificates.service import revoke

    login_as(Role.LEARNER, name="Alter Name")
    pass_course(client)
    [certificate] = certificates(session)
    revoke(session, certificate.code, "Irrtum", utcnow())
    assert "Zertifikate mit einem anderen Namen" not in set_name(client, "Neuer Name")
    assert client.post(f"/certificates/name/reissue/{certificate.id}").status_code == 404
