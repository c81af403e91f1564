"""Qualification rules: parse certificates/<id>.yaml and decide who has earned what. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from qualify.assessment.policy import QuizResult
from qualify.core.contentfile import (
    DESCRIBED_LOCALES,
    Fields,
    Problem,
    Report,
    display_path,
    has_errors,
    load_yaml_text,
)
from qualify.core.messages import Message


@dataclass(frozen=True)
class Requirement:
    course_id: str
    min_percent: int | None
    """None: the course quiz's own pass mark."""


@dataclass(frozen=True)
class QualificationSpec:
    id: str
    title: dict[str, str]
    description: dict[str, str]
    requirements: tuple[Requirement, ...]
    workshop_hours: int = 0
    """In-person workshop hours a trainer must credit before the award (0: none)."""
    workshop_description: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Eligibility:
    met: tuple[str, ...]
    missing: tuple[str, ...]
    unavailable: tuple[str, ...]
    """Required courses that do not exist (yet): the qualification cannot be earned."""
    workshop_hours_needed: float = 0
    workshop_hours_done: float = 0

    @property
    def attainable(self) -> bool:
        return not self.unavailable

    @property
    def workshop_hours_missing(self) -> float:
        return max(0.0, self.workshop_hours_needed - self.workshop_hours_done)

    @property
    def earned(self) -> bool:
        return self.attainable and not self.missing and not self.workshop_hours_missing


def evaluate(
    spec: QualificationSpec,
    results: Mapping[str, QuizResult],
    available_courses: frozenset[str],
    workshop_hours_done: float = 0,
) -> Eligibility:
    """Check each required course (it must exist, be passed, and reach its minimum score)
    and the in-person workshop hours credited so far. `results` are keyed by course id (slug)."""
    met, missing, unavailable = [], [], []
    for requirement in spec.requirements:
        result = results.get(requirement.course_id)
        if requirement.course_id not in available_courses:
            unavailable.append(requirement.course_id)
        elif (
            result
            and result.passed
            and (
                requirement.min_percent is None or result.counted_percent >= requirement.min_percent
            )
        ):
            met.append(requirement.course_id)
        else:
            missing.append(requirement.course_id)
    return Eligibility(
        tuple(met), tuple(missing), tuple(unavailable), spec.workshop_hours, workshop_hours_done
    )


def load_qualification(
    path: Path, root: Path | None = None
) -> tuple[QualificationSpec | None, list[Problem]]:
    report = Report(display_path(path, root))
    node = load_yaml_text(path.read_text(encoding="utf-8"), report)
    if node is None:
        return None, report.problems
    fields = Fields(node, report)
    fields.unknown_keys({"id", "title", "description", "courses", "workshops"})
    qualification_id = fields.ident("id")
    if qualification_id and qualification_id != path.stem:
        report.error(
            fields.line_at("id"),
            Message("id %(id)r must equal the file name", id=qualification_id),
        )
    requirements = []
    for requirement, course_id in fields.unique_items(
        "courses",
        keys={"course", "min_percent"},
        id_key="course",
        check_pattern=False,  # any text: content.py warns about a course that does not exist
        duplicate=lambda item: Message("course %(course)r is required twice", course=item),
    ):
        min_percent = (
            requirement.integer("min_percent", minimum=1, maximum=100)
            if requirement.has("min_percent")
            else None
        )
        requirements.append(Requirement(course_id, min_percent))
    if not requirements and fields.has("courses"):
        report.error(
            fields.line_at("courses"), Message("a qualification requires at least one course")
        )
    hours, workshop_description = _workshops(fields)
    spec = QualificationSpec(
        qualification_id,
        fields.localised("title", locales=DESCRIBED_LOCALES),
        fields.localised("description", locales=DESCRIBED_LOCALES),
        tuple(requirements),
        hours,
        workshop_description,
    )
    if has_errors(report.problems):
        return None, report.problems
    return spec, report.problems


def _workshops(fields: Fields) -> tuple[int, dict[str, str]]:
    """`workshops: {hours: 16, description: {de, en}}`: the in-person part, if any."""
    if not fields.has("workshops"):
        return 0, {}
    workshops = Fields(fields.node["workshops"], fields.report, where=fields.line_at("workshops"))
    workshops.unknown_keys({"hours", "description"})
    hours = workshops.integer("hours", minimum=1, maximum=1000) or 0
    return hours, workshops.localised("description", locales=DESCRIBED_LOCALES)


def load_qualifications(folder: Path) -> tuple[list[QualificationSpec], list[Problem]]:
    specs, problems = [], []
    for path in sorted(folder.glob("*.yaml")):
        spec, file_problems = load_qualification(path, folder)
        problems += file_problems
        if spec is not None:
            specs.append(spec)
    return specs, problems
