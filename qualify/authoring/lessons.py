"""Lessons in the editor: save one language of a lesson, add a lesson, the translation
status of each lesson and language, its history and restoring an earlier version."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from qualify.accounts.models import User
from qualify.audit.actions import AuditAction
from qualify.authoring.drafts import Files, fold, lesson_path, text_hash
from qualify.authoring.models import CourseVersion, TranslationMark
from qualify.authoring.service import Conflict, Saved, course_versions, save_files, working_files
from qualify.core.contentfile import EXPECTED_LOCALES, Report, load_yaml_text
from qualify.courses.coursefile import COURSE_FILE, LessonText, lesson_file_text
from qualify.courses.models import Course


def save_lesson(
    session: Session,
    course: Course,
    lesson_id: str,
    locale: str,
    text: LessonText,
    *,
    base: str,
    german_base: str | None,
    user: User,
    now: dt.datetime,
) -> Saved | Conflict:
    """Save one language's file of a lesson. A translation is marked as made from the German
    text the author saw beside it (`german_base`, its hash)."""
    path = lesson_path(lesson_id, locale)
    body = lesson_file_text(text.title, text.minutes, text.sources, text.markdown, text.reviewed)
    marks = {(lesson_id, locale): german_base} if locale != "de" and german_base else None
    return save_files(session, course, user, {path: body}, {path: base}, now, marks=marks)


class Translation(enum.StrEnum):
    CURRENT = "current"
    OUTDATED = "outdated"  # the German text changed after the translation was saved
    MISSING = "missing"


def lesson_ids(files: Files) -> list[str]:
    """The lessons course.yaml lists, in order (none when it cannot be read)."""
    node = load_yaml_text(files.get(COURSE_FILE, ""), Report(COURSE_FILE))
    listed = node.get("lessons") if isinstance(node, dict) else None
    return [item for item in listed or [] if isinstance(item, str)]


def translation_status(
    session: Session, course: Course, files: Files
) -> dict[str, dict[str, Translation]]:
    """lesson -> locale -> status, for every language a lesson may have besides German."""
    marks = {
        (mark.lesson, mark.locale): mark.german_hash
        for mark in session.scalars(sa.select(TranslationMark).filter_by(course_id=course.id))
    }
    status: dict[str, dict[str, Translation]] = {}
    for lesson in lesson_ids(files):
        german = text_hash(files.get(lesson_path(lesson, "de")))
        status[lesson] = {}
        for locale in EXPECTED_LOCALES:
            if locale == "de":
                continue
            if lesson_path(lesson, locale) not in files:
                status[lesson][locale] = Translation.MISSING
            elif marks.get((lesson, locale), german) != german:
                status[lesson][locale] = Translation.OUTDATED
            else:
                status[lesson][locale] = Translation.CURRENT
    return status


@dataclass(frozen=True)
class FileVersion:
    """One published change of a file: what it was before and after that version."""

    version: CourseVersion
    before: str | None
    after: str | None


def file_history(session: Session, course: Course, path: str) -> list[FileVersion]:
    """Every version that changed `path`, newest first."""
    entries, current = [], None
    for version in course_versions(session, course.id):
        if path in version.files:
            entries.append(FileVersion(version, current, version.files[path]))
            current = version.files[path]
    return entries[::-1]


def restore_file(
    session: Session, course: Course, path: str, number: int, user: User, now: dt.datetime
) -> Saved | Conflict | None:
    """Put a file as it was in version `number` into the draft (a new draft edit, so it
    can be checked and published like any other). None when that version has no such file."""
    versions = [v for v in course_versions(session, course.id) if v.number <= number]
    if not versions or versions[-1].number != number:
        return None
    text = fold(version.files for version in versions).get(path)
    if text is None:
        return None
    current = working_files(session, course).get(path)
    return save_files(
        session,
        course,
        user,
        {path: text},
        {path: text_hash(current)},
        now,
        action=AuditAction.COURSE_VERSION_RESTORED,
    )
