"""Parsing certificates/<id>.yaml: the required courses, with problems at their lines."""

from __future__ import annotations

from pathlib import Path

from qualify.certificates.qualificationfile import load_qualification
from qualify.certificates.rules import Requirement

# Every site language, so nothing is missing to warn about.
Q = "{de: Q, en: Q, fr: Q, ru: Q, ar: Q, es: Q, pl: Q, vi: Q}"
HEAD = f"id: q\ntitle: {Q}\ndescription: {Q}\ncourses:\n"


def load(tmp_path: Path, courses: str) -> tuple[object, list[str]]:
    path = tmp_path / "q.yaml"
    path.write_text(HEAD + courses, encoding="utf-8")
    spec, problems = load_qualification(path)
    return spec, [f"{p.line}: {p.severity}: {p.message}" for p in problems]


def test_required_courses_are_read_in_order(tmp_path: Path) -> None:
    spec, problems = load(tmp_path, "  - course: kurs-a\n  - {course: kurs-b, min_percent: 80}\n")
    assert problems == []
    assert spec.requirements == (Requirement("kurs-a", None), Requirement("kurs-b", 80))


def test_course_required_twice_is_an_error_at_the_second(tmp_path: Path) -> None:
    spec, problems = load(tmp_path, "  - course: kurs\n  - course: kurs\n    min_percent: 90\n")
    assert spec is None
    assert problems == ["6: error: course 'kurs' is required twice"]


def test_a_qualification_problem_is_rendered_in_german_when_translated(tmp_path: Path) -> None:
    load(tmp_path, "  - course: kurs\n  - course: kurs\n")
    _spec, problems = load_qualification(tmp_path / "q.yaml")
    german = {
        "error": "Fehler",
        "course %(course)r is required twice": "der Kurs %(course)r wird zweimal verlangt",
    }
    assert [p.localized(lambda msgid: german.get(msgid, msgid)) for p in problems] == [
        f"{tmp_path / 'q.yaml'}:6: Fehler: der Kurs 'kurs' wird zweimal verlangt"
    ]


def test_a_requirement_that_is_not_a_mapping_is_reported_once(tmp_path: Path) -> None:
    spec, problems = load(tmp_path, "  - kurs\n  - course: kurs\n    grade: 2\n")
    assert spec is None
    assert problems == [
        "5: error: expected a mapping of keys and values",
        "7: error: unknown key 'grade'",
    ]


def test_a_course_id_is_any_text_here(tmp_path: Path) -> None:
    """Whether the course exists is checked with all content (a warning), not here."""
    spec, problems = load(tmp_path, "  - course: Kurs Eins\n")
    assert problems == []
    assert spec.requirements == (Requirement("Kurs Eins", None),)
