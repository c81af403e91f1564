"""`qualify certificates verify-badge FILE`: which check passed, which failed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy.orm import Session

from qualify.accounts.models import User
from qualify.badges import service
from qualify.badges.credential import BadgeSite
from qualify.certificates import service as certificates
from qualify.certificates.codes import new_code
from qualify.certificates.keys import load_signing_key
from qualify.certificates.models import Certificate, Qualification
from qualify.cli import main
from qualify.core.clock import utcnow

pytestmark = pytest.mark.usefixtures("imported_content")


@pytest.fixture
def certificate(session: Session, make_user: Callable[..., User]) -> Certificate:
    """Made without the test client: its last request would stay open and lend the command
    the holder's language."""
    holder = make_user(name="Nour Haddad", locale="ar")
    qualification = session.scalars(sa.select(Qualification).filter_by(slug="mit-workshop")).one()
    certificate = Certificate(
        code=new_code(),
        user_id=holder.id,
        qualification_id=qualification.id,
        issued_at=utcnow(),
        holder_name=holder.name,
        title=qualification.title,
        courses=[],
    )
    session.add(certificate)
    session.commit()
    return certificate


@pytest.fixture
def badge_file(
    app: Flask,
    session: Session,
    certificate: Certificate,
    tmp_path: Path,
) -> Path:
    """A badge as the holder downloads it, made by the service."""
    badge = service.holder_badge(
        session,
        user_id=certificate.user_id,
        certificate_id=certificate.id,
        site=BadgeSite("https://qualify.test", "qualify.test", "de"),
        key=load_signing_key(app.config["SIGNING_DIR"]),
        verify_url=lambda code: f"https://qualify.test/verify/{code}",
        translate=str,
    )
    assert badge is not None
    file = tmp_path / "badge.jwt"
    file.write_text(badge.token)
    return file


def verify(runner: FlaskCliRunner, file: Path) -> tuple[int, str]:
    result = runner.invoke(main, ["certificates", "verify-badge", str(file)])
    return result.exit_code, result.output


def test_a_downloaded_badge_verifies(runner: FlaskCliRunner, badge_file: Path) -> None:
    code, output = verify(runner, badge_file)
    assert code == 0, output
    lines = output.splitlines()
    assert lines[0].startswith("✓ Digital signature: Signature valid (key https://qualify.test/")
    assert lines[1] == "✓ Content: The content is an Open Badges 3.0 credential for “Mit Workshop”."
    assert lines[2] == "✓ Revocation status: Not revoked (the issuer's status list was checked)."
    assert lines[3].startswith("✓ Validity dates: Valid since ")
    assert lines[-1] == "Result: valid."


def test_a_revoked_badge_fails_on_its_status(
    runner: FlaskCliRunner,
    badge_file: Path,
    certificate: Certificate,
    session: Session,
) -> None:
    certificates.revoke(session, certificate.code, "Irrtum", utcnow())
    code, output = verify(runner, badge_file)
    assert code == 1
    assert (
        "✗ Revocation status: Revoked: the issuer's status list marks this badge as revoked."
        in output
    )
    assert output.splitlines()[-1] == "Result: revoked."


def test_a_tampered_badge_fails_on_its_signature(
    runner: FlaskCliRunner, badge_file: Path, tmp_path: Path
) -> None:
    header, payload, signature = badge_file.read_text().split(".")
    tampered = tmp_path / "tampered.jwt"
    tampered.write_text(".".join([header, payload[:-2] + "AA", signature]))
    code, output = verify(runner, tampered)
    assert code == 1
    assert output.splitlines() == [
        "✗ Digital signature: The signature does not match: the badge was changed after "
        "signing or signed with another key.",
        "Result: not a valid badge of this site.",
    ]


def test_a_file_that_is_no_badge_is_named_so(runner: FlaskCliRunner, tmp_path: Path) -> None:
    picture = tmp_path / "photo.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    code, output = verify(runner, picture)
    assert code == 1
    assert "is not a signed badge" in output


def test_the_command_speaks_the_shells_language(
    runner: FlaskCliRunner, badge_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUALIFY_LANGUAGE", "de")
    code, output = verify(runner, badge_file)
    assert code == 0
    assert "✓ Digitale Signatur: Signatur gültig" in output
    assert output.splitlines()[-1] == "Ergebnis: gültig."


def test_without_a_key_the_command_says_how_to_make_one(
    build_app: Callable[..., Flask], badge_file: Path, tmp_path: Path
) -> None:
    keyless = build_app(SIGNING_DIR=tmp_path / "none")
    result = keyless.test_cli_runner().invoke(
        main, ["certificates", "verify-badge", str(badge_file)]
    )
    assert result.exit_code == 2
    assert "qualify certificates init-key" in result.output
