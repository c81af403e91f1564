"""Drafts, saving, publishing and history of a course authored in the browser.

Each function is one thing an author does, one transaction. The draft is the course's
files; saving replaces files in it after checking that nobody changed them since the author
opened them; publishing parses the draft like `content import` and upserts the course with
the same import, so ids (and with them learners' progress and attempts) stay as they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from qualify.accounts.models import User
from qualify.assessment.quizfile import QUIZ_FILE
from qualify.assessment.service import import_quizzes, quiz_spec
from qualify.audit.actions import AuditAction
from qualify.audit.service import record
from qualify.authoring.drafts import (
    DraftCheck,
    Files,
    changed_files,
    check_draft,
    fold,
    lesson_of,
    lesson_path,
    text_hash,
)
from qualify.authoring.models import CourseDraft, CourseVersion, TranslationMark, VersionOrigin
from qualify.certificates.evidence import active_qualifications, spec_of
from qualify.certificates.models import Qualification
from qualify.content import assignment_question_problem, course_folder
from qualify.core.contentfile import Problem
from qualify.courses.imagestore import stored_facts
from qualify.courses.models import Course
from qualify.courses.service import course_spec, import_course

SAVE_ATTEMPTS = 3  # a save that lost a race re-reads the draft and checks again


@dataclass(frozen=True)
class Saved:
    files: dict[str, str]


@dataclass(frozen=True)
class Conflict:
    """Someone saved these files after the author opened them: path -> their text (None:
    they removed it). Nothing was saved."""

    theirs: dict[str, str | None]


@dataclass(frozen=True)
class Published:
    version: int


@dataclass(frozen=True)
class PublishRefused:
    problems: list[Problem] = field(default_factory=list)
    nothing_to_publish: bool = False


def course_versions(session: Session, course_id: int) -> list[CourseVersion]:
    return list(
        session.scalars(
            sa.select(CourseVersion)
            .where(CourseVersion.course_id == course_id)
            .order_by(CourseVersion.number)
        )
    )


def find_draft(session: Session, course_id: int) -> CourseDraft | None:
    return session.scalar(sa.select(CourseDraft).where(CourseDraft.course_id == course_id))


def courses_with_drafts(session: Session, course_ids: list[int]) -> set[int]:
    query = sa.select(CourseDraft.course_id).where(CourseDraft.course_id.in_(course_ids))
    return set(session.scalars(query))


def published_files(session: Session, course: Course) -> dict[str, str]:
    """The files of what learners see now; a course never published has none."""
    versions = course_versions(session, course.id)
    if versions:
        return fold(version.files for version in versions)
    quiz = quiz_spec(session, course.slug)
    if not course.lessons and quiz is None:
        return {}
    return course_folder(course_spec(session, course), quiz)


def working_files(session: Session, course: Course) -> dict[str, str]:
    """What an author works on: the draft if there is one, else the published files."""
    draft = find_draft(session, course.id)
    return dict(draft.files) if draft else published_files(session, course)


def save_files(
    session: Session,
    course: Course,
    user: User,
    changes: Mapping[str, str | None],
    bases: Mapping[str, str],
    now: dt.datetime,
    *,
    action: AuditAction = AuditAction.COURSE_DRAFT_SAVED,
    marks: Mapping[tuple[str, str], str] | None = None,
) -> Saved | Conflict:
    """Write `changes` (path -> text, None to remove) into the course's draft.

    `bases` holds, per path, text_hash of the text the author started from: when the draft
    holds something else there, someone saved in between, and nothing is written. A save
    that loses a race with another (the draft's revision moved on) is checked again.
    `marks`: (lesson, locale) -> hash of the German file a saved translation was made from."""
    for _ in range(SAVE_ATTEMPTS):
        try:
            result = _save_once(session, course, user, changes, bases, now, action, marks or {})
        except (StaleDataError, sa.exc.IntegrityError):
            session.rollback()  # another save won the race: read the draft again
            continue
        return result
    raise RuntimeError(f"the draft of {course.slug} kept changing while saving")


def _save_once(
    session: Session,
    course: Course,
    user: User,
    changes: Mapping[str, str | None],
    bases: Mapping[str, str],
    now: dt.datetime,
    action: AuditAction,
    marks: Mapping[tuple[str, str], str],
) -> Saved | Conflict:
    draft = _draft_for_update(session, course, now)
    theirs = {
        path: draft.files.get(path)
        for path, base in bases.items()
        if text_hash(draft.files.get(path)) != base
    }
    if theirs:
        session.rollback()
        return Conflict(theirs)
    files = {**draft.files, **{p: t for p, t in changes.items() if t is not None}}
    for path in [p for p, t in changes.items() if t is None]:
        files.pop(path, None)
    draft.files, draft.updated_at, draft.updated_by = files, now, user.id
    set_marks(session, course.id, marks)
    record(
        session,
        actor_id=user.id,
        action=action,
        subject=f"course {course.slug}",
        details={"course": course.slug, "files": sorted(changes)},
        now=now,
    )
    session.commit()
    return Saved(files)


def _draft_for_update(session: Session, course: Course, now: dt.datetime) -> CourseDraft:
    """The course's draft, opened from the published files on the first save."""
    draft = session.scalar(
        sa.select(CourseDraft).where(CourseDraft.course_id == course.id).with_for_update()
    )
    if draft is not None:
        return draft
    versions = course_versions(session, course.id)
    if not versions:
        _record_baseline(session, course, now)
        versions = course_versions(session, course.id)
    draft = CourseDraft(
        course_id=course.id,
        files=fold(version.files for version in versions),
        base_version=versions[-1].number if versions else 0,
        updated_at=now,
    )
    session.add(draft)
    _mark_existing_translations(session, course.id, draft.files)
    return draft


def set_marks(session: Session, course_id: int, marks: Mapping[tuple[str, str], str]) -> None:
    for (lesson, locale), german_hash in marks.items():
        mark = session.scalar(
            sa.select(TranslationMark).filter_by(course_id=course_id, lesson=lesson, locale=locale)
        )
        if mark is None:
            mark = TranslationMark(course_id=course_id, lesson=lesson, locale=locale)
            session.add(mark)
        mark.german_hash = german_hash


def _mark_existing_translations(session: Session, course_id: int, files: Files) -> None:
    """Translations that exist when authoring begins count as made from today's German text
    (the files give no other date); from then on each save of a translation marks it."""
    known = {
        (lesson, locale)
        for lesson, locale in session.execute(
            sa.select(TranslationMark.lesson, TranslationMark.locale).filter_by(course_id=course_id)
        )
    }
    marks = {}
    for path in files:
        lesson, locale = lesson_of(path) or (None, None)
        german = files.get(lesson_path(lesson, "de")) if lesson else None
        if lesson and locale != "de" and german is not None and (lesson, locale) not in known:
            marks[lesson, locale] = text_hash(german)
    set_marks(session, course_id, marks)


def _record_baseline(session: Session, course: Course, now: dt.datetime) -> None:
    """Version 1 of a course imported from files: its files as they were before the first
    edit in the browser, so history and restore reach back to them."""
    files = published_files(session, course)
    if files:
        session.add(
            CourseVersion(
                course_id=course.id,
                number=1,
                origin=VersionOrigin.FILES,
                files=files,
                note="",
                published_at=now,
            )
        )
        session.flush()


def check_working_files(session: Session, course: Course) -> DraftCheck:
    """The draft (or the published files) checked like `qualify content check`."""
    return check_draft(
        course.slug, working_files(session, course), stored_facts(session, course.id)
    )


def publish(
    session: Session, course: Course, user: User, note: str, now: dt.datetime
) -> Published | PublishRefused:
    """Make the draft what learners see: parse it, upsert the course and its quiz, store a
    version with the files that changed, drop the draft. Refused while the draft has errors."""
    draft = session.scalar(
        sa.select(CourseDraft).where(CourseDraft.course_id == course.id).with_for_update()
    )
    if draft is None:
        return PublishRefused(nothing_to_publish=True)
    check = check_draft(course.slug, draft.files, stored_facts(session, course.id))
    problems = check.problems if not check.ok else _assignment_problems(session, course, check)
    if problems:
        session.rollback()
        return PublishRefused(problems)
    before = published_files(session, course)
    changes = changed_files(before, draft.files)
    if not changes:
        session.delete(draft)
        session.commit()
        return PublishRefused(nothing_to_publish=True)
    number = _next_version_number(session, course.id)
    import_course(session, check.course)
    import_quizzes(session, [check.quiz], _certifying(session, course))
    session.add(
        CourseVersion(
            course_id=course.id,
            number=number,
            origin=VersionOrigin.BROWSER,
            files=draft.files if number == 1 else changes,
            note=note.strip()[:500],
            published_by=user.id,
            published_at=now,
        )
    )
    session.delete(draft)
    record(
        session,
        actor_id=user.id,
        action=AuditAction.COURSE_PUBLISHED,
        subject=f"course {course.slug}",
        details={"course": course.slug, "version": number, "files": sorted(changes)},
        now=now,
    )
    session.commit()
    return Published(number)


def _next_version_number(session: Session, course_id: int) -> int:
    latest = session.scalar(
        sa.select(sa.func.max(CourseVersion.number)).where(CourseVersion.course_id == course_id)
    )
    return (latest or 0) + 1


def _assignment_problems(session: Session, course: Course, check: DraftCheck) -> list[Problem]:
    """A qualification's practice assignment in this course stays an essay that no quiz
    attempt draws (as `qualify content check` demands of the files)."""
    problems = []
    for qualification in active_qualifications(session):
        assignment = spec_of(qualification).assignment
        if assignment is None or assignment.course_id != course.slug or check.quiz is None:
            continue
        message = assignment_question_problem(check.quiz, assignment.question_id)
        if message is not None:
            problems.append(Problem(f"{course.slug}/{QUIZ_FILE}", 1, message))
    return problems


def _certifying(session: Session, course: Course) -> frozenset[str]:
    """The course, if a qualification requires it (its quiz then keeps the key hidden)."""
    for requirements in session.scalars(sa.select(Qualification.requirements)):
        if any(item.get("course") == course.slug for item in requirements):
            return frozenset({course.slug})
    return frozenset()


def discard_draft(session: Session, course: Course, user: User, now: dt.datetime) -> bool:
    draft = find_draft(session, course.id)
    if draft is None:
        return False
    session.delete(draft)
    record(
        session,
        actor_id=user.id,
        action=AuditAction.COURSE_DRAFT_DISCARDED,
        subject=f"course {course.slug}",
        details={"course": course.slug},
        now=now,
    )
    session.commit()
    return True
