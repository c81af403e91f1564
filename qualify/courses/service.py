"""Course services: import content, enrol, open and complete lessons, summarise progress."""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from qualify.accounts.models import User
from qualify.cohorts.scope import visible
from qualify.core.locales import SUPPORTED_LOCALES
from qualify.core.orm import match_by_key
from qualify.courses.coursefile import CourseSpec, LessonSpec, Review, TermSpec
from qualify.courses.courseimages import ImageSpec
from qualify.courses.imagestore import image_specs, store_images
from qualify.courses.models import Course, Enrolment, Lesson, LessonCompletion
from qualify.courses.progress import CourseProgress, course_progress

log = logging.getLogger(__name__)

OutlineEntry = tuple[int, str, dict]  # (lesson id, slug, title per language)


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    archived: int


def import_courses(session: Session, specs: Sequence[CourseSpec]) -> ImportSummary:
    """Upsert courses and lessons by their ids in the files, without committing.

    Learners' enrolments and completions point at rows that keep their primary keys, so a
    re-import never loses progress. Courses and lessons that vanished are archived, not deleted.
    """
    matched = match_by_key(
        session.scalars(sa.select(Course)), _slug, [s.id for s in specs], _new_course
    )
    for position, (spec, course) in enumerate(zip(specs, matched.rows, strict=True)):
        session.add(course)  # one by one: the lesson queries below flush what was added
        course.position = position
        _write_course(session, course, spec)
    for course in matched.left_over:
        course.archived = True
    session.flush()
    created = len(matched.created)
    return ImportSummary(created, len(specs) - created, len(matched.left_over))


def import_course(session: Session, spec: CourseSpec) -> Course:
    """Upsert one course and its lessons (published from the editor), without committing;
    the other courses stay as they are, and the course keeps its place in the catalogue."""
    course = session.scalar(sa.select(Course).where(Course.slug == spec.id))
    if course is None:
        last = session.scalar(sa.select(sa.func.max(Course.position)))
        course = Course(slug=spec.id, position=(last or 0) + 1)
        session.add(course)
    _write_course(session, course, spec)
    return course


def _write_course(session: Session, course: Course, spec: CourseSpec) -> None:
    course.title, course.summary = spec.title, spec.summary
    course.objectives = {k: list(v) for k, v in spec.objectives.items()}
    course.glossary = [
        {"id": t.id, "term": t.term, "definition": t.definition} for t in spec.glossary
    ]
    course.duration_minutes, course.archived = spec.duration_minutes, False
    course.source_hash = spec.source_hash or None
    session.flush()
    _import_lessons(session, course, spec)
    store_images(session, course.id, spec.images)


def _slug(row: Course | Lesson) -> str:
    return row.slug


def _new_course(slug: str) -> Course:
    return Course(slug=slug)


def _import_lessons(session: Session, course: Course, spec: CourseSpec) -> None:
    matched = match_by_key(
        session.scalars(sa.select(Lesson).where(Lesson.course_id == course.id)),
        _slug,
        [lesson.id for lesson in spec.lessons],
        lambda slug: Lesson(course_id=course.id, slug=slug),
    )
    session.add_all(matched.created)
    for position, (lesson_spec, lesson) in enumerate(zip(spec.lessons, matched.rows, strict=True)):
        lesson.position, lesson.minutes, lesson.archived = position, lesson_spec.minutes, False
        lesson.title, lesson.html = lesson_spec.title, lesson_spec.html
        lesson.markdown = dict(lesson_spec.markdown)
        lesson.sources = {k: list(v) for k, v in lesson_spec.sources.items()}
        lesson.reviewed = lesson_spec.reviewed.to_json() if lesson_spec.reviewed else None
    for lesson in matched.left_over:
        lesson.archived = True
        lesson.position = 10_000 + lesson.position


