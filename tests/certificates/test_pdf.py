"""The certificate PDF: what a reader and a machine find in it, and its signature."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import zxingcpp
from flask import Flask
from flask.testing import FlaskClient
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader
from sqlalchemy.orm import Session

from qualify.accounts.models import Role, User
from qualify.certificates.codes import format_code, new_code, printed_code
from qualify.certificates.document import certificate_pdf
from qualify.certificates.keys import SigningKey, create_signing_key
from qualify.certificates.models import Certificate, Qualification
from qualify.certificates.pdfcheck import PdfProblem, check_certificate_pdf
from qualify.certificates.signing import (
    CODE_KEY,
    asn1_certificate,
    run_outside_event_loop,
    sign_certificate_pdf,
)

pytestmark = pytest.mark.usefixtures("imported_content")

ARABIC_NAME = "فاطمة الزهراء بن يوسف"
ISSUED = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def issue(session: Session, make_user: Callable[..., User]) -> Callable[..., Certificate]:
    """A certificate of the test qualification for a new learner."""

    def issue(name: str = "Ada Lovelace", locale: str = "de", **fields: object) -> Certificate:
        user = make_user(Role.LEARNER, name=name, locale=locale)
        qualification = session.query(Qualification).filter_by(slug="testzertifikat").one()
        values = {
            "code": new_code(),
            "user_id": user.id,
            "qualification_id": qualification.id,
            "issued_at": ISSUED,
            "holder_name": name,
            "title": qualification.title,
            "courses": [
                {
                    "course": "testkurs",
                    "title": {"de": "Testkurs", "ar": "دورة تجريبية"},
                    "passed_at": "2026-02-20",
                    "percent": 87.5,
                }
            ],
            "workshop_hours": 12,
            **fields,
        }
        certificate = Certificate(**values)
        session.add(certificate)
        session.commit()
        return certificate

    return issue


def render(app: Flask, certificate: Certificate) -> bytes:
    with app.test_request_context():
        return certificate_pdf(certificate)


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def lines(text: str) -> list[str]:
    """The text's lines with runs of spaces made one: pypdf reads a gap where a glyph was
    moved into place (an Arabic line's end, a Vietnamese mark) as an extra space."""
    return [" ".join(line.split()) for line in text.splitlines()]


def test_the_german_page_names_holder_qualification_code_and_link(
    app: Flask, issue: Callable[..., Certificate]
) -> None:
    certificate = issue(expires_at=dt.datetime(2029, 3, 2, tzinfo=dt.UTC))
    (text,) = page_texts(render(app, certificate))  # German holder: one page
    code = printed_code(certificate.code)
    for expected in (
        "Zertifikat",
        "Ada Lovelace",
        "Testzertifikat",
        "Testkurs",
        "20.02.2026",
        "88 %",  # the counted score, rounded
        "Präsenz-Workshops: 12 Stunden",
        "Ausgestellt am",
        "2. März 2026",
        "Gültig bis",
        "2. März 2029",
        format_code(certificate.code),
        f"https://qualify.test/verify/{code}",
        "Digital signiert von qualify – Landesnetzwerk",  # no operator file: the default
    ):
        assert expected in text, expected


def test_an_arabic_holder_gets_a_second_page_with_the_name_in_reading_order(
    app: Flask, issue: Callable[..., Certificate]
) -> None:
    certificate = issue(ARABIC_NAME, locale="ar", holder_name_latin="Fatima al-Zahra Ben Youssef")
    german, arabic = page_texts(render(app, certificate))
    for text in (german, arabic):
        assert ARABIC_NAME in lines(text)  # logical order, one line, no stray characters
        assert "Fatima al-Zahra Ben Youssef" in lines(text)
        assert not re.search(r"[\x00-\x08\x0b-\x1f]", text)
    assert "Zertifikat" in german
    assert "شهادة" in arabic and "دورة تجريبية" in arabic
    assert format_code(certificate.code) in arabic


@pytest.mark.parametrize(
    ("locale", "name", "heading"),
    [
        ("ru", "Ольга Петровна Смирнова", "Сертификат"),
        ("vi", "Nguyễn Thị Hồng Ánh", "Chứng chỉ"),
    ],
)
def test_russian_and_vietnamese_pages_keep_their_letters(
    app: Flask, issue: Callable[..., Certificate], locale: str, name: str, heading: str
) -> None:
    _german, own = page_texts(render(app, issue(name, locale=locale)))
    assert name in lines(own)
    assert heading in own


def test_the_operator_named_in_the_operator_file_issues_the_certificate(
    build_app: Callable[..., Flask], issue: Callable[..., Certificate], tmp_path: Path
) -> None:
    operator_file = tmp_path / "operator.toml"
    operator_file.write_text('name = "Netzwerk Beispiel e. V."\n', encoding="utf-8")
    site = build_app(OPERATOR_FILE=operator_file)
    (text,) = page_texts(render(site, issue()))
    assert text.startswith("Netzwerk Beispiel e. V.\n")
    assert "Digital signiert von Netzwerk Beispiel e. V." in text


def test_the_qr_code_leads_to_the_verification_page(
    app: Flask, client: FlaskClient, issue: Callable[..., Certificate]
) -> None:
    certificate = issue()
    page = PdfReader(io.BytesIO(render(app, certificate))).pages[0]
    (image,) = page.images
    (barcode,) = zxingcpp.read_barcodes(image.image)
    assert barcode.format == zxingcpp.BarcodeFormat.QRCode
    assert barcode.text == f"https://qualify.test/verify/{printed_code(certificate.code)}"
    answer = client.get(barcode.text.removeprefix("https://qualify.test"))
    assert answer.status_code == 200 and "Ada Lovelace" in answer.get_data(as_text=True)


def test_the_signature_validates_and_covers_the_whole_file(
    app: Flask, issue: Callable[..., Certificate], signing_key: SigningKey
) -> None:
    issued = signing_key.certificate.not_valid_before_utc + dt.timedelta(days=3)
    certificate = issue(issued_at=issued)
    pdf = render(app, certificate)
    reader = PdfFileReader(io.BytesIO(pdf))
    (signature,) = reader.embedded_signatures
    context = ValidationContext(
        trust_roots=[asn1_certificate(signing_key.certificate)], allow_fetching=False
    )
    # pyHanko's synchronous validate_pdf_signature calls asyncio.run, which fails in a test
    # process where a browser test's event loop still runs; the site's helper does not.
    status = run_outside_event_loop(lambda: async_validate_pdf_signature(signature, context))
    assert status.intact and status.valid and status.trusted
    assert status.coverage.name == "ENTIRE_FILE" and status.docmdp_ok
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES
    assert signature.self_reported_timestamp == issued  # signed "at" the issue
    assert reader.trailer["/Info"][CODE_KEY] == printed_code(certificate.code)
    assert check_certificate_pdf(pdf, signing_key.certificate).code == printed_code(
        certificate.code
    )


def test_changing_one_byte_breaks_the_signature(
    app: Flask, issue: Callable[..., Certificate], signing_key: SigningKey
) -> None:
    pdf = bytearray(render(app, issue()))
    stream = pdf.index(b"stream\n") + 20  # inside the first page's content
    pdf[stream] ^= 0x01
    assert check_certificate_pdf(bytes(pdf), signing_key.certificate).problem == (
        PdfProblem.SIGNATURE_BROKEN
    )


def test_the_same_certificate_gives_the_same_bytes(
    app: Flask, issue: Callable[..., Certificate]
) -> None:
    certificate = issue(ARABIC_NAME, locale="ar")
    assert render(app, certificate) == render(app, certificate)


def test_another_process_renders_the_same_bytes(tmp_path: Path, signing_key: SigningKey) -> None:
    """As another app server would: a fresh interpreter, the same key and certificate."""
    script = """
import datetime as dt, sys
from pathlib import Path
from qualify.certificates.keys import load_signing_key
from qualify.certificates.pdf import CertificateDocument, CertificatePage, render_certificate
from qualify.certificates.signing import sign_certificate_pdf
page = CertificatePage("ar", True, "شهادة", "a", "b", "c", "d", "e", "f", "g", "h", (), "",
                       (("x", "y"),), "v", "s", "t")
doc = CertificateDocument("فاطمة", "", "Netzwerk", "https://q.test/verify/X", "X",
                          dt.datetime(2026, 1, 1, tzinfo=dt.UTC), (page,))
key = load_signing_key(Path(sys.argv[1]))
sys.stdout.buffer.write(sign_certificate_pdf(
    render_certificate(doc), key, code="X", issued_at=doc.issued_at, issuer="Netzwerk"))
"""
    folder = str(signing_key_folder(signing_key, tmp_path))
    runs = [
        subprocess.run(
            [sys.executable, "-c", script, folder], capture_output=True, check=True
        ).stdout
        for _ in range(2)
    ]
    assert runs[0] == runs[1] and runs[0].startswith(b"%PDF-")


def signing_key_folder(key: SigningKey, tmp_path: Path) -> Path:
    from cryptography.hazmat.primitives import serialization

    folder = tmp_path / "key"
    folder.mkdir()
    (folder / "signing-key.pem").write_bytes(
        key.private_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    (folder / "signing-certificate.pem").write_bytes(key.certificate_pem)
    return folder


def test_a_certificate_issued_before_the_key_is_signed_at_the_keys_start(
    app: Flask, issue: Callable[..., Certificate], signing_key: SigningKey
) -> None:
    certificate = issue(issued_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    (signature,) = PdfFileReader(io.BytesIO(render(app, certificate))).embedded_signatures
    assert signature.self_reported_timestamp == signing_key.certificate.not_valid_before_utc


def test_a_pdf_signed_with_another_key_is_not_this_sites(
    app: Flask, issue: Callable[..., Certificate], signing_key: SigningKey, tmp_path: Path
) -> None:
    other = create_signing_key(tmp_path, "Fälscher GmbH", ISSUED)
    genuine = render(app, issue())
    unsigned = genuine[: genuine.index(b"%%EOF") + 5]  # fpdf2's file, before the signature
    forged = sign_certificate_pdf(unsigned, other, code="X", issued_at=ISSUED, issuer="F")
    assert check_certificate_pdf(forged, signing_key.certificate).problem == (
        PdfProblem.FOREIGN_SIGNER
    )
    assert check_certificate_pdf(unsigned, signing_key.certificate).problem == (PdfProblem.UNSIGNED)


def test_a_course_passed_just_after_midnight_in_halle_prints_that_day(
    app: Flask, issue: Callable[..., Certificate]
) -> None:
    """The moment is stored in UTC and printed as the site's date (by UTC, 23:30 on the
    19th was printed); certificates that stored a date keep it."""
    line = {"course": "testkurs", "title": {"de": "Testkurs"}, "percent": 90.0}
    late = issue(courses=[{**line, "passed_at": "2026-02-19T23:30:00+00:00"}])
    dated = issue("Grace Hopper", courses=[{**line, "passed_at": "2026-02-18"}])
    (late_text,) = page_texts(render(app, late))
    assert "20.02.2026" in late_text and "19.02.2026" not in late_text
    assert "18.02.2026" in page_texts(render(app, dated))[0]
