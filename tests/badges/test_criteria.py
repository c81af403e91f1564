"""A badge's criteria say what its qualification asks for, part by part (pure)."""

from __future__ import annotations

from qualify.badges.criteria import criteria_lines
from qualify.certificates.rules import Assignment, ElectiveGroup, Requirement, RuleSet
from qualify.core.messages import translate

TITLES = {"a": "Course A", "b": "Course B", "c": "Course C", "d": "Course D"}


def english(rules: RuleSet, pass_marks: dict[str, int] | None = None) -> list[str]:
    lines = criteria_lines(rules, lambda slug: TITLES.get(slug, slug), pass_marks or {})
    return [translate(line, lambda msgid: msgid) for line in lines]


def test_a_required_course_names_its_minimum_and_its_lessons() -> None:
    rules = RuleSet(courses=(Requirement("a", 75), Requirement("b", None, 50)))
    assert english(rules, {"b": 70}) == [
        "pass the course “Course A”: final quiz with at least 75 %, all lessons done",
        "pass the course “Course B”: final quiz passed (pass mark 70 %), "
        "at least 50 % of the lessons done",
    ]


def test_a_course_asking_for_no_lessons_names_only_its_quiz() -> None:
    assert english(RuleSet(courses=(Requirement("zzz", None, 0),))) == [
        "pass the course “zzz”: final quiz passed"  # a course not written yet: its id
    ]


def test_an_elective_group_names_how_many_of_which_courses() -> None:
    group = ElectiveGroup(2, (Requirement("b", 80), Requirement("c"), Requirement("d")))
    (line,) = english(RuleSet(electives=(group,)), {"c": 60, "d": 60})
    assert line == (
        "pass 2 of these 3 courses: “Course B”: final quiz with at least 80 %, all lessons done; "
        "“Course C”: final quiz passed (pass mark 60 %), all lessons done; "
        "“Course D”: final quiz passed (pass mark 60 %), all lessons done"
    )


def test_hours_assignment_and_sign_off_each_get_a_line() -> None:
    rules = RuleSet(
        courses=(Requirement("a", 70),),
        workshop_hours=16,
        assignment=Assignment("b", "praxis", 70),
        sign_off=True,
    )
    assert english(rules)[1:] == [
        "attend 16 hours of in-person workshops",
        "hand in the practice assignment of the course “Course B” and have it marked by a "
        "trainer with at least 70 %",
        "be confirmed as ready by a trainer at the end (sign-off)",
    ]
    without_minimum = RuleSet(assignment=Assignment("b", "praxis"))
    assert english(without_minimum) == [
        "hand in the practice assignment of the course “Course B” and have it marked as "
        "passed by a trainer"
    ]
