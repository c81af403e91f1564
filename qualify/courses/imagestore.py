"""Course images in the database: stored at import and upload, read to serve and export."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session, undefer

from qualify.courses.courseimages import ImageSpec
from qualify.courses.imagefile import ImageFacts
from qualify.courses.models import Course, CourseImage


def store_images(
    session: Session,
    course_id: int,
    images: Sequence[ImageSpec],
    *,
    uploaded_by: int | None = None,
    now: dt.datetime | None = None,
) -> list[CourseImage]:
    """Add or replace a course's images by name, without committing; returns the rows.

    Images the course has but `images` lacks stay: a draft or an older version may still
    show them, and their names never mean other bytes (authors delete unused ones)."""
    existing = {
        row.name: row
        for row in session.scalars(
            sa.select(CourseImage).where(
                CourseImage.course_id == course_id,
                CourseImage.name.in_([image.name for image in images]),
            )
        )
    }
    rows = []
    for image in images:
        row = existing.get(image.name)
        if row is None:
            row = CourseImage(course_id=course_id, name=image.name, uploaded_by=uploaded_by)
            if now is not None:
                row.uploaded_at = now
            session.add(row)
        if row.sha256 != image.facts.sha256:
            _set_bytes(row, image)
        rows.append(row)
    return rows


def _set_bytes(row: CourseImage, image: ImageSpec) -> None:
    facts = image.facts
    row.data, row.content_type, row.sha256 = image.data, facts.content_type, facts.sha256
    row.width, row.height, row.byte_size = facts.width, facts.height, facts.byte_size


def image_specs(session: Session, course_ids: Iterable[int]) -> dict[int, tuple[ImageSpec, ...]]:
    """Every image of these courses with its bytes, by course id, in one query (for export)."""
    by_course: dict[int, list[ImageSpec]] = defaultdict(list)
    rows = session.scalars(
        sa.select(CourseImage)
        .options(undefer(CourseImage.data))
        .where(CourseImage.course_id.in_(list(course_ids)))
        .order_by(CourseImage.course_id, CourseImage.name)
    )
    for row in rows:
        by_course[row.course_id].append(ImageSpec(row.name, row.data, image_facts(row)))
    return {course_id: tuple(images) for course_id, images in by_course.items()}


def image_facts(row: CourseImage) -> ImageFacts:
    extension = row.name.rsplit(".", 1)[-1]
    kind = {"png": "PNG", "jpg": "JPEG", "webp": "WEBP"}[extension]
    return ImageFacts(
        kind, row.content_type, extension, row.width, row.height, row.byte_size, row.sha256
    )


def stored_facts(session: Session, course_id: int) -> dict[str, ImageFacts]:
    """The facts of a course's images by name, without their bytes (for checking a draft:
    `coursefile.load_course(..., stored_images=...)`)."""
    rows = session.scalars(sa.select(CourseImage).where(CourseImage.course_id == course_id))
    return {row.name: image_facts(row) for row in rows}


def find_image(session: Session, course_slug: str, name: str) -> CourseImage | None:
    """An image by its course's slug and its name (archived courses' too), bytes deferred."""
    return session.scalar(
        sa.select(CourseImage)
        .join(Course, Course.id == CourseImage.course_id)
        .where(Course.slug == course_slug, CourseImage.name == name)
    )
