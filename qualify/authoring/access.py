"""Who may author which course: admins every course, trainers the courses granted to them."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort
from sqlalchemy.orm import Session

from qualify.accounts.models import Role, User
from qualify.authoring.models import CourseAuthor
from qualify.courses.models import Course


def may_author(session: Session, user: User, course_id: int) -> bool:
    if user.role_enum is Role.ADMIN:
        return True
    if user.role_enum is not Role.TRAINER:
        return False
    granted = sa.select(CourseAuthor.id).where(
        CourseAuthor.course_id == course_id, CourseAuthor.user_id == user.id
    )
    return session.scalar(granted) is not None


def authorable_courses(session: Session, user: User) -> list[Course]:
    """The courses `user` may edit, archived ones included (they can be restored)."""
    query = sa.select(Course).order_by(Course.archived, Course.position, Course.slug)
    if user.role_enum is not Role.ADMIN:
        query = query.join(CourseAuthor, CourseAuthor.course_id == Course.id).where(
            CourseAuthor.user_id == user.id
        )
    return list(session.scalars(query))


def get_authorable_course_or_404(session: Session, user: User, slug: str) -> Course:
    """The course a URL names, if `user` may author it; 404 otherwise (as if it did not
    exist, so trainers cannot probe for courses they were not given)."""
    course = session.scalar(sa.select(Course).where(Course.slug == slug))
    if course is None or not may_author(session, user, course.id):
        abort(404)
    return course