def course_specs(session: Session) -> list[CourseSpec]:
    """The catalogue's courses as specs, as load_course would read them from their files (for
    `qualify content export`), in three queries, images with their bytes. `folder` is the
    course's id."""
    courses = catalogue(session)
    images = image_specs(session, [c.id for c in courses])
    lessons: dict[int, list[Lesson]] = defaultdict(list)
    for lesson in session.scalars(
        sa.select(Lesson)
        .where(Lesson.course_id.in_([c.id for c in courses]), Lesson.archived.is_(False))
        .order_by(Lesson.position)
    ):
        lessons[lesson.course_id].append(lesson)
    return [
        _course_spec(course, lessons[course.id], images.get(course.id, ())) for course in courses
    ]


def course_spec(session: Session, course: Course) -> CourseSpec:
    """One course (archived or not) as a spec, as course_specs reads the catalogue."""
    lessons = session.scalars(
        sa.select(Lesson)
        .where(Lesson.course_id == course.id, Lesson.archived.is_(False))
        .order_by(Lesson.position)
    )
    images = image_specs(session, [course.id]).get(course.id, ())
    return _course_spec(course, list(lessons), images)


def _course_spec(
    course: Course, lessons: Sequence[Lesson], images: tuple[ImageSpec, ...] = ()
) -> CourseSpec:
    return CourseSpec(
        id=course.slug,
        title=course.title,
        summary=course.summary,
        objectives={k: tuple(v) for k, v in course.objectives.items()},
        duration_minutes=course.duration_minutes,
        lessons=tuple(
            LessonSpec(
                id=lesson.slug,
                title=lesson.title,
                minutes=lesson.minutes,
                sources={k: tuple(v) for k, v in lesson.sources.items()},
                html=lesson.html,
                markdown=lesson.markdown,
                reviewed=Review.from_json(lesson.reviewed),
            )
            for lesson in lessons
        ),
        glossary=tuple(
            TermSpec(term["id"], term["term"], term["definition"]) for term in course.glossary
        ),
        folder=Path(course.slug),
        source_hash=course.source_hash or "",
        images=images,
    )


def catalogue(session: Session) -> list[Course]:
    return list(
        session.scalars(
            sa.select(Course).where(Course.archived.is_(False)).order_by(Course.position)
        )
    )


def lesson_languages(session: Session, course_ids: list[int]) -> dict[int, list[str]]:
    """The languages every lesson of a course is written in (their titles' languages), in
    the site's order, per course: what the catalogue tells a reader before enrolling."""
    found: dict[int, set[str]] = {}
    rows = session.execute(
        sa.select(Lesson.course_id, Lesson.title).where(
            Lesson.course_id.in_(course_ids), Lesson.archived.is_(False)
        )
    )
    for course_id, title in rows:
        found[course_id] = found.get(course_id, set(title)) & set(title)
    return {
        course_id: [locale for locale in SUPPORTED_LOCALES if locale in languages]
        for course_id, languages in found.items()
    }


def find_course(session: Session, slug: str) -> Course | None:
    return session.scalar(sa.select(Course).where(Course.slug == slug, Course.archived.is_(False)))


def find_lesson(session: Session, course: Course, slug: str) -> Lesson | None:
    return session.scalar(
        sa.select(Lesson).where(
            Lesson.course_id == course.id, Lesson.slug == slug, Lesson.archived.is_(False)
        )
    )


def lesson_outline(session: Session, course_id: int) -> list[OutlineEntry]:
    """(id, slug, title) of a course's lessons in order, without loading their HTML."""
    rows = session.execute(
        sa.select(Lesson.id, Lesson.slug, Lesson.title)
        .where(Lesson.course_id == course_id, Lesson.archived.is_(False))
        .order_by(Lesson.position)
    )
    return [(row.id, row.slug, row.title) for row in rows]


def find_enrolment(session: Session, user_id: int, course_id: int) -> Enrolment | None:
    return session.scalar(
        sa.select(Enrolment).where(Enrolment.user_id == user_id, Enrolment.course_id == course_id)
    )


