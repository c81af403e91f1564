"""`qualify content export`: the database written back as course files that import again as
the same courses and quizzes; what the import keeps for it; refusals."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st
from ruamel.yaml import YAML
from sqlalchemy.orm import Session

from qualify.assessment.models import Question
from qualify.cli import main
from qualify.content import ContentSet, ExportRefused, export_content, import_content, load_content
from qualify.core.contentwrite import dump_yaml, folder_fingerprint, plain_data
from qualify.core.messages import translate
from qualify.courses.coursefile import CourseSpec
from qualify.courses.models import Course, Lesson
from tests.conftest import REPO

SHIPPED = REPO / "course_content"


@pytest.fixture
def shipped(session: Session, shipped_content: ContentSet) -> ContentSet:
    import_content(session, shipped_content)
    return shipped_content


def without_folder(spec: CourseSpec) -> CourseSpec:
    return dataclasses.replace(spec, folder=Path("."))


def test_export_imports_again_as_the_same_courses_and_quizzes(
    session: Session, shipped: ContentSet, tmp_path: Path
) -> None:
    written = export_content(session, tmp_path / "out")
    again = load_content(tmp_path / "out", None)
    assert again.ok, again.problems
    assert len(written) == len(again.courses) == 8
    assert [without_folder(c) for c in again.courses] == [
        without_folder(c) for c in shipped.courses
    ]
    assert again.quizzes == shipped.quizzes
    assert [q.sources for q in again.quizzes] == [q.sources for q in shipped.quizzes]


def test_a_lessons_review_travels_in_its_german_file_only(
    session: Session, shipped: ContentSet, tmp_path: Path
) -> None:
    """The review date goes through the database (lessons.reviewed) and back into the German
    file's header; the English file, which follows the German lesson, never gets one."""
    reviewed = session.scalars(sa.select(Lesson.reviewed)).all()
    assert len(reviewed) >= 40
    assert set(map(str, reviewed)) == {"{'on': '2026-12-06', 'by': 'qualify-Redaktion'}"}
    export_content(session, tmp_path / "out")
    lessons = tmp_path / "out" / "kinderschutz" / "lessons"
    for german in lessons.glob("*.de.md"):
        assert german.read_text().startswith(
            "---\nreviewed:\n  on: 2026-12-06\n  by: qualify-Redaktion\ntitle: "
        )
    assert not any("reviewed" in english.read_text() for english in lessons.glob("*.en.md"))


def test_import_keeps_each_lessons_markdown_and_each_courses_fingerprint(
    session: Session, shipped: ContentSet
) -> None:
    lessons = session.execute(sa.select(Course.slug, Lesson).join(Lesson.course)).all()
    assert len(lessons) >= 40
    for slug, lesson in lessons:
        for locale, markdown in lesson.markdown.items():
            text = (SHIPPED / slug / "lessons" / f"{lesson.slug}.{locale}.md").read_text()
            assert markdown == text.split("\n---\n", 1)[1].strip(), (slug, lesson.slug)
        assert set(lesson.markdown) == set(lesson.html) == {"de", "en"}
    hashes = dict(session.execute(sa.select(Course.slug, Course.source_hash)).all())
    assert hashes == {slug: folder_fingerprint(SHIPPED / slug) for slug in hashes}


def test_a_fingerprint_changes_with_any_file_of_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "kinderschutz"
    shutil.copytree(SHIPPED / "kinderschutz", folder)
    before = folder_fingerprint(folder)
    assert folder_fingerprint(folder) == before
    (folder / ".notes").write_text("not content")
    assert folder_fingerprint(folder) == before
    quiz = folder / "quiz.yaml"
    quiz.write_text(quiz.read_text() + "\n")
    assert folder_fingerprint(folder) != before


def test_export_refuses_a_folder_that_is_not_empty(
    session: Session, shipped: ContentSet, tmp_path: Path, runner
) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(ExportRefused, match="not empty"):
        export_content(session, tmp_path)
    result = runner.invoke(main, ["content", "export", str(tmp_path)])
    assert result.exit_code == 1
    assert "is not empty" in result.output and "Nothing was exported" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_refusal_says_why_in_german_when_translated(session: Session, tmp_path: Path) -> None:
    target = tmp_path / "kurse"
    target.write_text("a file")
    with pytest.raises(ExportRefused) as refused:
        export_content(session, target)
    assert str(refused.value) == f"{target} is a file, not a folder"
    german = {"%(folder)s is a file, not a folder": "%(folder)s ist eine Datei, kein Ordner"}
    translated = translate(refused.value.message, lambda msgid: german.get(msgid, msgid))
    assert translated == f"{target} ist eine Datei, kein Ordner"


def test_overwrite_replaces_the_course_folders_and_leaves_the_rest(
    session: Session, shipped: ContentSet, tmp_path: Path, runner
) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    stray = tmp_path / "kinderschutz" / "lessons" / "gone.de.md"
    stray.parent.mkdir(parents=True)
    stray.write_text("a lesson removed since")
    result = runner.invoke(main, ["content", "export", str(tmp_path), "--overwrite"])
    assert result.exit_code == 0, result.output
    assert "Exported 8 courses" in result.output
    assert not stray.exists()
    assert (tmp_path / "notes.txt").read_text() == "mine"
    assert load_content(tmp_path, None).ok


def test_export_refuses_a_course_imported_before_its_sources_were_kept(
    session: Session, shipped: ContentSet, tmp_path: Path
) -> None:
    question = session.scalars(sa.select(Question).where(Question.archived.is_(False))).first()
    assert question is not None
    question.source = None
    session.flush()
    with pytest.raises(ExportRefused, match="import` once more"):
        export_content(session, tmp_path / "out")
    assert not (tmp_path / "out").exists()


_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.just("\n"), max_size=200)
_DATA = st.recursive(
    _TEXT | st.integers() | st.booleans() | st.none(),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.from_regex(r"[a-z_]{1,8}", fullmatch=True), inner, max_size=4)
    ),
    max_leaves=12,
)


@given(_DATA)
def test_dump_yaml_reads_back_as_the_data(data: object) -> None:
    assert YAML(typ="safe", pure=True).load(dump_yaml(data)) == data


def test_plain_data_keeps_what_yaml_meant() -> None:
    node = YAML(typ="rt", pure=True).load("a: &x true\nb: *x\nc: 0x1F\nd: 1.50\ne: [x]\n")
    assert plain_data(node) == {"a": True, "b": True, "c": 31, "d": 1.5, "e": ["x"]}
    assert [type(v) for v in plain_data(node).values()] == [bool, bool, int, float, list]
