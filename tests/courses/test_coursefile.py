"""Parsing course folders: valid content, and problems reported with file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qualify.courses.coursefile import load_course, render_markdown
from tests.conftest import FIXTURES


@pytest.fixture
def course_dir(tmp_path: Path) -> Path:
    target = tmp_path / "content" / "testkurs"
    shutil.copytree(FIXTURES / "content" / "testkurs", target)
    return target


def test_valid_course_parses_with_lessons_in_order(course_dir: Path) -> None:
    spec, problems = load_course(course_dir)
    assert [p for p in problems if p.severity == "error"] == []
    assert spec is not None
    assert [lesson.id for lesson in spec.lessons] == ["erste-lektion", "zweite-lektion"]
    assert spec.lessons[0].title == {"de": "Erste Lektion", "en": "First lesson"}
    assert spec.lessons[0].sources["de"] == ("Testquelle, 2026",)


def test_raw_html_is_escaped_not_rendered() -> None:
    html = render_markdown("Text <script>alert(1)</script> [x](javascript:alert(1))")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert 'href="javascript' not in html


def test_gender_star_is_kept_and_emphasis_still_works() -> None:
    html = render_markdown("eine*n Berater*in und *kursiv* und **fett**")
    assert "eine*n Berater*in" in html
    assert "<em>kursiv</em>" in html and "<strong>fett</strong>" in html


def test_broken_yaml_names_file_and_line(course_dir: Path) -> None:
    path = course_dir / "course.yaml"
    lines = path.read_text().splitlines()
    lines[5] = "  en: [unclosed"
    path.write_text("\n".join(lines))
    spec, problems = load_course(course_dir)
    assert spec is None
    assert any(p.path.endswith("course.yaml") and p.line in (6, 7) for p in problems), problems


def test_missing_option_text_is_reported_at_its_line(course_dir: Path) -> None:
    from qualify.assessment.quizfile import load_quiz

    path = course_dir / "quiz.yaml"
    text = path.read_text().replace("        text: {de: Grün, en: Green}\n", "")
    path.write_text(text)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "id: gruen" in row)
    spec, problems = load_quiz(course_dir)
    assert spec is None
    assert [(p.line, p.message) for p in problems] == [(line, "missing 'text'")]


def test_lesson_without_sources_and_with_top_heading_is_an_error(course_dir: Path) -> None:
    path = course_dir / "lessons" / "zweite-lektion.de.md"
    path.write_text("---\ntitle: Zweite\nminutes: 5\n---\n# Falsche Überschrift\n\nText\n")
    spec, problems = load_course(course_dir)
    assert spec is None
    messages = {(Path(p.path).name, p.line, p.message) for p in problems}
    assert ("zweite-lektion.de.md", 2, "missing 'sources'") in messages
    assert ("zweite-lektion.de.md", 5, "headings inside a lesson start at '##'") in messages


def test_a_course_problem_is_rendered_in_german_when_translated(course_dir: Path) -> None:
    """Problems remember their msgid and parameters; a catalog (here a fake) renders them."""
    (course_dir / "lessons" / "zweite-lektion.de.md").unlink()
    (course_dir / "images").mkdir(exist_ok=True)
    (course_dir / "images" / "leer.png").write_bytes(b"")
    _spec, problems = load_course(course_dir, course_dir)
    german = {
        "error": "Fehler",
        "missing German lesson file for %(lesson)r": "die deutsche Lektionsdatei für %(lesson)r "
        "fehlt",
        "image refused: %(reason)s": "Bild abgelehnt: %(reason)s",
        "the file is empty": "die Datei ist leer",
    }
    lines = [p.localized(lambda msgid: german.get(msgid, msgid)) for p in problems]
    assert (
        "testkurs/lessons/zweite-lektion.de.md:1: Fehler: die deutsche Lektionsdatei für "
        "'zweite-lektion' fehlt" in lines
    )
    assert "testkurs/images/leer.png:1: Fehler: Bild abgelehnt: die Datei ist leer" in lines
    # The English text is unchanged: str(problem) and the tests that read it.
    assert "missing German lesson file for 'zweite-lektion'" in [p.message for p in problems]


def test_missing_english_version_is_a_warning(course_dir: Path) -> None:
    (course_dir / "lessons" / "zweite-lektion.en.md").unlink()
    spec, problems = load_course(course_dir)
    assert spec is not None
    assert [p.severity for p in problems] == ["warning"]
    assert "no 'en' version" in problems[0].message


def test_unknown_question_type_is_reported(course_dir: Path) -> None:
    from qualify.assessment.quizfile import load_quiz

    path = course_dir / "quiz.yaml"
    path.write_text(path.read_text().replace("type: true_false", "type: guesswork"))
    _spec, problems = load_quiz(course_dir)
    assert any("unknown question type 'guesswork'" in p.message for p in problems)