def enrol(session: Session, user_id: int, course_id: int, now: dt.datetime) -> Enrolment:
    """Enrol a learner; enrolling twice (double click) returns the existing enrolment."""
    enrolment = find_enrolment(session, user_id, course_id)
    if enrolment is not None:
        return enrolment
    stmt = _insert_ignoring_duplicates(
        session, Enrolment, {"user_id": user_id, "course_id": course_id, "enrolled_at": now}
    )
    session.execute(stmt)
    session.commit()
    log.info("user %s enrolled in course %s", user_id, course_id)
    enrolment = find_enrolment(session, user_id, course_id)
    assert enrolment is not None
    return enrolment


@dataclass(frozen=True)
class CoursePage:
    """A course's page for one visitor: the lessons, and for the enrolled their progress."""

    outline: list[OutlineEntry]
    enrolment: Enrolment | None
    progress: CourseProgress | None
    done: set[int]


def course_page(session: Session, user_id: int | None, course: Course) -> CoursePage:
    outline = lesson_outline(session, course.id)
    enrolment = find_enrolment(session, user_id, course.id) if user_id is not None else None
    if enrolment is None:
        return CoursePage(outline, None, None, set())
    progress = progress_by_course(session, enrolment.user_id, [course.id])[course.id]
    return CoursePage(
        outline, enrolment, progress, completed_lesson_ids(session, user_id, course.id)
    )


@dataclass(frozen=True)
class LessonPage:
    """Where a lesson stands in its course, for the pager and the outline."""

    outline: list[OutlineEntry]
    done: set[int]
    index: int
    previous: OutlineEntry | None
    next: OutlineEntry | None


def open_lesson(
    session: Session, user_id: int, course: Course, lesson: Lesson
) -> LessonPage | None:
    """Open a lesson for an enrolled learner, remembering it for "continue where you left
    off"; None when the learner is not enrolled in the course."""
    enrolment = find_enrolment(session, user_id, course.id)
    if enrolment is None:
        return None
    if enrolment.last_lesson_id != lesson.id:
        enrolment.last_lesson_id = lesson.id
        session.commit()
    outline = lesson_outline(session, course.id)
    index = next(i for i, entry in enumerate(outline) if entry[0] == lesson.id)
    return LessonPage(
        outline,
        completed_lesson_ids(session, user_id, course.id),
        index,
        outline[index - 1] if index > 0 else None,
        outline[index + 1] if index + 1 < len(outline) else None,
    )


AfterLessonHook = Callable[[Session, int, dt.datetime], object]
"""Called in the transaction of a lesson newly marked as done: (session, user id, now)."""


def complete_lesson(
    session: Session,
    user_id: int,
    lesson_id: int,
    now: dt.datetime,
    after_completed: AfterLessonHook | None = None,
) -> None:
    """Mark a lesson done; marking it again keeps the first date. The first time,
    `after_completed` runs before the commit (awarding a qualification whose lessons rule
    this lesson completes: wired in by create_app, since certificates sit above courses)."""
    stmt = _insert_ignoring_duplicates(
        session,
        LessonCompletion,
        {"user_id": user_id, "lesson_id": lesson_id, "completed_at": now},
    )
    # RETURNING, not rowcount: an ORM insert on psycopg reports rowcount -1.
    inserted = session.execute(stmt.returning(LessonCompletion.id)).first() is not None
    if inserted and after_completed is not None:
        session.flush()
        after_completed(session, user_id, now)
    session.commit()


