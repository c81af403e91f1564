"""What authors do to a course as a whole: create it, change its settings and glossary,
archive it; and what admins do: say who may author it. One transaction each, audited.

Settings and glossary are saved into the draft with `service.save_files`, so they are
drafts like any lesson edit, checked and published with the rest of the course.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from qualify.accounts.models import Role, User
from qualify.accounts.service import find_user_by_email
from qualify.audit.actions import AuditAction
from qualify.audit.service import record
from qualify.authoring.coursemeta import (
    CourseMeta,
    Term,
    course_yaml,
    glossary_yaml,
    new_course_files,
    new_lesson_file,
    read_course_meta,
    reorder,
)
from qualify.authoring.drafts import ABSENT, lesson_path
from qualify.authoring.models import CourseAuthor
from qualify.authoring.service import Conflict, Saved, save_files, working_files
from qualify.courses.coursefile import COURSE_FILE, GLOSSARY_FILE
from qualify.courses.models import Course


class AuthoringError(ValueError):
    """A change that cannot be made; `code` names why (the views turn it into a message)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class NewCourse:
    id: str
    title: str  # German
    summary: str  # German
    lesson_id: str
    lesson_title: str  # German


def create_course(session: Session, facts: NewCourse, user: User, now: dt.datetime) -> Course:
    """A course with its first files in a draft, authored by `user`. It stays archived (out
    of the catalogue) until its first publish; raise AuthoringError('course_taken')."""
    if session.scalar(sa.select(Course.id).where(Course.slug == facts.id)) is not None:
        raise AuthoringError("course_taken")
    last = session.scalar(sa.select(sa.func.max(Course.position)))
    course = Course(
        slug=facts.id,
        title={"de": facts.title},
        summary={"de": facts.summary},
        objectives={},
        duration_minutes=0,
        position=(last or 0) + 1,
        archived=True,
    )
    session.add(course)
    try:
        session.flush()  # a course made at the same moment under this id is refused here
    except sa.exc.IntegrityError:
        session.rollback()
        raise AuthoringError("course_taken") from None
    session.add(CourseAuthor(course_id=course.id, user_id=user.id, granted_at=now))
    files = new_course_files(
        facts.id, facts.title, facts.summary, facts.lesson_id, facts.lesson_title
    )
    result = save_files(
        session,
        course,
        user,
        files,
        dict.fromkeys(files, ABSENT),
        now,
        action=AuditAction.COURSE_CREATED,
    )
    if isinstance(result, Conflict):  # only a course of this id made in between
        raise AuthoringError("course_taken")
    return course


@dataclass(frozen=True)
class CourseSettings:
    title: dict[str, str]
    summary: dict[str, str]
    objectives: dict[str, tuple[str, ...]]
    duration_minutes: int | None
    positions: dict[str, int]  # lesson id -> typed position (1 = first)
    new_lesson: tuple[str, str] | None = None  # (id, German title) of a lesson to add


def save_settings(
    session: Session,
    course: Course,
    user: User,
    settings: CourseSettings,
    base: str,
    now: dt.datetime,
) -> Saved | Conflict:
    """Write course.yaml (and a new lesson's German file) into the draft. `base`: text_hash
    of the course.yaml the author started from. Raise AuthoringError('lesson_taken')."""
    files = working_files(session, course)
    current = files.get(COURSE_FILE)
    lessons = reorder(read_course_meta(current).lessons, settings.positions)
    changes: dict[str, str | None] = {}
    bases = {COURSE_FILE: base}
    if settings.new_lesson:
        lesson_id, title = settings.new_lesson
        path = lesson_path(lesson_id, "de")
        if lesson_id in lessons or path in files:
            raise AuthoringError("lesson_taken")
        lessons = (*lessons, lesson_id)
        changes[path], bases[path] = new_lesson_file(title), ABSENT
    meta = CourseMeta(
        settings.title, settings.summary, settings.objectives, settings.duration_minutes, lessons
    )
    changes[COURSE_FILE] = course_yaml(current, course.slug, meta)
    return save_files(session, course, user, changes, bases, now)


def save_glossary(
    session: Session,
    course: Course,
    user: User,
    terms: Sequence[Term],
    base: str,
    now: dt.datetime,
) -> Saved | Conflict:
    """Write glossary.yaml into the draft (no terms: the file is removed)."""
    return save_files(
        session, course, user, {GLOSSARY_FILE: glossary_yaml(terms)}, {GLOSSARY_FILE: base}, now
    )


def archive_course(
    session: Session, course: Course, user: User, now: dt.datetime, ip_address: str | None = None
) -> bool:
    """Take the course out of the catalogue; enrolments, completions, attempts and
    certificates stay. Publishing it again brings it back. False if it was archived."""
    if course.archived:
        return False
    course.archived = True
    record(
        session,
        actor_id=user.id,
        action=AuditAction.COURSE_ARCHIVED,
        subject=f"course {course.slug}",
        details={"course": course.slug},
        ip_address=ip_address,
        now=now,
    )
    session.commit()
    return True


def course_authors(session: Session, course_id: int) -> list[User]:
    return list(
        session.scalars(
            sa.select(User)
            .join(CourseAuthor, CourseAuthor.user_id == User.id)
            .where(CourseAuthor.course_id == course_id)
            .order_by(User.name, User.id)
        )
    )


def grant_author(
    session: Session,
    course: Course,
    email: str,
    actor: User,
    now: dt.datetime,
    ip_address: str | None = None,
) -> User:
    """Let the trainer with this address author the course; raise AuthoringError
    ('not_a_trainer': no active trainer account has it, 'already_author')."""
    trainer = find_user_by_email(session, email)
    if trainer is None or trainer.role_enum is not Role.TRAINER or not trainer.is_active:
        raise AuthoringError("not_a_trainer")
    if _grant(session, course.id, trainer.id) is not None:
        raise AuthoringError("already_author")
    session.add(CourseAuthor(course_id=course.id, user_id=trainer.id, granted_at=now))
    _record_author(
        session, AuditAction.COURSE_AUTHOR_GRANTED, course, trainer, actor, now, ip_address
    )
    session.commit()
    return trainer


def withdraw_author(
    session: Session,
    course: Course,
    user_id: int,
    actor: User,
    now: dt.datetime,
    ip_address: str | None = None,
) -> User:
    """End a trainer's authorship of the course; raise AuthoringError('not_an_author')."""
    grant = _grant(session, course.id, user_id)
    trainer = session.get(User, user_id)
    if grant is None or trainer is None:
        raise AuthoringError("not_an_author")
    session.delete(grant)
    _record_author(
        session, AuditAction.COURSE_AUTHOR_REVOKED, course, trainer, actor, now, ip_address
    )
    session.commit()
    return trainer


def _grant(session: Session, course_id: int, user_id: int) -> CourseAuthor | None:
    return session.scalar(
        sa.select(CourseAuthor).where(
            CourseAuthor.course_id == course_id, CourseAuthor.user_id == user_id
        )
    )


def _record_author(
    session: Session,
    action: AuditAction,
    course: Course,
    trainer: User,
    actor: User,
    now: dt.datetime,
    ip_address: str | None,
) -> None:
    record(
        session,
        actor_id=actor.id,
        action=action,
        subject_user_id=trainer.id,
        subject=f"course {course.slug}",
        details={"course": course.slug},
        ip_address=ip_address,
        now=now,
    )
