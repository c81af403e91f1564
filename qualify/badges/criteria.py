"""What a qualification asks for, as the sentences of a badge's criteria narrative. Pure.

Read from the qualification's rules, as its public page is, so a badge says exactly what
the holder did: the courses with their quiz minimum and share of lessons, the elective
groups, workshop hours, the practice assignment a trainer marked and the trainer's
sign-off. Renewal courses are not part of earning it and are left out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from qualify.certificates.rules import Requirement, RuleSet
from qualify.core.messages import Message

CourseTitle = Callable[[str], str]
"""The course's title in the badge's language (its id when the course is not written yet)."""


def criteria_lines(
    rules: RuleSet, course_title: CourseTitle, pass_marks: Mapping[str, int]
) -> list[Message]:
    """One sentence per requirement, in the order of the qualification's file."""
    lines = [
        Message(
            "pass the course “%(course)s”: %(terms)s",
            course=course_title(r.course_id),
            terms=course_terms(r, pass_marks),
        )
        for r in rules.courses
    ]
    for group in rules.electives:
        options = [
            Message(
                "“%(course)s”: %(terms)s",
                course=course_title(r.course_id),
                terms=course_terms(r, pass_marks),
            )
            for r in group.options
        ]
        lines.append(
            Message(
                "pass %(choose)s of these %(count)s courses: %(courses)s",
                choose=group.choose,
                count=len(group.options),
                courses=joined(options, long_items=True),
            )
        )
    if rules.workshop_hours:
        lines.append(
            Message(
                "attend %(hours)s hours of in-person workshops",
                hours=format(rules.workshop_hours, "g"),
            )
        )
    if assignment := rules.assignment:
        course = course_title(assignment.course_id)
        lines.append(
            Message(
                "hand in the practice assignment of the course “%(course)s” and have it "
                "marked by a trainer with at least %(percent)s %%",
                course=course,
                percent=assignment.min_percent,
            )
            if assignment.min_percent
            else Message(
                "hand in the practice assignment of the course “%(course)s” and have it "
                "marked as passed by a trainer",
                course=course,
            )
        )
    if rules.sign_off:
        lines.append(Message("be confirmed as ready by a trainer at the end (sign-off)"))
    return lines


def course_terms(requirement: Requirement, pass_marks: Mapping[str, int]) -> Message:
    """The quiz score and the share of lessons one course asks for."""
    if requirement.min_percent:
        quiz = Message("final quiz with at least %(percent)s %%", percent=requirement.min_percent)
    elif requirement.course_id in pass_marks:
        quiz = Message(
            "final quiz passed (pass mark %(percent)s %%)",
            percent=pass_marks[requirement.course_id],
        )
    else:
        quiz = Message("final quiz passed")
    if requirement.lessons_percent >= 100:
        return joined([quiz, Message("all lessons done")])
    if requirement.lessons_percent:
        share = Message(
            "at least %(percent)s %% of the lessons done", percent=requirement.lessons_percent
        )
        return joined([quiz, share])
    return quiz


def joined(parts: list[Message], *, long_items: bool = False) -> Message:
    """Parts of one sentence, separated as the reader's language separates a list; with
    `long_items` (items that hold commas themselves) as it separates longer ones."""
    result = parts[0]
    for part in parts[1:]:
        result = (
            Message("%(first)s; %(second)s", first=result, second=part)
            if long_items
            else Message("%(first)s, %(second)s", first=result, second=part)
        )
    return result
