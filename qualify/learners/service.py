"""What trainers see of learners: enrolments per course, and each learner's progress and
quiz result in a course. Read-only; a constant number of queries whatever the numbers."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from qualify.accounts.models import User
from qualify.assessment.policy import QuizResult
from qualify.assessment.service import course_results
from qualify.courses import service as courses
from qualify.courses.models import Course
from qualify.courses.progress import CourseProgress


@dataclass(frozen=True)
class CourseEnrolments:
    course: Course
    learners: int


@dataclass(frozen=True)
class LearnerInCourse:
    user: User
    progress: CourseProgress
    result: QuizResult | None


def enrolments_by_course(session: Session, viewer: User) -> list[CourseEnrolments]:
    """Every listed course with the number of learners enrolled that the viewer may see
    (2 queries)."""
    counts = courses.enrolment_counts(session, viewer)
    return [CourseEnrolments(c, counts.get(c.id, 0)) for c in courses.catalogue(session)]


def learners_in_course(session: Session, course: Course, viewer: User) -> list[LearnerInCourse]:
    """Each learner of a course the viewer may see, with progress and counted quiz result,
    by name (5 queries)."""
    rows = courses.learners_progress(session, course, viewer)
    user_ids = [user_id for user_id, _progress in rows]
    users = {u.id: u for u in session.scalars(sa.select(User).where(User.id.in_(user_ids)))}
    results = course_results(session, user_ids, [course.id])
    learners = [
        LearnerInCourse(users[user_id], progress, results.get((user_id, course.id)))
        for user_id, progress in rows
    ]
    return sorted(learners, key=lambda row: row.user.name.lower())