def _insert_ignoring_duplicates(session: Session, model: type, values: dict) -> sa.Insert:
    """INSERT ... ON CONFLICT DO NOTHING, which both SQLite and PostgreSQL support."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(model).values(**values).on_conflict_do_nothing()


def progress_by_course(
    session: Session, user_id: int | None, course_ids: Iterable[int]
) -> dict[int, CourseProgress]:
    """Progress of one learner in several courses, in three queries whatever the numbers;
    nothing for a visitor who is not signed in (`user_id` None)."""
    course_ids = list(course_ids)
    if not course_ids or user_id is None:
        return {}
    lessons: dict[int, list[int]] = defaultdict(list)
    for lesson_id, course_id in session.execute(
        sa.select(Lesson.id, Lesson.course_id)
        .where(Lesson.course_id.in_(course_ids), Lesson.archived.is_(False))
        .order_by(Lesson.course_id, Lesson.position)
    ):
        lessons[course_id].append(lesson_id)
    done = set(
        session.scalars(
            sa.select(LessonCompletion.lesson_id)
            .join(Lesson, Lesson.id == LessonCompletion.lesson_id)
            .where(LessonCompletion.user_id == user_id, Lesson.course_id.in_(course_ids))
        )
    )
    last_opened = {
        course_id: lesson_id
        for course_id, lesson_id in session.execute(
            sa.select(Enrolment.course_id, Enrolment.last_lesson_id).where(
                Enrolment.user_id == user_id, Enrolment.course_id.in_(course_ids)
            )
        )
    }
    return {
        course_id: course_progress(lessons[course_id], done, last_opened.get(course_id))
        for course_id in course_ids
    }


def enrolled_courses(session: Session, user_id: int) -> list[Course]:
    return list(
        session.scalars(
            sa.select(Course)
            .join(Enrolment, Enrolment.course_id == Course.id)
            .where(Enrolment.user_id == user_id, Course.archived.is_(False))
            .order_by(Course.position)
        )
    )


def learners_progress(
    session: Session, course: Course, viewer: User
) -> list[tuple[int, CourseProgress]]:
    """(user id, progress) for every learner of a course the viewer may see (cohorts.scope),
    in three queries."""
    lesson_ids = [row[0] for row in lesson_outline(session, course.id)]
    enrolments = list(
        session.execute(
            sa.select(Enrolment.user_id, Enrolment.last_lesson_id).where(
                Enrolment.course_id == course.id, visible(Enrolment.user_id, viewer)
            )
        )
    )
    done: dict[int, set[int]] = defaultdict(set)
    for user_id, lesson_id in session.execute(
        sa.select(LessonCompletion.user_id, LessonCompletion.lesson_id).where(
            LessonCompletion.lesson_id.in_(lesson_ids), visible(LessonCompletion.user_id, viewer)
        )
    ):
        done[user_id].add(lesson_id)
    return [
        (user_id, course_progress(lesson_ids, done[user_id], last_id))
        for user_id, last_id in enrolments
    ]


def completed_lesson_ids(session: Session, user_id: int, course_id: int) -> set[int]:
    return set(
        session.scalars(
            sa.select(LessonCompletion.lesson_id)
            .join(Lesson, Lesson.id == LessonCompletion.lesson_id)
            .where(LessonCompletion.user_id == user_id, Lesson.course_id == course_id)
        )
    )


def lesson_slug(session: Session, lesson_id: int) -> str:
    return session.scalars(sa.select(Lesson.slug).where(Lesson.id == lesson_id)).one()


def lesson_slugs(session: Session, lesson_ids: Iterable[int | None]) -> dict[int, str]:
    ids = [i for i in lesson_ids if i is not None]
    if not ids:
        return {}
    rows = session.execute(sa.select(Lesson.id, Lesson.slug).where(Lesson.id.in_(ids)))
    return {lesson_id: slug for lesson_id, slug in rows}


def enrolment_counts(session: Session, viewer: User) -> dict[int, int]:
    """Learners per course id, of those the viewer may see."""
    rows = session.execute(
        sa.select(Enrolment.course_id, sa.func.count())
        .where(visible(Enrolment.user_id, viewer))
        .group_by(Enrolment.course_id)
    )
    return {course_id: count for course_id, count in rows}
