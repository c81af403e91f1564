"""A course's images for its authors: list, upload (checked by its bytes), delete unused.

Images live in the database (courses/imagestore.py), so every app server serves them; a
lesson shows one as `![alt text](images/<name>)`.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from qualify.audit.actions import AuditAction
from qualify.audit.service import record
from qualify.authoring.models import CourseDraft
from qualify.courses.coursefile import LESSONS_DIR
from qualify.courses.courseimages import IMAGES_DIR, ImageSpec, image_url, referenced_names
from qualify.courses.imagefile import (
    ImageRefusal,
    image_name,
    inspect_image,
    without_metadata,
)
from qualify.courses.imagestore import store_images
from qualify.courses.markdown import parse_markdown
from qualify.courses.models import Course, CourseImage, Lesson

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Actor:
    """Who acts, from where, and when: what every audited change needs."""

    user_id: int
    ip_address: str | None
    now: dt.datetime


@dataclass(frozen=True)
class ImageEntry:
    """One image as its course's images page lists it."""

    image: CourseImage
    url: str
    in_use: bool


def course_images(session: Session, course: Course) -> list[ImageEntry]:
    """A course's images, newest first, and whether a lesson or the draft shows each."""
    used = used_image_names(session, course)
    rows = session.scalars(
        sa.select(CourseImage)
        .where(CourseImage.course_id == course.id)
        .order_by(CourseImage.uploaded_at.desc(), CourseImage.name)
    )
    return [ImageEntry(row, image_url(course.slug, row.name), row.name in used) for row in rows]


def used_image_names(session: Session, course: Course) -> set[str]:
    """The images the course's published lessons (every language) or its draft show."""
    texts = [
        markdown
        for lesson_markdown in session.scalars(
            sa.select(Lesson.markdown).where(
                Lesson.course_id == course.id, Lesson.archived.is_(False)
            )
        )
        for markdown in lesson_markdown.values()
    ]
    draft = session.scalar(sa.select(CourseDraft.files).where(CourseDraft.course_id == course.id))
    texts += [text for path, text in (draft or {}).items() if path.startswith(f"{LESSONS_DIR}/")]
    return {name for text in texts for name in referenced_names(parse_markdown(text))}


def upload_image(
    session: Session, course: Course, filename: str, data: bytes, actor: Actor
) -> CourseImage | ImageRefusal:
    """Store an uploaded image under its content-addressed name, or say why not. The same
    picture uploaded again is the same image (nothing new is stored or audited)."""
    facts = inspect_image(data)
    if isinstance(facts, ImageRefusal):
        return facts
    data = without_metadata(data)  # a phone photo's GPS position is nobody's business
    facts = inspect_image(data)
    if isinstance(facts, ImageRefusal):
        return facts
    name = image_name(filename, facts)
    existing = session.scalar(
        sa.select(CourseImage).where(CourseImage.course_id == course.id, CourseImage.name == name)
    )
    if existing is not None:
        return existing if existing.sha256 == facts.sha256 else ImageRefusal("taken")
    [image] = store_images(
        session,
        course.id,
        [ImageSpec(name, data, facts)],
        uploaded_by=actor.user_id,
        now=actor.now,
    )
    _audit(session, AuditAction.COURSE_IMAGE_UPLOADED, course, name, actor)
    session.commit()
    log.info("user %s uploaded image %s to course %s", actor.user_id, name, course.slug)
    return image


def delete_image(session: Session, course: Course, image: CourseImage, actor: Actor) -> bool:
    """Delete an image no lesson and no draft shows; False (nothing done) if one does."""
    if image.name in used_image_names(session, course):
        return False
    session.delete(image)
    _audit(session, AuditAction.COURSE_IMAGE_DELETED, course, image.name, actor)
    session.commit()
    log.info("user %s deleted image %s of course %s", actor.user_id, image.name, course.slug)
    return True


def get_image(session: Session, course: Course, name: str) -> CourseImage | None:
    return session.scalar(
        sa.select(CourseImage).where(CourseImage.course_id == course.id, CourseImage.name == name)
    )


def _audit(session: Session, action: AuditAction, course: Course, name: str, actor: Actor) -> None:
    record(
        session,
        actor_id=actor.user_id,
        action=action,
        subject=f"course {course.slug}",
        details={"image": f"{IMAGES_DIR}/{name}"},
        ip_address=actor.ip_address,
        now=actor.now,
    )
