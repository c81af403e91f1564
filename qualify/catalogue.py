"""Check and import all content files: courses, quizzes and qualifications, together.

Composes the parsers of three domains, so it sits above them (like create_app).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from qualify.assessment.quizfile import QuizSpec, load_quiz
from qualify.assessment.service import import_quizzes
from qualify.certificates.rules import QualificationSpec, load_qualifications
from qualify.certificates.service import import_qualifications
from qualify.core.contentfile import ContentError, Problem, display_path, has_errors
from qualify.courses.content import CourseSpec, list_course_folders, load_course
from qualify.courses.service import import_courses


@dataclass
class Catalogue:
    courses: list[CourseSpec] = field(default_factory=list)
    quizzes: list[QuizSpec] = field(default_factory=list)
    qualifications: list[QualificationSpec] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


def load_catalogue(content_dir: Path, certificates_dir: Path | None) -> Catalogue:
    """Parse everything and collect every problem; nothing is written anywhere."""
    catalogue = Catalogue()
    if not content_dir.is_dir():
        catalogue.problems.append(Problem(str(content_dir), 1, "content folder not found"))
        return catalogue
    for folder in list_course_folders(content_dir):
        course, problems = load_course(folder, content_dir)
        quiz, quiz_problems = load_quiz(folder, content_dir)
        catalogue.problems += problems + quiz_problems
        if course is not None and quiz is not None:
            catalogue.courses.append(course)
            catalogue.quizzes.append(quiz)
    if certificates_dir is not None:
        specs, problems = load_qualifications(certificates_dir)
        catalogue.qualifications, catalogue.problems = specs, catalogue.problems + problems
        catalogue.problems += _unwritten_courses(catalogue, certificates_dir)
    catalogue.problems.sort()
    return catalogue


def import_catalogue(session: Session, catalogue: Catalogue) -> dict[str, int]:
    """Write a checked catalogue in one transaction: all of it, or nothing."""
    if not catalogue.ok:
        raise ContentError(catalogue.problems)
    try:
        summary = import_courses(session, catalogue.courses)
        quizzes = import_quizzes(session, catalogue.quizzes)
        qualifications = import_qualifications(session, catalogue.qualifications)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return {
        "courses created": summary.created,
        "courses updated": summary.updated,
        "courses archived": summary.archived,
        "quizzes": quizzes,
        "qualifications": qualifications,
    }


def _unwritten_courses(catalogue: Catalogue, certificates_dir: Path) -> list[Problem]:
    """A qualification may name a course not written yet; it is then not attainable."""
    known = {course.id for course in catalogue.courses}
    return [
        Problem(
            display_path(certificates_dir / f"{spec.id}.yaml", certificates_dir),
            1,
            f"requires course {r.course_id!r}, which does not exist (yet): "
            "the qualification cannot be earned",
            "warning",
        )
        for spec in catalogue.qualifications
        for r in spec.requirements
        if r.course_id not in known
    ]
