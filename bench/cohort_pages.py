"""Time the trainer's cohort pages and count their SQL statements, for a cohort of 200 and
one of 2,000 participants, each enrolled in all 8 shipped courses with lessons done, a graded
quiz attempt per course and attendance at 6 workshops. The cohort's qualification requires
all 8 courses, so the matrix has 8 course columns.

Prints one line per page and size: `<page> participants=<N> queries=<Q> ms=<T>` (median of
5 requests; N is the cohort's size, the funder report counts every cohort so far). The
number of queries must not grow with the participants.

Run: .venv/bin/python bench/cohort_pages.py
     (a throw-away SQLite database; QUALIFY_BENCH_DATABASE_URL=postgresql+psycopg://... for
     PostgreSQL, whose schema public is emptied first)
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
SIZES = (200, 2000)
WORKSHOPS = 6
PASSWORD = "bench-password-123"  # noqa: S105 (a throw-away database)
PAGES = (
    ("matrix", "/trainer/cohorts/{id}/progress"),
    ("matrix-at-risk", "/trainer/cohorts/{id}/progress?status=at_risk&sort=quiet_first"),
    ("matrix.csv", "/trainer/cohorts/{id}/progress.csv"),
    ("matrix.xlsx", "/trainer/cohorts/{id}/progress.xlsx"),
    ("attendance.xlsx", "/trainer/cohorts/{id}/attendance.xlsx"),
    # The report over every group the viewer sees: 200, then 2,200 participants (the first
    # cohort stays when the second is added).
    ("funder-report", "/trainer/report/?group_by=cohort"),
    ("funder-report.xlsx", "/trainer/report/report.xlsx?group_by=cohort"),
)


def database_url(tmp: Path) -> str:
    url = os.environ.get("QUALIFY_BENCH_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp / 'bench.sqlite3'}"
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP SCHEMA public CASCADE")
        connection.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()
    return url


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    os.environ["QUALIFY_INSTANCE_PATH"] = str(tmp)
    url = database_url(tmp)
    from qualify import create_app
    from qualify.content import import_content, load_content
    from qualify.extensions import db
    from qualify.migrations import upgrade

    upgrade(url)
    app = create_app({"DATABASE_URL": url, "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False})
    with app.app_context():
        import_content(db.session, load_content(REPO / "course_content", REPO / "certificates"))
        trainer_id = make_user(db.session, "trainer@bench.example", "Tia Trainerin", "trainer")
        qualification_id = all_courses_qualification(db.session)
    client = app.test_client()
    client.post("/login", data={"email": "trainer@bench.example", "password": PASSWORD})
    everyone = 0
    for size in SIZES:
        with app.app_context():
            cohort_id = make_cohort(db.session, size, trainer_id, qualification_id)
        everyone += size
        for name, page in PAGES:
            path = page.format(id=cohort_id)
            assert client.get(path).status_code == 200, path
            queries = count_statements(client, path)
            times = []
            for _ in range(5):
                start = time.perf_counter()
                client.get(path)
                times.append(time.perf_counter() - start)
            median = statistics.median(times) * 1000
            counted = everyone if name.startswith("funder") else size
            print(f"{name} participants={counted} queries={queries} ms={median:.0f}")


def make_user(session, email: str, name: str, role: str = "learner") -> int:  # noqa: ANN001
    from qualify.accounts.models import User
    from qualify.accounts.passwords import hash_password

    user = User(email=email, name=name, password_hash=hash_password(PASSWORD), role=role)
    session.add(user)
    session.commit()
    return user.id


def all_courses_qualification(session) -> int:  # noqa: ANN001
    from qualify.certificates.models import Qualification
    from qualify.courses.models import Course

    slugs = session.scalars(sa.select(Course.slug).order_by(Course.position)).all()
    qualification = Qualification(
        slug="bench-alle-kurse",
        title={"de": "Alle Kurse", "en": "All courses"},
        description={"de": "", "en": ""},
        requirements=[{"course": slug, "min_percent": None} for slug in slugs],
        workshop_hours=16,
    )
    session.add(qualification)
    session.commit()
    return qualification.id


def make_cohort(session, size: int, trainer_id: int, qualification_id: int) -> int:  # noqa: ANN001
    """A running cohort of `size` participants with realistic, varied progress."""
    from qualify.assessment.models import Quiz, QuizAttempt
    from qualify.certificates.models import WorkshopCredit
    from qualify.cohorts.models import (
        Attendance,
        Cohort,
        CohortMember,
        CohortTrainer,
        Workshop,
    )
    from qualify.core.clock import utcnow
    from qualify.courses.models import Course, Enrolment, LessonCompletion

    now = utcnow()
    cohort = Cohort(
        name=f"Bench {size}",
        qualification_id=qualification_id,
        starts_on=now.date() - dt.timedelta(days=120),
        ends_on=now.date() + dt.timedelta(days=60),
        place="Halle (Saale)",
        capacity=size,
    )
    cohort.trainers.append(CohortTrainer(user_id=trainer_id))
    session.add(cohort)
    session.flush()
    first = session.scalar(sa.select(sa.func.coalesce(sa.func.max(Cohort.id), 0)))
    users = [
        {"email": f"p{first}-{n}@bench.example", "name": f"Teilnehmer*in {n}", "role": "learner"}
        for n in range(size)
    ]
    from qualify.accounts.models import User

    session.execute(sa.insert(User), users)
    user_ids = session.scalars(
        sa.select(User.id).where(User.email.like(f"p{first}-%@bench.example")).order_by(User.id)
    ).all()
    session.execute(
        sa.insert(CohortMember),
        [{"cohort_id": cohort.id, "user_id": uid, "joined_at": now} for uid in user_ids],
    )
    courses = session.scalars(sa.select(Course).order_by(Course.position)).all()
    quizzes = {q.course_id: q for q in session.scalars(sa.select(Quiz))}
    enrolments, completions, attempts = [], [], []
    for index, uid in enumerate(user_ids):
        for c, course in enumerate(courses):
            if (index + c) % 5 == 0:
                continue  # not started
            at = now - dt.timedelta(days=(index * 7 + c) % 100)
            enrolments.append({"user_id": uid, "course_id": course.id, "enrolled_at": at})
            for lesson in course.lessons[: 1 + (index + c) % len(course.lessons)]:
                completions.append({"user_id": uid, "lesson_id": lesson.id, "completed_at": at})
            quiz = quizzes.get(course.id)
            if quiz is not None and (index + c) % 3 == 0:
                percent = 40 + (index * 13 + c * 7) % 60
                attempts.append(
                    {
                        "user_id": uid,
                        "quiz_id": quiz.id,
                        "number": 1,
                        "status": "graded",
                        "pass_mark": quiz.pass_mark,
                        "started_at": at,
                        "submitted_at": at,
                        "points": percent,
                        "max_points": 100,
                        "percent": percent,
                        "passed": percent >= quiz.pass_mark,
                    }
                )
    session.execute(sa.insert(Enrolment), enrolments)
    session.execute(sa.insert(LessonCompletion), completions)
    session.execute(sa.insert(QuizAttempt), attempts)
    attendance, credits = [], []
    for w in range(WORKSHOPS):
        held_on = cohort.starts_on + dt.timedelta(days=14 * (w + 1))
        workshop = Workshop(
            cohort_id=cohort.id,
            title=f"Präsenztag {w + 1}",
            held_on=held_on,
            starts_at=dt.time(9),
            ends_at=dt.time(13),
            place="Halle (Saale)",
            trainer_id=trainer_id,
        )
        session.add(workshop)
        session.flush()
        for index, uid in enumerate(user_ids):
            if (index + w) % 4 == 0:
                continue  # absent
            attendance.append(
                {"workshop_id": workshop.id, "user_id": uid, "hours": 4, "recorded_at": now}
            )
            credits.append(
                {
                    "user_id": uid,
                    "qualification_id": qualification_id,
                    "hours": 4,
                    "held_on": held_on,
                    "title": workshop.title,
                    "recorded_at": now,
                }
            )
    session.execute(sa.insert(Attendance), attendance)
    session.execute(sa.insert(WorkshopCredit), credits)
    session.commit()
    return cohort.id


def count_statements(client, page: str) -> int:  # noqa: ANN001
    from qualify.extensions import db

    statements: list[str] = []

    def record(*args: object) -> None:
        statements.append(str(args[2]))

    with client.application.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        client.get(page)
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    return len(statements)


if __name__ == "__main__":
    main()
