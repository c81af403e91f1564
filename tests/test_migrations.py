"""Migrating a site with data keeps the data.

On SQLite, Alembic's batch mode rebuilds a table to alter it: it copies the rows to a new
table and drops the old one. With foreign keys on, that DROP deletes every row that refers
to the table through ON DELETE CASCADE (SQLite runs an implicit DELETE FROM). Upgrading a
site must never do that.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command

from qualify.migrations import alembic_config, upgrade

ROWS = {
    # At 0007: a learner signed in, with a reset link (users is rebuilt in 0008).
    "0007": [
        "INSERT INTO users (id, email, name, password_hash, role, locale, created_at) "
        "VALUES (1, 'a@example.org', 'Ana', 'x', 'learner', 'de', '2026-01-01 00:00:00')",
        "INSERT INTO login_sessions (id, user_id, token_hash, created_at) "
        "VALUES (1, 1, 'h', '2026-01-01 00:00:00')",
        "INSERT INTO account_tokens (id, purpose, token_hash, user_id, created_at, expires_at) "
        "VALUES (1, 'password_reset', 't', 1, '2026-01-01 00:00:00', '2026-01-01 01:00:00')",
    ],
    # At 0010: a cohort with its trainer and participant (cohorts is rebuilt in 0011).
    "0010": [
        "INSERT INTO qualifications (id, slug, title, description, requirements, "
        "workshop_hours, workshop_description, archived) "
        "VALUES (1, 'q', '{}', '{}', '[]', 0, '{}', 0)",
        "INSERT INTO users (id, email, name, password_hash, role, locale, created_at) "
        "VALUES (2, 't@example.org', 'Tom', 'x', 'trainer', 'de', '2026-01-01 00:00:00')",
        "INSERT INTO cohorts (id, name, qualification_id, starts_on, ends_on, place, "
        "capacity, at_risk_days, created_at) "
        "VALUES (1, 'G', 1, '2027-01-01', '2027-02-01', 'online', 5, 14, '2026-01-01 00:00:00')",
        "INSERT INTO cohort_trainers (id, cohort_id, user_id) VALUES (1, 1, 2)",
        "INSERT INTO cohort_members (id, cohort_id, user_id, joined_at) "
        "VALUES (1, 1, 1, '2026-01-01 00:00:00')",
    ],
    # At 0013: a course with a lesson the learner completed and a quiz question (lessons,
    # questions and courses are rebuilt in 0014).
    "0013": [
        "INSERT INTO courses (id, slug, title, summary, objectives, glossary, "
        "duration_minutes, position, archived) "
        "VALUES (1, 'c', '{}', '{}', '{}', '[]', 30, 0, 0)",
        "INSERT INTO lessons (id, course_id, slug, position, minutes, title, html, sources, "
        "archived) VALUES (1, 1, 'l', 0, 10, '{}', '{}', '{}', 0)",
        "INSERT INTO lesson_completions (id, user_id, lesson_id, completed_at) "
        "VALUES (1, 1, 1, '2026-01-01 00:00:00')",
        "INSERT INTO quizzes (id, course_id, pass_mark, settings, leads_to_certificate) "
        "VALUES (1, 1, 70, '{}', 0)",
        "INSERT INTO questions (id, quiz_id, slug, position, type, spec, archived) "
        "VALUES (1, 1, 'q', 0, 'essay', '{}', 0)",
    ],
}
TABLES = (
    "users",
    "login_sessions",
    "account_tokens",
    "cohorts",
    "cohort_trainers",
    "cohort_members",
    "courses",
    "lessons",
    "lesson_completions",
    "questions",
)


def test_upgrading_a_sqlite_site_keeps_rows_that_refer_to_rebuilt_tables(tmp_path: Path) -> None:
    """Runs on its own SQLite file, whichever database the rest of the suite uses."""
    url = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    engine = sa.create_engine(url)
    for revision, statements in ROWS.items():
        command.upgrade(alembic_config(url), revision)
        with engine.begin() as connection:
            for statement in statements:
                connection.exec_driver_sql(statement)
    upgrade(url)
    with engine.connect() as connection:
        counts = {
            table: connection.scalar(sa.select(sa.func.count()).select_from(sa.table(table)))
            for table in TABLES
        }
        problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        sources = connection.exec_driver_sql(
            "SELECT lessons.markdown, questions.source, courses.source_hash FROM lessons "
            "JOIN courses ON courses.id = lessons.course_id JOIN questions ON questions.id = 1"
        ).one()
    engine.dispose()
    assert counts == {
        "users": 2,
        "login_sessions": 1,
        "account_tokens": 1,
        "cohorts": 1,
        "cohort_trainers": 1,
        "cohort_members": 1,
        "courses": 1,
        "lessons": 1,
        "lesson_completions": 1,
        "questions": 1,
    }
    assert problems == []
    assert tuple(sources) == ("{}", None, None)  # filled by the next content import
