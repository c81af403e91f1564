"""The learner's dashboard as one read: enrolled courses with progress and quiz results,
where to continue, each qualification with what is met and still missing, every
certificate the learner holds or held, the learner's groups and their next workshop dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from qualify.assessment.policy import QuizResult
from qualify.assessment.service import course_results
from qualify.certificates.awarding import holder_names
from qualify.certificates.listing import certificates_of
from qualify.certificates.models import Certificate
from qualify.certificates.service import QualificationStatus, qualification_overview
from qualify.cohorts.service import (
    Membership,
    UpcomingWorkshops,
    memberships_of,
    upcoming_workshops,
)
from qualify.courses import service as courses
from qualify.courses.models import Course
from qualify.courses.progress import CourseProgress


@dataclass(frozen=True)
class EnrolledCourse:
    course: Course
    progress: CourseProgress
    result: QuizResult | None
    resume_slug: str | None
    """The lesson to continue with; None when every lesson is done."""


@dataclass(frozen=True)
class Dashboard:
    courses: list[EnrolledCourse]
    qualifications: list[QualificationStatus]
    certificates: Sequence[Certificate]
    """Newest first, superseded and revoked ones too (each with its status)."""
    groups: list[Membership]
    workshops: UpcomingWorkshops
    certificate_name: tuple[str, str | None]
    """The name printed on the learner's next certificates, and its Latin transliteration."""


def learner_dashboard(
    session: Session, user_id: int, now: dt.datetime, today: dt.date
) -> Dashboard:
    """Everything the learner's page shows, in a constant number of queries; `today` is the
    date where the learner is (the site's time zone), for the coming workshops."""
    enrolled = courses.enrolled_courses(session, user_id)
    progress = courses.progress_by_course(session, user_id, [c.id for c in enrolled])
    resume = courses.lesson_slugs(session, [p.resume_lesson_id for p in progress.values()])
    results = course_results(session, [user_id])
    rows = [
        EnrolledCourse(
            course,
            progress[course.id],
            results.get((user_id, course.id)),
            resume.get(progress[course.id].resume_lesson_id),
        )
        for course in enrolled
    ]
    return Dashboard(
        rows,
        qualification_overview(session, user_id, now),
        certificates_of(session, user_id),
        memberships_of(session, user_id),
        upcoming_workshops(session, user_id, today),
        holder_names(session, [user_id])[user_id],
    )
