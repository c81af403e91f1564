"""A site, a certificate's facts and keys for the badge tests, without a database."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from qualify.badges.credential import AchievementFacts, BadgeFacts, BadgeSite

ISSUED = dt.datetime(2026, 3, 1, 9, 30, 15, 123456, tzinfo=dt.UTC)


@pytest.fixture
def site() -> BadgeSite:
    return BadgeSite(
        base_url="https://qualify.test",
        issuer_name="Landesnetzwerk Test e. V.",
        language="de",
        issuer_email="info@example.org",
    )


@pytest.fixture
def facts() -> BadgeFacts:
    return BadgeFacts(
        code="ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
        credential_id="https://qualify.test/verify/ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
        achievement=AchievementFacts(
            slug="kombi",
            name="Kombi-Qualifizierung",
            description="Wer dieses Zertifikat hat, kann beraten.",
            criteria="Um diese Qualifizierung zu erhalten:\n\n- den Kurs „A“ bestehen",
        ),
        holder_names=("نور الهدى", "Nur al-Huda"),
        holder_email="Nur@Example.org",
        issued_at=ISSUED,
        expires_at=ISSUED + dt.timedelta(days=730),
        status_index=4711,
    )


@pytest.fixture(scope="session")
def private_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


@pytest.fixture(scope="session")
def other_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())
