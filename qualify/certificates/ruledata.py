"""A qualification's rules as plain data (JSON in `qualifications.rules`) and back. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from qualify.certificates.rules import (
    ALL_LESSONS,
    Assignment,
    ElectiveGroup,
    QualificationSpec,
    Requirement,
    RuleSet,
    Validity,
)


def spec_data(spec: QualificationSpec) -> dict[str, Any]:
    """What `qualifications.rules` stores: everything but the texts kept in own columns."""
    validity = spec.validity
    return {
        **rules_data(spec.rules),
        "validity": (
            {
                "months": validity.months,
                "window_months": validity.window_months,
                "renewal": rules_data(validity.renewal),
            }
            if validity
            else None
        ),
    }


def rules_data(rules: RuleSet) -> dict[str, Any]:
    assignment = rules.assignment
    return {
        "courses": [_requirement_data(r) for r in rules.courses],
        "electives": [
            {"choose": g.choose, "courses": [_requirement_data(r) for r in g.options]}
            for g in rules.electives
        ],
        "workshop_hours": rules.workshop_hours,
        "assignment": (
            {
                "course": assignment.course_id,
                "question": assignment.question_id,
                "min_percent": assignment.min_percent,
                "description": dict(assignment.description),
            }
            if assignment
            else None
        ),
        "sign_off": rules.sign_off,
    }


def _requirement_data(requirement: Requirement) -> dict[str, Any]:
    return {
        "course": requirement.course_id,
        "min_percent": requirement.min_percent,
        "lessons": requirement.lessons_percent,
    }


def spec_from_data(
    slug: str,
    *,
    title: dict[str, str],
    description: dict[str, str],
    audience: dict[str, str],
    workshop_description: dict[str, str],
    data: Mapping[str, Any],
) -> QualificationSpec:
    rules = rules_from_data(data)
    validity = data.get("validity")
    return QualificationSpec.with_rules(
        slug,
        rules,
        title=title,
        description=description,
        workshop_description=workshop_description,
        validity=(
            Validity(
                validity["months"],
                rules_from_data(validity["renewal"]),
                validity.get("window_months", 3),
            )
            if validity
            else None
        ),
        audience=audience,
    )


def rules_from_data(data: Mapping[str, Any]) -> RuleSet:
    assignment = data.get("assignment")
    return RuleSet(
        tuple(_requirement(item) for item in data.get("courses", ())),
        tuple(
            ElectiveGroup(group["choose"], tuple(_requirement(i) for i in group["courses"]))
            for group in data.get("electives", ())
        ),
        data.get("workshop_hours", 0),
        (
            Assignment(
                assignment["course"],
                # Rows stored before assignments named their question (a course's marked
                # essays) load with none: no question has that id, so the assignment is
                # unavailable until the qualification is imported again.
                assignment.get("question") or "",
                assignment.get("min_percent"),
                assignment.get("description") or {},
            )
            if assignment
            else None
        ),
        bool(data.get("sign_off", False)),
    )


def _requirement(item: Mapping[str, Any]) -> Requirement:
    return Requirement(item["course"], item.get("min_percent"), item.get("lessons", ALL_LESSONS))


def counting_courses(spec: QualificationSpec) -> list[dict[str, Any]]:
    """Every course that counts towards the qualification, for `qualifications.requirements`
    (the list that progress pages, reports and authoring read), each with its minimum and
    role: required, elective, assignment, or renewal (a course to pass again to renew)."""
    rows = _course_rows(spec.rules)
    if spec.validity:
        rows += [
            {**row, "role": "renewal"}
            for row in _course_rows(spec.validity.renewal)
            if row["course"] not in {r["course"] for r in rows}
        ]
    return rows


def _course_rows(rules: RuleSet) -> list[dict[str, Any]]:
    rows = [
        {"course": r.course_id, "min_percent": r.min_percent, "role": "required"}
        for r in rules.courses
    ]
    rows += [
        {"course": r.course_id, "min_percent": r.min_percent, "role": "elective"}
        for group in rules.electives
        for r in group.options
    ]
    assignment = rules.assignment
    if assignment and assignment.course_id not in {row["course"] for row in rows}:
        rows.append(
            {
                "course": assignment.course_id,
                "min_percent": assignment.min_percent,
                "role": "assignment",
            }
        )
    return rows
