"""`qualify content import` beside the editor: an import never silently overwrites a course
changed in the browser since its last import, and each import is a version in the history
of a course that has one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from qualify.audit.actions import AuditAction
from qualify.audit.service import COMMAND_LINE, record
from qualify.authoring.drafts import changed_files, fold
from qualify.authoring.models import CourseDraft, CourseVersion, VersionOrigin
from qualify.authoring.service import course_versions
from qualify.content import ContentSet, course_folder, write_content
from qualify.courses.models import Course

IMPORT_NOTE = "imported from the course files"


@dataclass(frozen=True)
class BrowserEdit:
    """A course whose files differ from what was edited in the browser."""

    course: str
    draft: bool  # an unpublished draft (else: a version published in the browser)
    files: list[str]  # the files that differ; empty when the course is not in the files


class ImportRefused(Exception):
    def __init__(self, edits: list[BrowserEdit]) -> None:
        super().__init__(", ".join(edit.course for edit in edits))
        self.edits = edits


def import_keeping_browser_edits(
    session: Session, content: ContentSet, *, overwrite: bool, now: dt.datetime
) -> dict[str, int]:
    """Import everything in one transaction, or refuse (nothing written) when a course was
    changed in the browser and the files say otherwise; `overwrite` replaces such courses
    and drops their drafts."""
    incoming = {
        spec.id: course_folder(spec, quiz)
        for spec, quiz in zip(content.courses, content.quizzes, strict=True)
    }
    courses = {c.slug: c for c in session.scalars(sa.select(Course))}
    edits = [
        edit
        for slug, course in courses.items()
        if (edit := _browser_edit(session, course, incoming.get(slug)))
    ]
    if edits and not overwrite:
        raise ImportRefused(edits)
    try:
        for edit in edits:  # only with overwrite: what the import replaces, on the record
            record(
                session,
                actor_id=None,
                action=AuditAction.COURSE_OVERWRITTEN_BY_IMPORT,
                subject=f"course {edit.course}",
                details={**COMMAND_LINE, "course": edit.course, "files": edit.files},
                now=now,
            )
        summary = write_content(session, content)
        for slug, files in incoming.items():
            if slug in courses:
                _record_import(session, courses[slug], files, now)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return summary


def _browser_edit(
    session: Session, course: Course, files: dict[str, str] | None
) -> BrowserEdit | None:
    """What the import would undo of the browser's work on `course` (`files`: the course
    in the files; None when they lack it, and the import would archive it)."""
    draft = session.scalar(sa.select(CourseDraft).where(CourseDraft.course_id == course.id))
    versions = course_versions(session, course.id)
    edited = versions and versions[-1].origin == VersionOrigin.BROWSER
    if files is None:
        keeps = course.archived or (draft is None and not edited)
        return None if keeps else BrowserEdit(course.slug, draft is not None, [])
    if draft is not None and (differ := list(changed_files(draft.files, files))):
        return BrowserEdit(course.slug, True, differ)
    if edited and (differ := list(changed_files(fold(v.files for v in versions), files))):
        return BrowserEdit(course.slug, False, differ)
    return None


def _record_import(
    session: Session, course: Course, files: dict[str, str], now: dt.datetime
) -> None:
    """A course with a history gets a version for the import (its changed files; none when
    the files agree with the browser's version, which marks them as in step)."""
    session.execute(sa.delete(CourseDraft).where(CourseDraft.course_id == course.id))
    versions = course_versions(session, course.id)
    if not versions:
        return
    changes = changed_files(fold(version.files for version in versions), files)
    if not changes and versions[-1].origin == VersionOrigin.FILES:
        return
    session.add(
        CourseVersion(
            course_id=course.id,
            number=versions[-1].number + 1,
            origin=VersionOrigin.FILES,
            files=changes,
            note=IMPORT_NOTE,
            published_at=now,
        )
    )
