"""Time certificate PDFs and the verify page.

Prints:
  render_sign_ms=<T>       one certificate rendered and signed (median of 20; German page plus
                           the holder's Arabic page, the larger case), split into
                           render_ms and sign_ms
                           and the process's CPU time (cpu_ms: what the machine's load
                           does not change)
  render_sign_100_s=<T>    100 different certificates, one after another
  verify_page_rps=<R>      GET /verify/<code> through the WSGI app in this process (no
                           network, rate limit off), for 3 seconds
  check_upload_ms=<T>      one uploaded certificate PDF checked (signature, code, status)

Nothing is stored: every download renders and signs again, so render_sign_ms is what a
download costs a server.

Run: .venv/bin/python bench/certificates.py   (uses a throw-away SQLite database)
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

REPO = Path(__file__).resolve().parent.parent
RUNS = 20
PAGE_SECONDS = 3.0


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    os.environ["QUALIFY_INSTANCE_PATH"] = str(tmp)
    url = f"sqlite:///{tmp / 'bench.sqlite3'}"
    from qualify import create_app
    from qualify.accounts.models import Role, User
    from qualify.certificates.codes import new_code, printed_code
    from qualify.certificates.document import build_document, certificate_pdf, site_signing_key
    from qualify.certificates.keys import create_signing_key
    from qualify.certificates.models import Certificate, Qualification
    from qualify.certificates.pdf import render_certificate
    from qualify.certificates.service import check_certificate_file
    from qualify.certificates.signing import sign_certificate_pdf
    from qualify.content import import_content, load_content
    from qualify.core.clock import utcnow
    from qualify.extensions import db
    from qualify.migrations import upgrade

    upgrade(url)
    create_signing_key(tmp / "signing", "Netzwerk Beispiel e. V.", utcnow())
    app = create_app(
        {"DATABASE_URL": url, "RATELIMIT_ENABLED": False, "SIGNING_DIR": tmp / "signing"}
    )
    with app.app_context():
        import_content(db.session, load_content(REPO / "course_content", REPO / "certificates"))
        qualification = db.session.scalar(
            sa.select(Qualification).where(Qualification.slug == "kombi")
        )
        courses = [
            {
                "course": r["course"],
                "title": {"de": r["course"], "ar": r["course"]},
                "passed_at": "2026-02-20",
                "percent": 91.0,
            }
            for r in qualification.requirements
        ]
        for n in range(101):
            user = User(
                email=f"l{n}@bench.example",
                name=f"فاطمة الزهراء {n}",
                password_hash="not-a-hash",  # noqa: S106 (never logs in)
                role=Role.LEARNER,
                locale="ar",
            )
            db.session.add(user)
            db.session.flush()
            db.session.add(
                Certificate(
                    code=new_code(),
                    user_id=user.id,
                    qualification_id=qualification.id,
                    issued_at=utcnow() + dt.timedelta(minutes=n),
                    holder_name=user.name,
                    holder_name_latin=f"Fatima al-Zahra {n}",
                    title=qualification.title,
                    courses=courses,
                    workshop_hours=16,
                )
            )
        db.session.commit()

    with app.test_request_context():
        certificates = db.session.scalars(sa.select(Certificate).order_by(Certificate.id)).all()
        first, first_code = certificates[0], certificates[0].code
        certificate_pdf(first)  # fonts instanced and loaded once, as on a running server
        key = site_signing_key()
        timings, renders, signs, cpu = [], [], [], []
        for _ in range(RUNS):
            start, cpu_start = time.perf_counter(), time.process_time()
            unsigned = render_certificate(build_document(first))
            middle = time.perf_counter()
            signed = sign_certificate_pdf(
                unsigned,
                key,
                code=printed_code(first.code),
                issued_at=first.issued_at,
                issuer="Netzwerk",
            )
            end = time.perf_counter()
            cpu.append(time.process_time() - cpu_start)
            renders.append(middle - start)
            signs.append(end - middle)
            timings.append(end - start)
        print(
            f"render_sign_ms={statistics.median(timings) * 1000:.1f} "
            f"render_ms={statistics.median(renders) * 1000:.1f} "
            f"sign_ms={statistics.median(signs) * 1000:.1f} "
            f"cpu_ms={statistics.median(cpu) * 1000:.1f} bytes={len(signed)}"
        )

        start = time.perf_counter()
        for certificate in certificates[1:]:
            certificate_pdf(certificate)
        print(f"render_sign_100_s={time.perf_counter() - start:.2f}")

        checks = []
        for _ in range(RUNS):
            start = time.perf_counter()
            verdict = check_certificate_file(db.session, signed, key.certificate, utcnow())
            checks.append(time.perf_counter() - start)
        assert verdict.problem is None, verdict
        print(f"check_upload_ms={statistics.median(checks) * 1000:.1f}")

    client = app.test_client()
    path = f"/verify/{printed_code(first_code)}"
    assert client.get(path).status_code == 200
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < PAGE_SECONDS:
        client.get(path)
        count += 1
    print(f"verify_page_rps={count / (time.perf_counter() - start):.0f}")


if __name__ == "__main__":
    main()
