"""What the authoring pages show: a course's state (published, draft, problems, lessons and
their translations) and one lesson in the editor. Read-only."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from qualify.accounts.models import User
from qualify.authoring.drafts import (
    DraftCheck,
    changed_files,
    check_draft,
    lesson_fields,
    lesson_path,
    problems_of,
    text_hash,
)
from qualify.authoring.lessons import Translation, lesson_ids, translation_status
from qualify.authoring.models import CourseDraft, CourseVersion
from qualify.authoring.service import course_versions, find_draft, published_files
from qualify.core.contentfile import EXPECTED_LOCALES, Problem
from qualify.courses.coursefile import LessonText, lesson_file_text, render_markdown
from qualify.courses.courseimages import ImageLinks
from qualify.courses.currency import ReviewRule
from qualify.courses.imagestore import stored_facts
from qualify.courses.models import Course


@dataclass(frozen=True)
class LessonRow:
    id: str
    title: str
    minutes: int | None
    translations: dict[str, Translation]


@dataclass(frozen=True)
class CourseOverview:
    course: Course
    versions: list[CourseVersion]  # newest first
    draft: CourseDraft | None
    changed: list[str]  # files the draft changes
    check: DraftCheck
    lessons: list[LessonRow]
    people: dict[int, str]  # user id -> name, for versions and the draft

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.check.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.check.problems if p.severity == "warning"]


def course_overview(
    session: Session, course: Course, review: ReviewRule | None = None
) -> CourseOverview:
    """The course page; with `review`, its check includes review dates and renamed names."""
    draft = find_draft(session, course.id)
    published = published_files(session, course)
    files = dict(draft.files) if draft else published
    versions = course_versions(session, course.id)[::-1]
    ids = {v.published_by for v in versions} | {draft.updated_by if draft else None}
    return CourseOverview(
        course=course,
        versions=versions,
        draft=draft,
        changed=list(changed_files(published, files)) if draft else [],
        check=check_draft(course.slug, files, stored_facts(session, course.id), review),
        lessons=_lesson_rows(session, course, files),
        people=names_of(session, ids),
    )


def _lesson_rows(session: Session, course: Course, files: dict[str, str]) -> list[LessonRow]:
    status = translation_status(session, course, files)
    rows = []
    for lesson in lesson_ids(files):
        text = lesson_fields(files.get(lesson_path(lesson, "de"), ""))
        rows.append(
            LessonRow(
                id=lesson,
                title=text.title,
                minutes=text.minutes or None,
                translations=status.get(lesson, {}),
            )
        )
    return rows


def names_of(session: Session, ids: set[int | None]) -> dict[int, str]:
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return dict(session.execute(sa.select(User.id, User.name).where(User.id.in_(ids))).all())


@dataclass(frozen=True)
class LessonInEditor:
    """One language of a lesson as the editor opens it, with the other languages beside."""

    lesson: str
    locale: str
    text: LessonText | None  # None: this language does not exist yet
    base: str  # text_hash of the file the editor starts from
    others: dict[str, LessonText]  # the lesson's other languages
    german_base: str


def lesson_in_editor(
    session: Session, course: Course, lesson: str, locale: str, files: dict[str, str]
) -> LessonInEditor | None:
    """None when the course does not list `lesson` or `locale` is not a lesson language."""
    if lesson not in lesson_ids(files) or locale not in EXPECTED_LOCALES:
        return None
    path = lesson_path(lesson, locale)
    others = {
        other: lesson_fields(files[lesson_path(lesson, other)])
        for other in EXPECTED_LOCALES
        if other != locale and lesson_path(lesson, other) in files
    }
    return LessonInEditor(
        lesson=lesson,
        locale=locale,
        text=lesson_fields(files[path]) if path in files else None,
        base=text_hash(files.get(path)),
        others=others,
        german_base=text_hash(files.get(lesson_path(lesson, "de"))),
    )


def file_problems(
    session: Session,
    course: Course,
    files: dict[str, str],
    opened: LessonInEditor,
    typed: LessonText | None = None,
    review: ReviewRule | None = None,
) -> list[Problem]:
    """The check's findings for the lesson file in the editor: as saved, or (`typed`) for
    the text in the form as if it were saved. One check of the course either way."""
    path = lesson_path(opened.lesson, opened.locale)
    if typed is not None:
        text = lesson_file_text(
            typed.title, typed.minutes, typed.sources, typed.markdown, typed.reviewed
        )
        files = {**files, path: text}
    images = stored_facts(session, course.id)
    return problems_of(check_draft(course.slug, files, images, review), course.slug, path)


def preview_html(session: Session, course: Course, markdown: str) -> str:
    """A lesson text as learners will see it: the site's renderer, the course's images."""
    sizes = {name: (f.width, f.height) for name, f in stored_facts(session, course.id).items()}
    return render_markdown(markdown, ImageLinks(course.slug, sizes))
