"""Verifying a certificate: by code, by uploaded file and on the command line; downloads of
certificates that no longer count; the signing key's command."""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from sqlalchemy.orm import Session

from qualify.accounts.models import Role, User
from qualify.certificates import service
from qualify.certificates.codes import format_code, new_code, printed_code
from qualify.certificates.keys import KEY_FILE, SigningKey, load_signing_key
from qualify.certificates.models import Certificate, Qualification
from qualify.certificates.pdfcheck import PdfProblem, check_certificate_pdf
from qualify.cli import main
from qualify.core.clock import utcnow
from tests.certificates.test_pdf import render
from tests.conftest import csrf_token

pytestmark = pytest.mark.usefixtures("imported_content")

NOW = utcnow()


@pytest.fixture
def holder(make_user: Callable[..., User]) -> User:
    return make_user(Role.LEARNER, name="Ada Lovelace", email="ada@example.org")


@pytest.fixture
def certificate(session: Session, holder: User) -> Certificate:
    return add_certificate(session, holder)


def add_certificate(session: Session, holder: User, **fields: object) -> Certificate:
    qualification = session.query(Qualification).filter_by(slug="testzertifikat").one()
    values = {
        "code": new_code(),
        "user_id": holder.id,
        "qualification_id": qualification.id,
        "issued_at": NOW - dt.timedelta(days=30),
        "holder_name": holder.name,
        "title": qualification.title,
        "courses": [{"course": "testkurs", "title": {"de": "Testkurs"}, "passed_at": "2026-01-05"}],
        "workshop_hours": 4,
        **fields,
    }
    certificate = Certificate(**values)
    session.add(certificate)
    session.commit()
    return certificate


# --- the verify page ------------------------------------------------------------------


def test_a_valid_certificate_shows_name_qualification_dates_and_nothing_else_personal(
    client: FlaskClient, certificate: Certificate, signing_key: SigningKey
) -> None:
    page = client.get(f"/verify/{printed_code(certificate.code)}").get_data(as_text=True)
    assert "Dieses Zertifikat ist gültig." in page
    assert "Ada Lovelace" in page and "Testzertifikat" in page
    assert format_code(certificate.code) in page
    for private in ("ada@example.org", "Testkurs", "Stunden"):
        assert private not in page
    assert signing_key.fingerprint in page


def test_an_expired_certificate_says_since_when(
    client: FlaskClient, session: Session, holder: User
) -> None:
    expired = add_certificate(session, holder, expires_at=NOW - dt.timedelta(days=1))
    page = client.get(f"/verify/{expired.code}").get_data(as_text=True)
    assert "ist am" in page and "abgelaufen" in page and "gültig." not in page


def test_a_superseded_certificate_links_to_its_successor(
    client: FlaskClient, session: Session, holder: User, certificate: Certificate
) -> None:
    successor = replace(session, certificate, holder)
    page = client.get(f"/verify/{certificate.code}").get_data(as_text=True)
    assert "durch ein neues ersetzt" in page
    assert f'href="/verify/{printed_code(successor.code)}"' in page
    assert "Ada King" not in page  # the successor's name is on its own page
    assert "Dieses Zertifikat ist gültig." in client.get(f"/verify/{successor.code}").get_data(
        as_text=True
    )


def replace(session: Session, old: Certificate, holder: User) -> Certificate:
    """Issue a corrected certificate and mark the old one superseded (as re-issue does)."""
    old_id = old.id
    session.query(Certificate).filter_by(id=old_id).update(
        {"superseded_at": NOW, "superseded_by_id": old_id}  # satisfy the check for now
    )
    new = add_certificate(session, holder, issued_at=NOW, holder_name="Ada King")
    session.query(Certificate).filter_by(id=old_id).update({"superseded_by_id": new.id})
    session.commit()
    session.refresh(old)
    return new


