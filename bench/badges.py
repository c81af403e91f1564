"""Time the Open Badges work: building and signing one badge, verifying it (signature,
content, status list, dates), making the revocation status list, and serving it.

Prints `<step> ms=<T>` (median of 20) and `status_list_requests_per_second=<N>` (the
status list page through the Flask test client, one after another, on a throw-away SQLite
database holding 2,000 badges of which 200 are revoked).

Run: .venv/bin/python bench/badges.py
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import ec

from qualify.badges.credential import (
    AchievementFacts,
    BadgeFacts,
    BadgeSite,
    build_credential,
    jwt_payload,
)
from qualify.badges.signing import sign, thumbprint
from qualify.badges.statuslist import encode_list, status_list_credential
from qualify.badges.verify import verify_badge

SITE = BadgeSite("https://qualify.example.org", "Landesnetzwerk Beispiel e. V.", "de")
NOW = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)


def median_ms(step: Callable[[], object], runs: int = 20) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def pure_steps() -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    kid = SITE.key_id(thumbprint(key.public_key()))
    facts = BadgeFacts(
        code="A" * 32,
        credential_id="https://qualify.example.org/verify/" + "A" * 32,
        achievement=AchievementFacts("kombi", "KomBI", "Beschreibung", "- Kurs A bestehen"),
        holder_names=("نور حداد", "Nour Haddad"),
        holder_email="nour@example.org",
        issued_at=NOW - dt.timedelta(days=1),
        expires_at=None,
        status_index=4711,
    )
    revoked = range(0, 131_072, 97)  # 1,352 revoked badges

    def make_badge() -> str:
        return sign(jwt_payload(build_credential(SITE, facts)), key, kid)

    def make_status_list() -> str:
        credential = status_list_credential(
            list_url=SITE.status_list_url,
            issuer_id=SITE.issuer_id,
            encoded=encode_list(revoked),
            valid_from="2026-06-01T00:00:00Z",
            ttl_seconds=300,
        )
        return sign(credential, key, kid)

    token, status_list = make_badge(), make_status_list()

    def verify() -> object:
        return verify_badge(
            token,
            issuer_id=SITE.issuer_id,
            keys={kid: key.public_key()},
            status_lists=lambda _url: status_list,
            now=NOW,
        )

    print(f"build_and_sign_badge ms={median_ms(make_badge):.2f}")
    print(f"status_list_1352_revoked ms={median_ms(make_status_list):.2f}")
    print(f"verify_badge_with_status_list ms={median_ms(verify):.2f}")
    print(f"badge_bytes={len(token)} status_list_bytes={len(status_list)}")


def served_status_list(folder: Path) -> None:
    os.environ["QUALIFY_INSTANCE_PATH"] = str(folder / "instance")
    os.environ.setdefault("QUALIFY_LANGUAGE", "en")
    from qualify import create_app
    from qualify.accounts.models import Role, User
    from qualify.badges.models import BadgeStatusEntry
    from qualify.certificates.keys import create_signing_key
    from qualify.certificates.models import Certificate, Qualification
    from qualify.core.clock import utcnow
    from qualify.extensions import db
    from qualify.migrations import upgrade

    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    upgrade(url)
    app = create_app({"DATABASE_URL": url, "BASE_URL": SITE.base_url})
    create_signing_key(app.config["SIGNING_DIR"], "Bench", utcnow())
    with app.app_context():
        session = db.session
        qualification = Qualification(
            slug="bench", title={"de": "Bench"}, description={"de": ""}, requirements=[]
        )
        session.add(qualification)
        session.flush()
        for n in range(2000):
            user = User(email=f"p{n}@example.org", name=f"P {n}", role=Role.LEARNER)
            session.add(user)
            session.flush()
            revoked = n % 10 == 0
            certificate = Certificate(
                code=f"{n:032d}",
                user_id=user.id,
                qualification_id=qualification.id,
                issued_at=utcnow(),
                holder_name=user.name,
                title={"de": "Bench"},
                courses=[],
                revoked_at=utcnow() if revoked else None,
                revoked_reason="bench" if revoked else None,
            )
            session.add(certificate)
            session.flush()
            session.add(BadgeStatusEntry(certificate_id=certificate.id, status_index=n * 65))
        session.commit()
    client = app.test_client()
    assert client.get("/badges/status/1").status_code == 200
    count, start = 200, time.perf_counter()
    for _ in range(count):
        client.get("/badges/status/1")
    print(f"status_list_requests_per_second={count / (time.perf_counter() - start):.0f}")


def main() -> None:
    pure_steps()
    with tempfile.TemporaryDirectory() as folder:
        served_status_list(Path(folder))


if __name__ == "__main__":
    main()
