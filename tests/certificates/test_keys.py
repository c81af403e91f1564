"""The site's signing key: created once, read back whole, never overwritten."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from qualify.certificates.keys import (
    CERTIFICATE_FILE,
    KEY_FILE,
    SigningKeyError,
    create_signing_key,
    load_signing_key,
)

NOW = dt.datetime(2026, 12, 6, 9, 0, tzinfo=dt.UTC)


def test_a_created_key_reads_back_and_signs(tmp_path: Path) -> None:
    created = create_signing_key(tmp_path, "Netzwerk Beispiel e. V.", NOW)
    loaded = load_signing_key(tmp_path)
    assert loaded.fingerprint == created.fingerprint
    assert len(loaded.fingerprint.split(":")) == 32
    signature = loaded.private_key.sign(b"data", ec.ECDSA(hashes.SHA256()))
    loaded.certificate.public_key().verify(signature, b"data", ec.ECDSA(hashes.SHA256()))
    assert "Netzwerk Beispiel e. V." in loaded.certificate.subject.rfc4514_string()
    assert loaded.certificate.not_valid_after_utc > NOW + dt.timedelta(days=9 * 365)


def test_only_the_owner_may_read_the_private_key(tmp_path: Path) -> None:
    create_signing_key(tmp_path, "Beispiel", NOW)
    assert stat.S_IMODE((tmp_path / KEY_FILE).stat().st_mode) == 0o600


def test_an_existing_key_is_never_overwritten(tmp_path: Path) -> None:
    first = create_signing_key(tmp_path, "Beispiel", NOW)
    with pytest.raises(SigningKeyError, match="exists already"):
        create_signing_key(tmp_path, "Beispiel", NOW)
    assert load_signing_key(tmp_path).fingerprint == first.fingerprint


def test_a_missing_key_names_the_file_and_the_command(tmp_path: Path) -> None:
    with pytest.raises(SigningKeyError, match="init-key") as missing:
        load_signing_key(tmp_path)
    assert KEY_FILE in str(missing.value)


def test_a_certificate_of_another_key_is_refused(tmp_path: Path) -> None:
    create_signing_key(tmp_path / "a", "Beispiel", NOW)
    create_signing_key(tmp_path / "b", "Beispiel", NOW)
    (tmp_path / "a" / CERTIFICATE_FILE).write_bytes(
        (tmp_path / "b" / CERTIFICATE_FILE).read_bytes()
    )
    with pytest.raises(SigningKeyError, match="does not belong"):
        load_signing_key(tmp_path / "a")


def test_a_damaged_key_file_is_reported_not_crashed_on(tmp_path: Path) -> None:
    create_signing_key(tmp_path, "Beispiel", NOW)
    (tmp_path / KEY_FILE).write_text("not a key")
    with pytest.raises(SigningKeyError, match="cannot be read"):
        load_signing_key(tmp_path)


def test_a_long_organisation_name_is_shortened_to_fit_the_certificate(tmp_path: Path) -> None:
    name = "Landesnetzwerk der Migrant*innenorganisationen Sachsen-Anhalt (LAMSA) e. V. Halle"
    created = create_signing_key(tmp_path, name, NOW)
    subject = created.certificate.subject.rfc4514_string()
    assert "Landesnetzwerk der Migrant*innenorganisationen" in subject and "…" in subject
