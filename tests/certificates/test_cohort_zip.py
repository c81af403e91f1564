"""A cohort's certificates as one ZIP: the PDFs of valid and expired certificates and a CSV
list of all of them with their status, for the cohort's trainers and admins only."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from pypdf import PdfReader
from sqlalchemy.orm import Session

from qualify.accounts.models import Role, User
from qualify.certificates import service
from qualify.certificates.bundle import BundleEntry, entry_name, zip_archive
from qualify.certificates.codes import format_code
from qualify.certificates.models import Qualification
from qualify.cohorts.models import Cohort
from qualify.core.clock import utcnow
from tests.certificates.issued import issue, supersede
from tests.conftest import count_queries

pytestmark = pytest.mark.usefixtures("imported_content")


def qualification_id(session: Session, slug: str = "testzertifikat") -> int:
    return session.scalar(sa.select(Qualification.id).where(Qualification.slug == slug))


@pytest.fixture
def group(
    session: Session, make_user: Callable[..., User], make_cohort: Callable[..., Cohort]
) -> tuple[User, Cohort, list[User]]:
    trainer = make_user(Role.TRAINER)
    people = [
        make_user(name="Amal Haddad"),
        make_user(name="أمل حداد", locale="ar"),
        make_user(name='=HYPERLINK("http://evil")'),
        make_user(name="Piotr Nowak"),
    ]
    cohort = make_cohort(trainer, *people, qualification_id=qualification_id(session))
    return trainer, cohort, people


def download(client: FlaskClient, cohort: Cohort) -> zipfile.ZipFile:
    response = client.get(f"/trainer/cohorts/{cohort.id}/certificates.zip")
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/zip"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"].endswith('certificates.zip"') or (
        "Zertifikate.zip" in response.headers["Content-Disposition"]
    )
    return zipfile.ZipFile(io.BytesIO(response.data))


def manifest_rows(archive: zipfile.ZipFile) -> list[list[str]]:
    raw = archive.read("Zertifikatsliste.csv")
    assert raw.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def test_trainer_downloads_pdfs_and_a_list_with_every_status(
    client: FlaskClient, session: Session, login_as, group, make_user: Callable[..., User]
) -> None:
    trainer, cohort, (amal, arabic, formula, piotr) = group
    valid = issue(session, amal, issued_at=dt.datetime(2026, 2, 1, 9, tzinfo=dt.UTC))
    arabic_cert = issue(session, arabic, holder_name="أمل حداد")
    expired = issue(session, formula, expires_at=utcnow() - dt.timedelta(days=1))
    revoked = issue(session, piotr)
    service.revoke(session, revoked.code, "Täuschung", utcnow())
    replaced = issue(session, make_user(name="Not in the group"))  # someone else's
    login_as(trainer)

    archive = download(client, cohort)
    header, *rows = manifest_rows(archive)
    assert header == ["Code", "Name", "Qualifizierung", "Ausgestellt am", "Status", "Datei"]
    by_code = {row[0]: row for row in rows}
    assert set(by_code) == {format_code(c.code) for c in (valid, arabic_cert, expired, revoked)}
    assert format_code(replaced.code) not in by_code
    amal_row = by_code[format_code(valid.code)]
    assert amal_row[1:5] == ["Amal Haddad", "Testzertifikat", "2026-02-01", "gültig"]
    assert by_code[format_code(expired.code)][1] == '\'=HYPERLINK("http://evil")'
    assert by_code[format_code(expired.code)][4] == "abgelaufen"
    assert by_code[format_code(revoked.code)][4:] == ["widerrufen", ""]
    pdfs = sorted(name for name in archive.namelist() if name.endswith(".pdf"))
    assert pdfs == sorted(row[5] for row in rows if row[5])
    assert len(pdfs) == 3 and f"أمل حداد {format_code(arabic_cert.code)}.pdf" in pdfs
    text = PdfReader(io.BytesIO(archive.read(amal_row[5]))).pages[0].extract_text()
    assert "Amal Haddad" in text and format_code(valid.code) in text


def test_a_superseded_certificate_is_listed_but_only_the_new_one_handed_out(
    client: FlaskClient, session: Session, login_as, group
) -> None:
    trainer, cohort, people = group
    old = issue(session, people[0])
    new = supersede(session, old)
    login_as(trainer)
    archive = download(client, cohort)
    rows = {row[0]: row for row in manifest_rows(archive)[1:]}
    assert rows[format_code(old.code)][4:] == ["durch ein neueres Zertifikat ersetzt", ""]
    assert rows[format_code(new.code)][5].endswith(f"{format_code(new.code)}.pdf")


def test_only_the_cohorts_trainers_and_admins_download(
    client: FlaskClient, session: Session, login_as, group, make_cohort, make_user
) -> None:
    trainer, cohort, people = group
    issue(session, people[0])
    url = f"/trainer/cohorts/{cohort.id}/certificates.zip"
    assert client.get(url).status_code == 302  # to the login page
    login_as(people[0])
    assert client.get(url).status_code == 403
    other_trainer = make_user(Role.TRAINER)
    make_cohort(other_trainer, make_user())
    login_as(other_trainer)
    assert client.get(url).status_code == 404
    assert client.get("/trainer/cohorts/999999/certificates.zip").status_code == 404
    login_as(Role.ADMIN)
    assert len(download(client, cohort).namelist()) == 2


def test_an_empty_group_gets_a_list_with_its_header_only(
    client: FlaskClient, login_as, group
) -> None:
    trainer, cohort, _people = group
    login_as(trainer)
    archive = download(client, cohort)
    assert archive.namelist() == ["Zertifikatsliste.csv"]
    assert len(manifest_rows(archive)) == 1


def test_queries_do_not_grow_with_the_certificates(
    client: FlaskClient, session: Session, login_as, group
) -> None:
    trainer, cohort, people = group
    issue(session, people[0])
    login_as(trainer)
    with count_queries() as one:
        download(client, cohort)
    for person in people[1:]:
        issue(session, person)
    with count_queries() as four:
        download(client, cohort)
    assert len(four) == len(one)


def test_entry_names_are_safe_and_archives_repeatable() -> None:
    assert entry_name("Amal\u202e Haddad/../x", "AB-CD", ".pdf") == "Amal Haddad .. x AB-CD.pdf"
    assert entry_name(" \u2067 ", "AB-CD", ".pdf") == "AB-CD.pdf"
    assert entry_name("=1+2", "AB-CD", ".pdf") == "1+2 AB-CD.pdf"
    when = dt.datetime(2026, 5, 4, 3, 2, 1, tzinfo=dt.UTC)
    entries = [BundleEntry("a.csv", b"x;y\r\n"), BundleEntry("b.pdf", b"%PDF-1.7")]
    assert zip_archive(entries, when) == zip_archive(entries, when)
    archive = zipfile.ZipFile(io.BytesIO(zip_archive(entries, when)))
    assert archive.getinfo("b.pdf").compress_type == zipfile.ZIP_STORED
    assert archive.getinfo("a.csv").date_time == (2026, 5, 4, 3, 2, 0)  # ZIP keeps even seconds
    with pytest.raises(ValueError, match="same name"):
        zip_archive([entries[0], entries[0]], when)
