"""Parsing certificates/<id>.yaml: the required courses, with problems at their lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualify.certificates.qualificationfile import load_qualification
from qualify.certificates.rules import Assignment, ElectiveGroup, Requirement, RuleSet, Validity
from qualify.core.locales import SUPPORTED_LOCALES as LANGS

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


def write(tmp_path: Path, body: str) -> tuple[object, list[str]]:
    path = tmp_path / "q.yaml"
    path.write_text(f"id: q\ntitle: {Q}\ndescription: {Q}\n" + body, encoding="utf-8")
    spec, problems = load_qualification(path)
    return spec, [f"{p.line}: {p.severity}: {p.message}" for p in problems]


FULL = f"""\
audience: {Q}
courses:
  - course: a
    min_percent: 75
  - course: b
    lessons: 80
electives:
  - choose: 2
    courses:
      - course: c
      - course: d
        lessons: 0
      - course: e
workshops:
  hours: 16
  description: {Q}
assignment:
  course: praxis
  question: aufgabe
  min_percent: 60
  description: {Q}
sign_off: true
validity:
  months: 36
  renewal:
    window_months: 6
    courses:
      - course: auffrischung
    workshop_hours: 8
"""


def test_every_kind_of_rule_is_read(tmp_path: Path) -> None:
    spec, problems = write(tmp_path, FULL)
    assert problems == []
    assert spec.requirements == (Requirement("a", 75, 100), Requirement("b", None, 80))
    assert spec.electives == (
        ElectiveGroup(2, (Requirement("c"), Requirement("d", None, 0), Requirement("e"))),
    )
    assert spec.workshop_hours == 16 and spec.sign_off
    assert spec.assignment == Assignment("praxis", "aufgabe", 60, {lang: "Q" for lang in LANGS})
    assert spec.assignment.line == 22  # where `question` is written
    assert spec.validity == Validity(
        36, RuleSet((Requirement("auffrischung"),), workshop_hours=8), 6
    )
    assert spec.audience["ar"] == "Q"


def test_the_assignments_course_may_also_be_required(tmp_path: Path) -> None:
    """The assignment is a question of the course, not the course: both may be asked for."""
    spec, problems = write(
        tmp_path, "courses: [{course: a}]\nassignment: {course: a, question: p}\n"
    )
    assert problems == []
    assert spec.assignment == Assignment("a", "p") and spec.requirements == (Requirement("a"),)


def test_lessons_are_all_by_default_or_a_share(tmp_path: Path) -> None:
    spec, _ = load(tmp_path, "  - course: a\n  - {course: b, lessons: all}\n")
    assert [r.lessons_percent for r in spec.requirements] == [100, 100]
    spec, problems = load(
        tmp_path, "  - {course: a, lessons: most}\n  - {course: b, lessons: 101}\n"
    )
    assert spec is None
    assert problems == [
        "5: error: 'lessons' must be all or a percentage from 0 to 100, not 'most'",
        "6: error: 'lessons' must be all or a percentage from 0 to 100, not 101",
    ]


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (
            "electives:\n  - choose: 3\n    courses: [{course: a}, {course: b}]\n",
            "5: error: 'choose' is 3, but the group has only 2 courses",
        ),
        (
            "electives:\n  - choose: 1\n    courses: [{course: a}]\n",
            "5: error: an elective group needs at least two courses",
        ),
        (
            "courses: [{course: a}]\nelectives:\n  - choose: 1\n"
            "    courses: [{course: a}, {course: b}]\n",
            "5: error: course 'a' is named twice in this qualification",
        ),
        (
            "courses: [{course: a}]\nassignment: {course: a}\n",
            "5: error: missing 'question'",
        ),
        (
            "courses: [{course: a}]\nassignment: {course: a, question: 'Aufgabe 1'}\n",
            "5: error: 'question' must be lowercase letters, digits and hyphens, not 'Aufgabe 1'",
        ),
        (
            "courses: [{course: a}]\nsign_off: yes please\n",
            "5: error: 'sign_off' must be true or false",
        ),
        (
            "courses: [{course: a}]\nvalidity: {months: 12}\n",
            "5: error: 'validity' needs a 'renewal': what a holder does to renew",
        ),
        (
            "courses: [{course: a}]\nvalidity:\n  months: 12\n"
            "  renewal: {window_months: 12, workshop_hours: 4}\n",
            "7: error: 'window_months' must be shorter than the validity of 12 months",
        ),
        (
            "courses: [{course: a}]\nvalidity:\n  months: 12\n  renewal: {window_months: 2}\n",
            "7: error: a renewal must require a course, workshop hours or a trainer's sign-off",
        ),
        ("courses: [{course: a}]\nassignment: {min_percent: 50}\n", "5: error: missing 'course'"),
        ("electives: []\n", "4: error: a qualification requires at least one course"),
    ],
)
def test_rule_problems_are_named_at_their_line(tmp_path: Path, body: str, problem: str) -> None:
    spec, problems = write(tmp_path, body)
    assert spec is None
    assert problem in problems, problems
