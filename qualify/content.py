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
from qualify.courses.coursefile import CourseSpec, list_course_folders, load_course
from qualify.courses.service import import_courses


@dataclass
class ContentSet:
    """Everything parsed from course_content/ and certificates/, with every problem found."""

    courses: list[CourseSpec] = field(default_factory=list)
    quizzes: list[QuizSpec] = field(default_factory=list)
    qualifications: list[QualificationSpec] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


def load_content(content_dir: Path, certificates_dir: Path | None) -> ContentSet:
    """Parse everything and collect every problem; nothing is written anywhere."""
    content = ContentSet()
    if not content_dir.is_dir():
        content.problems.append(Problem(str(content_dir), 1, "content folder not found"))
        return content
    for folder in list_course_folders(content_dir):
        course, problems = load_course(folder, content_dir)
        quiz, quiz_problems = load_quiz(folder, content_dir)
        content.problems += problems + quiz_problems
        if course is not None and quiz is not None:
            content.courses.append(course)
            content.quizzes.append(quiz)
    if certificates_dir is not None:
        specs, problems = load_qualifications(certificates_dir)
        content.qualifications, content.problems = specs, content.problems + problems
        content.problems += _unwritten_courses(content, certificates_dir)
    content.problems.sort()
    return content


def import_content(session: Session, content: ContentSet) -> dict[str, int]:
    """Write a checked content in one transaction: all of it, or nothing."""
    if not content.ok:
        raise ContentError(content.problems)
    try:
        summary = import_courses(session, content.courses)
        certifying = frozenset(
            r.course_id for spec in content.qualifications for r in spec.requirements
        )
        quizzes = import_quizzes(session, content.quizzes, certifying)
        qualifications = import_qualifications(session, content.qualifications)
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


def _unwritten_courses(content: ContentSet, certificates_dir: Path) -> list[Problem]:
    """A qualification may name a course not written yet; it is then not attainable."""
    known = {course.id for course in content.courses}
    return [
        Problem(
            display_path(certificates_dir / f"{spec.id}.yaml", certificates_dir),
            1,
            f"requires course {r.course_id!r}, which does not exist (yet): "
            "the qualification cannot be earned",
            "warning",
        )
        for spec in content.qualifications
        for r in spec.requirements
        if r.course_id not in known
    ]
