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
  cohort_zip_first_byte_ms=<T> cohort_zip_total_ms=<T>
                           a trainer's streamed ZIP of a cohort's 30 certificates through the
                           WSGI app: time to the first piece (the list; before streaming, it
                           was the time for the whole archive) and to the last
  cohort_zip_peak_mib=<M>  the most memory the same download held at once (tracemalloc,
                           pieces dropped as they arrive, as a server's socket does; mostly
                           one rendering's fonts), beside the archive's size, and how much
                           more it held after the last PDF than after the first
                           (cohort_zip_held_growth_kib: near 0 when nothing accumulates)

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
import tracemalloc
from pathlib import Path

import sqlalchemy as sa

REPO = Path(__file__).resolve().parent.parent
RUNS = 20
PAGE_SECONDS = 3.0
COHORT = 30
PASSWORD = "bench-password-123"  # noqa: S105 (a throw-away database)


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
        {
            "DATABASE_URL": url,
            "RATELIMIT_ENABLED": False,
            "SIGNING_DIR": tmp / "signing",
            "WTF_CSRF_ENABLED": False,
        }
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
        qualification_id = qualification.id

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

    holders = [c.user_id for c in certificates[1 : COHORT + 1]]
    cohort_zip(app, make_cohort(app, holders, qualification_id))


def make_cohort(app, holders: list[int], qualification_id: int) -> int:  # noqa: ANN001
    """A cohort of the given certificate holders and its trainer, who can log in."""
    from qualify.accounts.models import Role, User
    from qualify.accounts.passwords import hash_password
    from qualify.cohorts.models import Cohort, CohortMember, CohortTrainer
    from qualify.core.clock import utcnow
    from qualify.extensions import db

    with app.app_context():
        trainer = User(
            email="trainer@bench.example",
            name="Tia Trainerin",
            password_hash=hash_password(PASSWORD),
            role=Role.TRAINER,
        )
        db.session.add(trainer)
        db.session.flush()
        today = utcnow().date()
        cohort = Cohort(
            name="Bench",
            qualification_id=qualification_id,
            starts_on=today,
            ends_on=today,
            place="Halle (Saale)",
            capacity=len(holders),
        )
        cohort.trainers.append(CohortTrainer(user_id=trainer.id))
        cohort.members.extend(CohortMember(user_id=user_id) for user_id in holders)
        db.session.add(cohort)
        db.session.commit()
        return cohort.id


def cohort_zip(app, cohort_id: int) -> None:  # noqa: ANN001
    client = app.test_client()
    client.post("/login", data={"email": "trainer@bench.example", "password": PASSWORD})
    path = f"/trainer/cohorts/{cohort_id}/certificates.zip"
    start = time.perf_counter()
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    pieces = iter(response.response)
    size = len(next(pieces))
    first_byte = time.perf_counter() - start
    size += sum(len(piece) for piece in pieces)
    total = time.perf_counter() - start
    response.close()
    print(
        f"cohort_zip_first_byte_ms={first_byte * 1000:.0f} "
        f"cohort_zip_total_ms={total * 1000:.0f} certificates={COHORT}"
    )
    tracemalloc.start()
    response = client.get(path)
    held, received = [], 0
    for piece in response.response:
        received += len(piece)
        held.append(tracemalloc.get_traced_memory()[0])
    response.close()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert received == size
    growth = held[-2] - held[1]  # after the last PDF against after the first
    print(
        f"cohort_zip_peak_mib={peak / 2**20:.1f} archive_mib={size / 2**20:.1f} "
        f"cohort_zip_held_growth_kib={growth / 1024:.0f}"
    )


if __name__ == "__main__":
    main()
