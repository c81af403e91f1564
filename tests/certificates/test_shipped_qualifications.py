"""The two shipped qualifications do what the expert review of December 2026 led to
(docs/qualifications.md): KomBI needs the Kinderschutz course and expires after two years,
Diversity-Berater*in after three; each is renewed by passing its core quiz again."""

from __future__ import annotations

import datetime as dt

from qualify.assessment.policy import QuizResult
from qualify.certificates.qualificationfile import load_qualification
from qualify.certificates.rules import (
    AssignmentResult,
    Due,
    Evidence,
    Held,
    LessonCount,
    QualificationSpec,
    add_months,
    expiry,
    standing,
)
from tests.conftest import REPO

ISSUED = dt.datetime(2027, 3, 15, 9, tzinfo=dt.UTC)
ALL_COURSES = frozenset(
    {
        "kombi-laufbahnberatung",
        "datenschutz-im-verein",
        "kinderschutz",
        "interkulturelle-oeffnung",
        "diversity-beratung",
        "anonymisierte-bewerbung",
    }
)


def shipped(qualification_id: str) -> QualificationSpec:
    spec, problems = load_qualification(REPO / "certificates" / f"{qualification_id}.yaml")
    assert spec is not None, problems
    return spec


def done(
    courses: dict[str, float],
    *,
    hours: float = 0,
    signed_off: bool = False,
    assignment: tuple[str, str, float] | None = None,
) -> Evidence:
    """Each course's quiz passed with the percent given and all of its 8 lessons read;
    `assignment`: (course, question, percent) of a marked practice assignment."""
    return Evidence(
        available=ALL_COURSES,
        results={c: QuizResult(p, True, ISSUED) for c, p in courses.items()},
        lessons={c: LessonCount(8, 8) for c in courses},
        workshop_hours=hours,
        signed_off=signed_off,
        assignments=(
            {assignment[:2]: AssignmentResult(assignment[2])} if assignment is not None else {}
        ),
    )


def quiz_only(course: str, percent: float) -> Evidence:
    """Renewal evidence: the quiz passed again, no lesson read since."""
    return Evidence(available=ALL_COURSES, results={course: QuizResult(percent, True, ISSUED)})


def test_kombi_is_not_earned_without_the_kinderschutz_course() -> None:
    kombi = shipped("kombi")
    core = {"kombi-laufbahnberatung": 80.0, "datenschutz-im-verein": 70.0}
    cases = ("kombi-laufbahnberatung", "praxisfaelle", 80.0)
    without = standing(
        kombi, done(core, hours=24, signed_off=True, assignment=cases), None, None, ISSUED
    )
    assert without.due is Due.NOTHING
    [kinderschutz] = [c for c in without.eligibility.courses if c.course_id == "kinderschutz"]
    assert not kinderschutz.met and kinderschutz.result is None
    complete = done(core | {"kinderschutz": 70.0}, hours=24, signed_off=True, assignment=cases)
    assert standing(kombi, complete, None, None, ISSUED).due is Due.ISSUE


def test_both_qualifications_need_their_practice_assignment_marked_at_70_percent() -> None:
    """The reviewers' practice tasks (Diversity: own organisation and Kontrakt; KomBI: two
    documented cases) are required, marked by a trainer, pass from 7 of 10 points."""
    everything = {course: 80.0 for course in ALL_COURSES}
    for qualification_id, question, hours in (
        ("diversity-berater", "praxisaufgabe", 16),
        ("kombi", "praxisfaelle", 24),
    ):
        spec = shipped(qualification_id)
        assert spec.assignment is not None and spec.assignment.question_id == question
        course = spec.assignment.course_id
        for percent, due in ((None, Due.NOTHING), (60.0, Due.NOTHING), (70.0, Due.ISSUE)):
            marked = None if percent is None else (course, question, percent)
            evidence = done(everything, hours=hours, signed_off=True, assignment=marked)
            assert standing(spec, evidence, None, None, ISSUED).due is due, (spec.id, percent)


def test_kombi_expires_after_two_years_and_is_renewed_with_75_percent_in_its_quiz() -> None:
    kombi = shipped("kombi")
    held = Held(ISSUED, expiry(kombi, ISSUED))
    assert held.expires_at == add_months(ISSUED, 24)
    before_window = add_months(ISSUED, 20)
    in_window = add_months(ISSUED, 22)
    renewed = quiz_only("kombi-laufbahnberatung", 76)
    assert standing(kombi, done({}), renewed, held, before_window).due is Due.NOTHING
    below = quiz_only("kombi-laufbahnberatung", 74)  # passes the quiz, not the 75 %
    assert standing(kombi, done({}), below, held, in_window).due is Due.NOTHING
    assert standing(kombi, done({}), renewed, held, in_window).due is Due.RENEW


def test_diversity_expires_after_three_years_and_is_renewed_by_its_quiz_alone() -> None:
    diversity = shipped("diversity-berater")
    assert "datenschutz-im-verein" not in diversity.rules.course_ids
    held = Held(ISSUED, expiry(diversity, ISSUED))
    assert held.expires_at == add_months(ISSUED, 36)
    in_window = add_months(ISSUED, 34)
    nothing = Evidence(available=ALL_COURSES)
    assert standing(diversity, done({}), nothing, held, in_window).due is Due.NOTHING
    renewed = quiz_only("diversity-beratung", 70)
    assert standing(diversity, done({}), renewed, held, in_window).due is Due.RENEW
