"""Print SQL statements and time per page for 1, 50 and 500 learners with progress and a
graded quiz attempt each.

Run: .venv/bin/python bench/page_queries.py   (uses a throw-away SQLite database)
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

REPO = Path(__file__).resolve().parent.parent
QUIZ_COURSE = "interkulturelle-oeffnung"
PAGES = [
    "/",
    "/courses/interkulturelle-oeffnung",
    "/courses/interkulturelle-oeffnung/lessons/was-ist-interkulturelle-oeffnung",
    "/dashboard",
    "/trainer/learners/interkulturelle-oeffnung",
    "/courses/interkulturelle-oeffnung/quiz",
    "/trainer/quizzes/interkulturelle-oeffnung/attempts",
]


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    os.environ["QUALIFY_INSTANCE_PATH"] = str(tmp)
    url = f"sqlite:///{tmp / 'bench.sqlite3'}"
    from qualify import create_app
    from qualify.accounts.models import Role, User
    from qualify.accounts.passwords import hash_password
    from qualify.assessment import service as assessment
    from qualify.assessment.models import Quiz
    from qualify.content import import_content, load_content
    from qualify.core.clock import utcnow
    from qualify.courses.models import Course, Enrolment, LessonCompletion
    from qualify.extensions import db
    from qualify.migrations import upgrade

    upgrade(url)
    app = create_app({"DATABASE_URL": url, "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False})
    password_hash = hash_password("bench-password-123")
    with app.app_context():
        import_content(db.session, load_content(REPO / "course_content", REPO / "certificates"))
        trainer = User(
            email="t@bench.example", name="T", password_hash=password_hash, role=Role.TRAINER
        )
        db.session.add(trainer)
        db.session.commit()
    client = app.test_client()
    client.post("/login", data={"email": "t@bench.example", "password": "bench-password-123"})
    learners = 0
    for target in (1, 50, 500):
        with app.app_context():
            courses = db.session.scalars(sa.select(Course)).all()
            for n in range(learners, target):
                user = User(email=f"l{n}@bench.example", name=f"L{n}", password_hash=password_hash)
                db.session.add(user)
                db.session.flush()
                for course in courses:
                    db.session.add(
                        Enrolment(user_id=user.id, course_id=course.id, enrolled_at=utcnow())
                    )
                    for lesson in course.lessons[:3]:
                        db.session.add(
                            LessonCompletion(
                                user_id=user.id, lesson_id=lesson.id, completed_at=utcnow()
                            )
                        )
            db.session.commit()
            quiz = db.session.scalar(sa.select(Quiz).join(Course).where(Course.slug == QUIZ_COURSE))
            for user_id in db.session.scalars(sa.select(User.id).where(User.role == Role.LEARNER)):
                if not assessment.attempts_of(db.session, user_id, quiz.id):
                    attempt = assessment.start_attempt(db.session, user_id, quiz, utcnow())
                    assessment.submit_attempt(db.session, attempt, {}, utcnow())
        learners = target
        print(f"\n{target} learners enrolled in every course:")
        for page in PAGES:
            client.get(page)
            statements = count_statements(app, client, page)
            times = []
            for _ in range(10):
                start = time.perf_counter()
                client.get(page)
                times.append(time.perf_counter() - start)
            print(
                f"  {page:75s} {statements:3d} queries  "
                f"median {statistics.median(times) * 1000:6.1f} ms"
            )


def count_statements(app, client, page: str) -> int:  # noqa: ANN001
    from qualify.extensions import db

    statements: list[str] = []

    def record(*args: object) -> None:
        statements.append(str(args[2]))

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        client.get(page)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)
    return len(statements)


if __name__ == "__main__":
    main()
