"""What the public pages read about qualifications: the page of one (its rules with the
courses they name), and which qualifications each course counts towards (for the
catalogue, the course page and the quiz, which sit below certificates and get this
through create_app)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from qualify.assessment.models import Quiz
from qualify.assignments.handing_in import AssignmentTask
from qualify.certificates.evidence import active_qualifications, spec_of
from qualify.certificates.models import Qualification
from qualify.certificates.rules import QualificationSpec
from qualify.courses.models import Course


@dataclass(frozen=True)
class CourseLink:
    """A qualification a course counts towards, and how."""

    qualification: Qualification
    role: str
    """required, elective, assignment or renewal (ruledata.counting_courses)."""
    min_percent: int | None


@dataclass(frozen=True)
class QualificationIndex:
    qualifications: list[Qualification]
    by_course: dict[str, list[CourseLink]]

    def for_course(self, slug: str) -> list[CourseLink]:
        return self.by_course.get(slug, [])

    def minimums_for(self, slug: str) -> list[CourseLink]:
        """The qualifications that ask more of this course's quiz than its pass mark."""
        return [link for link in self.for_course(slug) if link.min_percent is not None]

    def assignment(
        self, *, slug: str | None = None, id: int | None = None
    ) -> AssignmentTask | None:  # noqa: A002
        """The practice assignment of an active qualification (by slug or id), if it has one:
        what the assignment pages (below certificates) need of the rules."""
        for qualification in self.qualifications:
            if qualification.slug == slug or qualification.id == id:
                return assignment_task(qualification)
        return None


def assignment_task(qualification: Qualification) -> AssignmentTask | None:
    assignment = spec_of(qualification).assignment
    if assignment is None:
        return None
    return AssignmentTask(
        qualification.id,
        qualification.slug,
        qualification.title,
        assignment.course_id,
        assignment.question_id,
        assignment.min_percent,
        assignment.description,
    )


def qualification_index(session: Session) -> QualificationIndex:
    """Every active qualification and, per course, those it counts towards (1 query)."""
    qualifications = active_qualifications(session)
    by_course: dict[str, list[CourseLink]] = defaultdict(list)
    for qualification in qualifications:
        for row in qualification.requirements:
            link = CourseLink(qualification, row.get("role", "required"), row.get("min_percent"))
            by_course[row["course"]].append(link)
    return QualificationIndex(qualifications, dict(by_course))


@dataclass(frozen=True)
class QualificationPage:
    qualification: Qualification
    spec: QualificationSpec
    courses: dict[str, Course]
    """The courses it names that exist, by id; one not written yet is missing."""
    pass_marks: dict[str, int]
    """Each such course's quiz pass mark, for a requirement without its own minimum."""


def qualification_page(session: Session, slug: str) -> QualificationPage | None:
    """An active qualification with the courses it names (2 queries); None if unknown."""
    qualification = session.scalar(
        sa.select(Qualification).where(
            Qualification.slug == slug, Qualification.archived.is_(False)
        )
    )
    if qualification is None:
        return None
    slugs = [row["course"] for row in qualification.requirements]
    courses, pass_marks = {}, {}
    for course, pass_mark in courses_with_pass_marks(session, slugs):
        if not course.archived:
            courses[course.slug], pass_marks[course.slug] = course, pass_mark
    return QualificationPage(qualification, spec_of(qualification), courses, pass_marks)


def courses_with_pass_marks(session: Session, slugs: Sequence[str]) -> list[tuple[Course, int]]:
    """The named courses that have a quiz, archived ones too, each with the quiz's pass
    mark (1 query): what pages and badges need to describe a qualification's rules."""
    rows = session.execute(
        sa.select(Course, Quiz.pass_mark)
        .join(Quiz, Quiz.course_id == Course.id)
        .where(Course.slug.in_(slugs))
    )
    return [(course, pass_mark) for course, pass_mark in rows]
