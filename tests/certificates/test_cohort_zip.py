"""A cohort's certificates as one ZIP: the PDFs of valid and expired certificates and a CSV
list of all of them with their status, for the cohort's trainers and admins only. The ZIP is
streamed: the list first, then each PDF as soon as it is signed (issue 15)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask, Response, request_finished
from flask.testing import FlaskClient
from pypdf import PdfReader
from sqlalchemy.orm import Session

from qualify.accounts.models import Role, User
from qualify.certificates import document, service
from qualify.certificates.bundle import BundleEntry, entry_name, zip_archive, zip_stream
from qualify.certificates.codes import format_code, printed_code
from qualify.certificates.keys import SigningKey
from qualify.certificates.models import Qualification
from qualify.certificates.pdfcheck import check_certificate_pdf
from qualify.cohorts.models import Cohort
from qualify.core.clock import utcnow
from tests.certificates.issued import issue, supersede
from tests.conftest import PASSWORD, count_queries

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


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The codes of the certificates rendered so far, in order (the real renderer runs)."""
    rendered: list[str] = []
    real = document.render_certificate

    def counting(doc: document.CertificateDocument) -> bytes:
        rendered.append(doc.code)
        return real(doc)

    monkeypatch.setattr(document, "render_certificate", counting)
    return rendered


@pytest.fixture
def sent() -> Iterator[list[Response]]:
    """The responses as the app hands them to the server (the test client's own response
    always looks streamed)."""
    responses: list[Response] = []

    def record(_app: Flask, response: Response, **_extra: object) -> None:
        responses.append(response)

    with request_finished.connected_to(record):
        yield responses


def zip_url(cohort: Cohort) -> str:
    return f"/trainer/cohorts/{cohort.id}/certificates.zip"


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
    client: FlaskClient, session: Session, login_as, group, make_cohort, make_user, sent
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
    refused = client.get(url)
    assert refused.status_code == 404 and not sent[-1].is_streamed
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


def test_the_zip_is_streamed_list_first_then_each_pdf_as_it_is_signed(
    client: FlaskClient,
    session: Session,
    login_as,
    group,
    renders: list[str],
    signing_key: SigningKey,
    sent: list[Response],
) -> None:
    trainer, cohort, people = group
    held = [issue(session, person) for person in people[:3]]
    service.revoke(session, held[2].code, "Täuschung", utcnow())  # listed, not rendered
    login_as(trainer)

    response = client.get(zip_url(cohort))
    assert response.status_code == 200 and sent[-1].is_streamed
    assert response.headers["X-Accel-Buffering"] == "no"
    assert "Content-Length" not in response.headers
    pieces, rendered_before = [], []
    for piece in response.response:
        rendered_before.append(len(renders))
        pieces.append(piece)
    # The list leaves before any PDF is made; each PDF leaves before the next is made.
    assert rendered_before == [0, 1, 2, 2]
    assert b"Zertifikatsliste.csv" in pieces[0]

    archive = zipfile.ZipFile(io.BytesIO(b"".join(pieces)))
    assert archive.testzip() is None
    names = archive.namelist()
    assert names[0] == "Zertifikatsliste.csv"
    assert archive.getinfo(names[0]).compress_type == zipfile.ZIP_DEFLATED
    assert len(names) == 3
    for certificate in held[:2]:
        name = next(n for n in names if format_code(certificate.code) in n)
        assert archive.getinfo(name).compress_type == zipfile.ZIP_STORED
        check = check_certificate_pdf(archive.read(name), signing_key.certificate)
        assert check.genuine and check.code == printed_code(certificate.code)


def test_two_downloads_give_the_same_bytes(
    client: FlaskClient, session: Session, login_as, group, monkeypatch: pytest.MonkeyPatch
) -> None:
    trainer, cohort, people = group
    for person in people[:2]:
        issue(session, person)
    login_as(trainer)
    fixed = dt.datetime(2026, 6, 1, 12, 0, 7, tzinfo=dt.UTC)
    monkeypatch.setattr("qualify.certificates.trainer_views.utcnow", lambda: fixed)
    first = client.get(zip_url(cohort)).data
    second = client.get(zip_url(cohort)).data
    assert first == second
    stamps = {info.date_time for info in zipfile.ZipFile(io.BytesIO(first)).infolist()}
    assert stamps == {(2026, 6, 1, 12, 0, 6)}


def test_without_a_key_the_page_says_so_and_nothing_is_streamed(
    build_app: Callable[..., Flask],
    session: Session,
    group,
    renders: list[str],
    sent: list[Response],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    trainer, cohort, people = group
    issue(session, people[0])
    client = build_app(SIGNING_DIR=tmp_path / "nothing-here").test_client()
    client.post("/login", data={"email": trainer.email, "password": PASSWORD})
    with caplog.at_level(logging.ERROR):
        response = client.get(zip_url(cohort))
    assert response.status_code == 503 and not sent[-1].is_streamed
    assert response.mimetype == "text/html"
    assert "können gerade nicht heruntergeladen werden" in response.get_data(as_text=True)
    assert "qualify certificates init-key" in caplog.text
    assert renders == []


def test_a_failure_mid_stream_breaks_the_archive_off_and_is_logged(
    client: FlaskClient,
    session: Session,
    login_as,
    group,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    trainer, cohort, people = group
    for person in people[:2]:
        issue(session, person)
    login_as(trainer)
    real, calls = document.render_certificate, []

    def second_fails(doc: document.CertificateDocument) -> bytes:
        calls.append(doc.code)
        if len(calls) == 2:
            raise RuntimeError("renderer failed")
        return real(doc)

    monkeypatch.setattr(document, "render_certificate", second_fails)
    response = client.get(zip_url(cohort))
    assert response.status_code == 200  # sent before the failure
    pieces = []
    with caplog.at_level(logging.ERROR), pytest.raises(RuntimeError, match="renderer failed"):
        pieces.extend(response.response)
    assert len(pieces) == 2  # the list and the first PDF, no directory
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(io.BytesIO(b"".join(pieces)))
    assert f"the certificate ZIP of cohort {cohort.id} broke off" in caplog.text


def test_a_stream_makes_each_entry_when_it_is_reached() -> None:
    made: list[str] = []

    def pdf(name: str) -> Callable[[], bytes]:
        return lambda: made.append(name) or b"%PDF-1.7 " + name.encode()

    when = dt.datetime(2026, 5, 4, 3, 2, 1, tzinfo=dt.UTC)
    entries = [BundleEntry("a.csv", b"x;y\r\n"), BundleEntry("b.pdf", pdf("b"))]
    entries.append(BundleEntry("c.pdf", pdf("c")))
    pieces = zip_stream(entries, when)
    assert made == []
    assert next(pieces).startswith(b"PK\x03\x04") and made == []
    next(pieces)
    assert made == ["b"]
    rest = list(pieces)
    assert made == ["b", "c"] and len(rest) == 2  # c.pdf, then the directory
    streamed = zipfile.ZipFile(io.BytesIO(zip_archive(entries, when)))
    # Complete local headers, no data descriptors: streaming unzip tools read stored entries.
    assert all(not info.flag_bits & 0x08 for info in streamed.infolist())
    with pytest.raises(ValueError, match="same name"):
        zip_stream([entries[1], entries[1]], when)  # before anything is made or sent
    assert made == ["b", "c", "b", "c"]  # zip_archive above made each once more


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
