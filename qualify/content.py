"""Check and import all content files: courses, quizzes and qualifications, together.

Composes the parsers of three domains, so it sits above them (like create_app).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from qualify.assessment.quizfile import QUIZ_FILE, QuizSpec, load_quiz, quiz_yaml
from qualify.assessment.service import import_quizzes, quiz_specs
from qualify.certificates.qualificationfile import load_qualifications
from qualify.certificates.ruledata import counting_courses
from qualify.certificates.rules import QualificationSpec
from qualify.certificates.service import import_qualifications
from qualify.core.contentfile import ContentError, Problem, display_path, has_errors
from qualify.core.messages import Message
from qualify.courses.coursefile import (
    CourseSpec,
    course_files,
    image_files,
    list_course_folders,
    load_course,
)
from qualify.courses.service import course_specs, import_courses


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
        content.problems.append(Problem(str(content_dir), 1, Message("content folder not found")))
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
        content.problems += _assignment_problems(content, certificates_dir)
    content.problems.sort()
    return content


def import_content(session: Session, content: ContentSet) -> dict[str, int]:
    """Write a checked content in one transaction: all of it, or nothing."""
    try:
        summary = write_content(session, content)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return summary


def write_content(session: Session, content: ContentSet) -> dict[str, int]:
    """Import without committing, for callers that add to the same transaction."""
    if not content.ok:
        raise ContentError(content.problems)
    summary = import_courses(session, content.courses)
    certifying = frozenset(
        row["course"] for spec in content.qualifications for row in counting_courses(spec)
    )
    quizzes = import_quizzes(session, content.quizzes, certifying)
    qualifications = import_qualifications(session, content.qualifications)
    return {
        "courses created": summary.created,
        "courses updated": summary.updated,
        "courses archived": summary.archived,
        "quizzes": quizzes,
        "qualifications": qualifications,
    }


class ExportRefused(Exception):
    """The export would overwrite files or could not write a course faithfully; `message`
    says why (a Message: `translate(refused.message, gettext)` in the reader's language)."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message


def export_content(session: Session, target: Path, *, overwrite: bool = False) -> list[str]:
    """Write every course of the catalogue to `target` in the format `content import` reads,
    one folder per course (its images as they were uploaded, byte for byte); returns the
    course ids written.

    A folder that exists and is not empty is refused unless `overwrite`; then each exported
    course's folder is replaced as a whole (so no file of a removed lesson stays behind) and
    everything else in `target` is left alone. Nothing is written when a course cannot be."""
    if target.exists() and not target.is_dir():
        raise ExportRefused(Message("%(folder)s is a file, not a folder", folder=str(target)))
    if target.is_dir() and any(target.iterdir()) and not overwrite:
        raise ExportRefused(
            Message(
                "%(folder)s is not empty (use --overwrite to replace its courses)",
                folder=str(target),
            )
        )
    courses = course_specs(session)
    folders = course_folders(courses, quiz_specs(session))
    for course in courses:
        folder = target / course.id
        if folder.exists():
            shutil.rmtree(folder) if folder.is_dir() else folder.unlink()
        files: dict[str, str | bytes] = {**folders[course.id], **image_files(course)}
        for name, content in files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
    return list(folders)


def course_folders(courses: list[CourseSpec], quizzes: list[QuizSpec]) -> dict[str, dict[str, str]]:
    """Course id -> (path in its folder -> text) for every course with its quiz; refused when
    a course was imported before its sources were kept (import it once more to fix that)."""
    by_course = {quiz.course_id: quiz for quiz in quizzes}
    return {course.id: course_folder(course, by_course.get(course.id)) for course in courses}


def course_folder(course: CourseSpec, quiz: QuizSpec | None) -> dict[str, str]:
    """The files of one course's folder (path inside it -> text), its quiz.yaml included."""
    lacking = any(set(lesson.markdown) != set(lesson.html) for lesson in course.lessons)
    if quiz is None or lacking or len(quiz.sources) != len(quiz.questions):
        raise ExportRefused(
            Message(
                "course %(course)r was imported before its source texts were kept: "
                "run `qualify content import` once more, then export",
                course=course.id,
            )
        )
    return {**course_files(course), QUIZ_FILE: quiz_yaml(quiz)}


def _unwritten_courses(content: ContentSet, certificates_dir: Path) -> list[Problem]:
    """A qualification may name a course not written yet; it is then not attainable."""
    known = {course.id for course in content.courses}
    return [
        Problem(
            display_path(certificates_dir / f"{spec.id}.yaml", certificates_dir),
            1,
            Message(
                "requires course %(course)r, which does not exist (yet): "
                "the qualification cannot be earned",
                course=row["course"],
            ),
            "warning",
        )
        for spec in content.qualifications
        for row in counting_courses(spec)
        if row["course"] not in known
    ]


def _assignment_problems(content: ContentSet, certificates_dir: Path) -> list[Problem]:
    """An assignment names an essay question of its course's quiz that attempts never draw:
    otherwise nobody could hand it in, or it would be graded as part of a quiz attempt."""
    quizzes = {quiz.course_id: quiz for quiz in content.quizzes}
    problems = []
    for spec in content.qualifications:
        assignment = spec.assignment
        quiz = quizzes.get(assignment.course_id) if assignment else None
        if assignment is None or quiz is None:
            continue  # a course not written yet is warned about by _unwritten_courses
        message = assignment_question_problem(quiz, assignment.question_id)
        if message is not None:
            path = display_path(certificates_dir / f"{spec.id}.yaml", certificates_dir)
            problems.append(Problem(path, assignment.line or 1, message))
    return problems


def assignment_question_problem(quiz: QuizSpec, question_id: str) -> Message | None:
    """What is wrong with `question_id` as the practice assignment of this quiz, if anything."""
    question = next((q for q in quiz.questions if q["id"] == question_id), None)
    if question is None:
        return Message(
            "the assignment's question %(question)r is not in the quiz of %(course)r",
            question=question_id,
            course=quiz.course_id,
        )
    if question["type"] != "essay":
        return Message(
            "the assignment's question %(question)r is a %(type)s question, not an essay",
            question=question_id,
            type=question["type"],
        )
    drawn_tags = {tag for tag, _count in quiz.settings.draw_per_tag}
    if not drawn_tags or drawn_tags & set(question["tags"]):
        return Message(
            "the assignment's question %(question)r would be drawn into quiz attempts: "
            "the quiz must draw per tag, and no tag of the question may be drawn",
            question=question_id,
        )
    return None