def test_an_old_code_verifies_as_printed_before_and_as_printed_now(
    client: FlaskClient, session: Session, holder: User
) -> None:
    old = add_certificate(session, holder, code="ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    for typed in (old.code, format_code(old.code), printed_code(old.code).lower()):
        assert client.get(f"/verify/{typed}").status_code == 200, typed
    assert "I" not in printed_code(old.code) and "O" not in printed_code(old.code)


def test_the_signing_certificate_can_be_downloaded(
    client: FlaskClient, signing_key: SigningKey
) -> None:
    answer = client.get("/verify/signing-certificate.pem")
    assert answer.status_code == 200 and answer.data == signing_key.certificate_pem


# --- uploading a PDF ------------------------------------------------------------------


def upload(client: FlaskClient, data: bytes, name: str = "zertifikat.pdf") -> tuple[int, str]:
    answer = client.post(
        "/verify/pdf",
        data={"pdf": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )
    return answer.status_code, answer.get_data(as_text=True)


def test_an_uploaded_genuine_certificate_is_confirmed_with_its_status(
    app: Flask, client: FlaskClient, session: Session, certificate: Certificate
) -> None:
    pdf = render(app, certificate)
    status, page = upload(client, pdf)
    assert status == 200
    assert "Die Signatur ist gültig" in page and "Dieses Zertifikat ist gültig." in page
    service.revoke(session, certificate.code, "Täuschung in der Prüfung", utcnow())
    status, page = upload(client, pdf)
    assert "Die Signatur ist gültig" in page and "widerrufen" in page


@pytest.mark.parametrize(
    ("damage", "says"),
    [
        (lambda pdf: b"", "kein PDF"),
        (lambda pdf: b"hello, world", "kein PDF"),
        (lambda pdf: os.urandom(5000), "kein PDF"),
        (lambda pdf: pdf[: len(pdf) // 2], "kein PDF"),
        (lambda pdf: pdf[: pdf.index(b"%%EOF") + 5], "keine digitale Signatur"),
        (lambda pdf: flip(pdf), "Die Signatur ist ungültig"),
    ],
)
def test_no_upload_is_a_server_error_and_each_failure_is_named(
    app: Flask,
    client: FlaskClient,
    certificate: Certificate,
    damage: Callable[[bytes], bytes],
    says: str,
) -> None:
    status, page = upload(client, damage(render(app, certificate)))
    assert status < 500 and says in page


def test_a_file_larger_than_any_certificate_is_refused_unread(signing_key: SigningKey) -> None:
    # Through the test client a file this large would be spooled to an unclosed temporary
    # file (a ResourceWarning), so the limit is checked on the function the view calls.
    data = b"%PDF-1.7\n" + b" " * (2 * 1024 * 1024)
    assert check_certificate_pdf(data, signing_key.certificate).problem == PdfProblem.TOO_LARGE


def test_a_request_over_the_upload_limit_gets_the_413_page(client: FlaskClient) -> None:
    body = b"--x\r\n" + b"\0" * (3 * 1024 * 1024) + b"\r\n--x--\r\n"  # no temporary file
    answer = client.post("/verify/pdf", data=body, content_type="multipart/form-data; boundary=x")
    assert answer.status_code == 413


def flip(pdf: bytes) -> bytes:
    changed = bytearray(pdf)
    changed[pdf.index(b"stream\n") + 20] ^= 0x01
    return bytes(changed)


def test_a_signed_file_whose_certificate_is_gone_is_unknown(
    app: Flask, client: FlaskClient, session: Session, certificate: Certificate
) -> None:
    pdf = render(app, certificate)
    session.delete(certificate)
    session.commit()
    _status, page = upload(client, pdf)
    assert "kein Zertifikat hat seinen Prüfcode" in page


def test_something_appended_after_signing_is_noticed(
    app: Flask, certificate: Certificate, signing_key: SigningKey
) -> None:
    writer = IncrementalPdfFileWriter(io.BytesIO(render(app, certificate)))
    info = writer.trailer["/Info"]
    info["/QualifyCode"] = generic.TextStringObject(new_code())  # point it elsewhere
    writer.mark_update(writer.trailer.raw_get("/Info"))
    out = io.BytesIO()
    writer.write(out)
    assert check_certificate_pdf(out.getvalue(), signing_key.certificate).problem in (
        PdfProblem.CHANGED_AFTER_SIGNING,
        PdfProblem.SIGNATURE_BROKEN,
    )


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=3000))
def test_random_files_never_crash_the_check(signing_key: SigningKey, noise: bytes) -> None:
    for data in (noise, b"%PDF-1.7\n" + noise, b"%PDF-1.7\n" + noise + b"\n%%EOF\n"):
        assert check_certificate_pdf(data, signing_key.certificate).problem is not None


def test_the_upload_form_needs_its_csrf_token(
    app: Flask, client: FlaskClient, certificate: Certificate
) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert upload(client, b"%PDF-1.7")[0] == 400
        token = csrf_token(client.get("/verify").get_data(as_text=True))
        answer = client.post(
            "/verify/pdf",
            data={"pdf": (io.BytesIO(render(app, certificate)), "z.pdf"), "csrf_token": token},
            content_type="multipart/form-data",
        )
        assert answer.status_code == 200
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


# --- downloads --------------------------------------------------------------------------


def test_a_superseded_certificate_is_not_handed_out(
    client: FlaskClient,
    login_as: Callable[..., User],
    session: Session,
    holder: User,
    certificate: Certificate,
) -> None:
    login_as(holder)
    assert client.get(f"/certificates/{certificate.id}.pdf").status_code == 200
    successor = replace(session, certificate, holder)
    answer = client.get(f"/certificates/{certificate.id}.pdf")
    assert answer.status_code == 410
    assert "durch ein neues ersetzt" in answer.get_data(as_text=True)
    assert client.get(f"/certificates/{successor.id}.pdf").status_code == 200


def test_an_expired_certificate_still_downloads_with_its_end_printed(
    client: FlaskClient, login_as: Callable[..., User], session: Session, holder: User
) -> None:
    expired = add_certificate(session, holder, expires_at=NOW - dt.timedelta(days=1))
    login_as(holder)
    answer = client.get(f"/certificates/{expired.id}.pdf")
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"


def test_without_a_key_downloads_explain_and_the_log_says_what_to_run(
    build_app: Callable[..., Flask],
    session: Session,
    holder: User,
    certificate: Certificate,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    site = build_app(SIGNING_DIR=tmp_path / "nothing-here")
    client = site.test_client()
    client.post("/login", data={"email": holder.email, "password": "correct horse battery staple"})
    with caplog.at_level(logging.ERROR):
        answer = client.get(f"/certificates/{certificate.id}.pdf")
    assert answer.status_code == 503
    assert "können gerade nicht heruntergeladen werden" in answer.get_data(as_text=True)
    assert "qualify certificates init-key" in caplog.text
    verify = client.get(f"/verify/{certificate.code}")
    assert verify.status_code == 200 and "Fingerabdruck" not in verify.get_data(as_text=True)
    assert upload(client, b"%PDF-1.7")[0] == 400


# --- the command line -------------------------------------------------------------------


def test_init_key_creates_once_and_never_overwrites(
    build_app: Callable[..., Flask], tmp_path: Path
) -> None:
    folder = tmp_path / "signing"
    runner = build_app(SIGNING_DIR=folder).test_cli_runner()
    made = runner.invoke(main, ["certificates", "init-key", "--organisation", "Verein e. V."])
    assert made.exit_code == 0, made.output
    key = load_signing_key(folder)
    assert key.fingerprint in made.output
    assert "Verein e. V." in key.certificate.subject.rfc4514_string()
    again = runner.invoke(main, ["certificates", "init-key"])
    assert again.exit_code == 1 and "exists already" in again.output
    idempotent = runner.invoke(main, ["certificates", "init-key", "--if-missing"])
    assert idempotent.exit_code == 0 and key.fingerprint in idempotent.output
    assert load_signing_key(folder).fingerprint == key.fingerprint
    assert (folder / KEY_FILE).stat().st_mode & 0o077 == 0


def test_init_key_names_the_operator_by_default(
    build_app: Callable[..., Flask], tmp_path: Path
) -> None:
    operator_file = tmp_path / "operator.toml"
    operator_file.write_text('name = "Netzwerk Beispiel e. V."\n', encoding="utf-8")
    site = build_app(SIGNING_DIR=tmp_path / "signing", OPERATOR_FILE=operator_file)
    result = site.test_cli_runner().invoke(main, ["certificates", "init-key", "--if-missing"])
    assert result.exit_code == 0, result.output
    subject = load_signing_key(tmp_path / "signing").certificate.subject.rfc4514_string()
    assert "Netzwerk Beispiel e. V." in subject


def test_pdf_and_verify_commands(
    runner: FlaskCliRunner, session: Session, certificate: Certificate, tmp_path: Path
) -> None:
    target = tmp_path / "zertifikat.pdf"
    code = format_code(certificate.code)
    written = runner.invoke(main, ["certificates", "pdf", code, "-o", str(target)])
    assert written.exit_code == 0, written.output
    checked = runner.invoke(main, ["certificates", "verify", str(target)])
    assert checked.exit_code == 0, checked.output
    assert "The signature is valid" in checked.output and "Status: valid." in checked.output
    service.revoke(session, certificate.code, "Irrtum", utcnow())
    revoked = runner.invoke(main, ["certificates", "verify", str(target)])
    assert revoked.exit_code == 1 and "Status: revoked on" in revoked.output
    assert "(Irrtum)" in revoked.output
    target.write_bytes(flip(target.read_bytes()))
    broken = runner.invoke(main, ["certificates", "verify", str(target)])
    assert broken.exit_code == 1 and "The signature is broken" in broken.output
    unknown = runner.invoke(main, ["certificates", "pdf", new_code(), "-o", target])
    assert unknown.exit_code == 1 and "no certificate with code" in unknown.output
