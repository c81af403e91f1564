"""The files and the browser side by side: an import never silently undoes browser edits,
and a course edited in the browser, exported and imported elsewhere is the same course."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from qualify.accounts.models import Role, User
from qualify.assessment.service import quiz_spec
from qualify.audit.models import AuditEvent
from qualify.authoring import lessons, service
from qualify.authoring.drafts import lesson_path, text_hash
from qualify.authoring.imports import ImportRefused, import_keeping_browser_edits
from qualify.authoring.models import CourseDraft, CourseVersion
from qualify.content import export_content, load_content
from qualify.courses.coursefile import LessonText
from qualify.courses.models import Course, Lesson
from qualify.courses.service import course_spec
from tests.conftest import FIXTURES
from tests.test_cli import invoke

NOW = dt.datetime(2026, 12, 5, 12, tzinfo=dt.UTC)
PATH = lesson_path("erste-lektion", "de")
BROWSER_TEXT = "## Im Browser geschrieben\n\nDieser Text kommt aus dem Editor."

pytestmark = pytest.mark.usefixtures("imported_content")


@pytest.fixture
def course(session: Session) -> Course:
    return session.scalar(sa.select(Course).where(Course.slug == "testkurs"))


@pytest.fixture
def author(make_user: Callable[..., User]) -> User:
    return make_user(Role.ADMIN)


def save(session: Session, course: Course, author: User) -> None:
    opened = text_hash(service.working_files(session, course)[PATH])
    text = LessonText("Erste Lektion", 10, ("Testquelle, 2026",), BROWSER_TEXT)
    saved = lessons.save_lesson(
        session, course, "erste-lektion", "de", text, base=opened, german_base=None,
        user=author, now=NOW,
    )  # fmt: skip
    assert isinstance(saved, service.Saved)


def first_lesson_html(session: Session) -> str:
    session.expire_all()
    return session.scalar(sa.select(Lesson).where(Lesson.slug == "erste-lektion")).html["de"]


def files_content():  # noqa: ANN201 - a ContentSet
    return load_content(FIXTURES / "content", FIXTURES / "certificates")


def test_an_import_refuses_to_undo_a_version_published_in_the_browser(
    session: Session, course: Course, author: User
) -> None:
    save(session, course, author)
    service.publish(session, course, author, "Editor", NOW)
    with pytest.raises(ImportRefused) as refused:
        import_keeping_browser_edits(session, files_content(), overwrite=False, now=NOW)
    [edit] = refused.value.edits
    assert (edit.course, edit.draft, edit.files) == ("testkurs", False, [PATH])
    assert "aus dem Editor" in first_lesson_html(session)
    import_keeping_browser_edits(session, files_content(), overwrite=True, now=NOW)
    assert "aus dem Editor" not in first_lesson_html(session)
    [event] = session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "course_overwritten_by_import")
    )
    assert event.details["files"] == [PATH] and event.details["via"] == "command line"
    origins = list(session.scalars(sa.select(CourseVersion.origin).order_by(CourseVersion.number)))
    assert origins == ["files", "browser", "files"]


def test_an_import_refuses_to_drop_a_draft_and_overwrite_drops_it(
    session: Session, course: Course, author: User
) -> None:
    save(session, course, author)
    with pytest.raises(ImportRefused) as refused:
        import_keeping_browser_edits(session, files_content(), overwrite=False, now=NOW)
    assert refused.value.edits[0].draft is True
    assert session.scalar(sa.select(CourseDraft)) is not None
    import_keeping_browser_edits(session, files_content(), overwrite=True, now=NOW)
    assert session.scalar(sa.select(CourseDraft)) is None


def test_the_command_names_what_differs_and_imports_nothing(
    runner, session: Session, course: Course, author: User
) -> None:
    save(session, course, author)
    service.publish(session, course, author, "Editor", NOW)
    result = invoke(runner, "content", "import")
    assert result.exit_code == 1
    assert f"testkurs: a version published in the browser differs from the files in: {PATH}" in (
        result.output
    )
    assert "aus dem Editor" in first_lesson_html(session)
    assert invoke(runner, "content", "import", "--overwrite").exit_code == 0
    assert "aus dem Editor" not in first_lesson_html(session)


def test_edit_export_and_import_elsewhere_give_the_same_course(
    session: Session, course: Course, author: User, tmp_path: Path
) -> None:
    save(session, course, author)
    service.publish(session, course, author, "Editor", NOW)
    session.expire_all()
    edited, edited_quiz = course_spec(session, course), quiz_spec(session, "testkurs")
    export_content(session, tmp_path / "out")
    exported = load_content(tmp_path / "out", None)
    assert exported.ok, exported.problems
    [spec], [quiz] = exported.courses, exported.quizzes
    assert spec.lessons == edited.lessons and spec.title == edited.title
    assert quiz == edited_quiz
    # Back into this site: the files agree with the browser's version, so nothing is refused.
    import_keeping_browser_edits(session, exported, overwrite=False, now=NOW)
    assert "aus dem Editor" in first_lesson_html(session)
