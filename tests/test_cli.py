"""The qualify command line: content check and import, users, demo accounts."""

from __future__ import annotations

import shutil
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from qualify.accounts.models import User
from qualify.accounts.passwords import verify_password
from qualify.cli import main
from qualify.core.clock import utcnow
from qualify.courses import service as courses
from qualify.courses.models import Course, LessonCompletion
from tests.conftest import FIXTURES, REPO


def invoke(runner, *args: str):
    return runner.invoke(main, list(args), catch_exceptions=False)


def test_content_check_passes_on_fixtures(runner) -> None:
    result = invoke(runner, "content", "check", str(FIXTURES / "content"))
    assert result.exit_code == 0, result.output
    assert "1 course, 3 qualifications; 0 errors" in result.output


def test_content_check_fails_with_file_and_line(runner, tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", content)
    quiz = content / "testkurs" / "quiz.yaml"
    quiz.write_text(quiz.read_text().replace("answer: true", "answer: maybe"))
    line = next(i for i, row in enumerate(quiz.read_text().splitlines(), 1) if "answer:" in row)
    result = invoke(runner, "content", "check", str(content))
    assert result.exit_code == 1
    assert (
        f"content/testkurs/quiz.yaml:{line}: error: 'answer' must be true or false" in result.output
    )


def test_the_command_speaks_the_shells_language(runner, tmp_path: Path, monkeypatch) -> None:
    """An operator whose shell is German reads the problems and the summary in German."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", content)
    quiz = content / "testkurs" / "quiz.yaml"
    quiz.write_text(quiz.read_text().replace("answer: true", "answer: maybe"))
    line = next(i for i, row in enumerate(quiz.read_text().splitlines(), 1) if "answer:" in row)
    monkeypatch.delenv("QUALIFY_LANGUAGE")
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    result = invoke(runner, "content", "check", str(content))
    assert result.exit_code == 1
    assert f"content/testkurs/quiz.yaml:{line}: Fehler: 'answer' muss " in result.output
    assert "0 Kurse, 3 Qualifizierungen; 1 Fehler" in result.output


def test_import_refuses_broken_content_and_writes_nothing(
    runner, tmp_path: Path, session: Session
) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", content)
    (content / "testkurs" / "course.yaml").write_text("id: testkurs\ntitle: [oops\n")
    result = invoke(runner, "content", "import", str(content))
    assert result.exit_code == 1
    assert "Nothing was imported" in result.output
    assert session.scalars(sa.select(Course)).all() == []


def test_reimport_is_idempotent_and_keeps_progress(runner, session: Session, make_user) -> None:
    assert invoke(runner, "content", "import").exit_code == 0
    course = session.scalar(sa.select(Course).where(Course.slug == "testkurs"))
    learner = make_user()
    courses.enrol(session, learner.id, course.id, utcnow())
    lesson_id = course.lessons[0].id
    courses.complete_lesson(session, learner.id, lesson_id, utcnow())
    result = invoke(runner, "content", "import")
    assert result.exit_code == 0
    assert "0 courses created, 1 course updated" in result.output
    session.expire_all()
    assert (
        session.scalar(sa.select(Course).where(Course.slug == "testkurs")).lessons[0].id
        == lesson_id
    )
    progress = courses.progress_by_course(session, learner.id, [course.id])[course.id]
    assert progress.lessons_done == 1
    assert len(session.scalars(sa.select(LessonCompletion)).all()) == 1


def test_users_create_and_set_password(runner, session: Session) -> None:
    result = invoke(
        runner,
        "users",
        "create",
        "--email",
        "Trainerin@Example.org",
        "--role",
        "trainer",
        "--name",
        "Nadia Trainerin",
    )
    assert result.exit_code == 0
    password = result.output.strip().rsplit(" ", 1)[-1]
    user = session.scalar(sa.select(User).where(User.email == "trainerin@example.org"))
    assert user.role == "trainer" and verify_password(user.password_hash, password)
    again = invoke(runner, "users", "create", "--email", "trainerin@example.org")
    assert again.exit_code == 1 and "email_taken" in again.output
    reset = invoke(runner, "users", "set-password", "--email", "trainerin@example.org")
    new_password = reset.output.strip().rsplit(" ", 1)[-1]
    session.refresh(user)
    assert new_password != password and verify_password(user.password_hash, new_password)
    missing = invoke(runner, "users", "set-password", "--email", "nobody@example.org")
    assert missing.exit_code == 1


def test_demo_setup_prints_passwords_once(runner, session: Session) -> None:
    first = invoke(runner, "demo", "setup")
    assert first.output.count("(shown only now)") == 3
    # Without content there is no qualification to graduate in: said, not failed.
    assert "No demo graduate yet: no qualification whose courses are all imported." in (
        first.output
    )
    second = invoke(runner, "demo", "setup")
    assert "password:" not in second.output and second.output.count("exists") == 3
    roles = sorted(u.role for u in session.scalars(sa.select(User)))
    assert roles == ["admin", "learner", "trainer"]


def test_demo_setup_refuses_a_production_site(app, runner, session: Session) -> None:
    mode, app.config["ENV_NAME"] = app.config["ENV_NAME"], "production"
    try:
        result = runner.invoke(main, ["demo", "setup"])
    finally:
        app.config["ENV_NAME"] = mode
    assert result.exit_code == 1 and "production" in result.output
    assert session.scalars(sa.select(User)).all() == []


def test_shipped_content_passes_the_check(runner) -> None:
    result = invoke(
        runner,
        "content",
        "check",
        str(REPO / "course_content"),
        "--certificates",
        str(REPO / "certificates"),
    )
    assert result.exit_code == 0, result.output
