"""M6: a name is one line of visible text, on forms, in services and on the certificate."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader
from sqlalchemy.orm import Session

from qualify.accounts import service
from qualify.accounts.models import Role, User
from qualify.accounts.names import BIDI_CONTROLS, name_is_printable, one_line, tidy_name
from qualify.certificates.pdf import CertificateDocument, CertificatePage, render_certificate

INJECTED = [
    "Bob\nZUSATZ: Approbation als Ärztin",
    "Bob\r\nNote sehr gut",
    "\u202eBob\u202c",
    "Ali\u2067ce",
    "Bell\x07",
    "Tab\there",
    "Line\u2028break",
]


@pytest.mark.parametrize("name", INJECTED)
def test_injected_names_are_refused(name: str) -> None:
    assert not name_is_printable(name)


@pytest.mark.parametrize(
    "name", ["Olena Koval", "Nguyễn Thị Hoa", "محمد العلي", "می‌خواهم", "Anne-Marie O'Neil"]
)
def test_real_names_are_accepted(name: str) -> None:
    assert name_is_printable(name)


@given(st.text(max_size=30))
def test_an_accepted_name_has_no_break_and_no_reordering(name: str) -> None:
    if name_is_printable(name):
        assert not any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in name)
        assert not BIDI_CONTROLS & set(name)
    assert "\n" not in one_line(name) and not BIDI_CONTROLS & set(one_line(name))


def test_spaces_are_tidied() -> None:
    assert tidy_name("  Olena   Koval ") == "Olena Koval"


@pytest.mark.parametrize("name", INJECTED[:3])
def test_the_forms_refuse_them_and_keep_what_was_typed(
    client: FlaskClient, login_as: Callable[..., User], name: str
) -> None:
    login_as(Role.LEARNER, name="Vorher")
    page = client.post("/profile", data={"name": name, "locale": "de"})
    assert page.status_code == 200
    assert "in einer Zeile" in page.get_data(as_text=True)
    assert "Vorher" in client.get("/profile").get_data(as_text=True)


def test_the_services_refuse_them_too(session: Session, make_user: Callable[..., User]) -> None:
    user = make_user()
    with pytest.raises(service.AccountError, match="bad_name"):
        service.update_profile(session, user.id, name=INJECTED[0], locale="de", target_group=None)
    with pytest.raises(service.AccountError, match="bad_name"):
        service.create_user(session, email="x@example.org", name=INJECTED[2], password="x" * 12)


def test_a_stored_injected_name_prints_on_one_line(tmp_path) -> None:  # noqa: ANN001
    """Certificates issued before the check keep their snapshot; the PDF flattens it."""
    page = CertificatePage(
        locale="de",
        rtl=False,
        heading="Zertifikat",
        intro="Hiermit wird bestätigt, dass",
        completed="die folgende Qualifizierung erfolgreich abgeschlossen hat:",
        title="Testzertifikat",
        description="",
        courses_heading="Kurse",
        course_label="Kurs",
        date_label="Bestanden am",
        score_label="Ergebnis",
        courses=(),
        workshops_line="",
        facts=(("Ausgestellt am", "5. Dezember 2026"), ("Prüfcode", "ABCD")),
        verify_label="Online prüfen",
        signature_note="",
        translation_note="",
    )
    document = CertificateDocument(
        holder_name="Bob\nZUSATZ: Approbation \u202eals Ärztin\u202c" + " sehr lang" * 8,
        holder_name_latin="",
        issuer="Landesnetzwerk",
        verify_url="https://qualify.test/verify/ABCD",
        code="ABCD",
        issued_at=dt.datetime(2026, 12, 5, tzinfo=dt.UTC),
        pages=(page,),
    )
    path = tmp_path / "c.pdf"
    path.write_bytes(render_certificate(document))
    text = PdfReader(path).pages[0].extract_text()
    assert "Bob ZUSATZ: Approbation als Ärztin" in text
