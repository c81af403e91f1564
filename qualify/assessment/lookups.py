"""Load what a quiz URL names, each with its own access rule, or answer 404.

Shared by the learners' blueprint (views.py) and the trainers' (trainer_views.py); the
names say whose attempt may be loaded, so the two rules cannot be confused.
"""

from __future__ import annotations

from typing import Any

from flask import abort, current_app
from flask_login import current_user

from qualify.assessment import review, service
from qualify.assessment.models import Quiz, QuizAttempt
from qualify.courses.models import Course
from qualify.courses.service import find_course
from qualify.extensions import db


def get_quiz_or_404(slug: str) -> tuple[Course, Quiz]:
    course = find_course(db.session, slug)
    quiz = service.quiz_for_course(db.session, course.id) if course else None
    if course is None or quiz is None:
        abort(404)
    return course, quiz


def get_own_attempt_or_404(attempt_id: int) -> QuizAttempt:
    """The current user's own attempt; anyone else's answers 404."""
    attempt = service.get_attempt_for(db.session, current_user.id, attempt_id)
    if attempt is None:
        abort(404)
    return attempt


def get_attempt_for_review_or_404(attempt_id: int) -> QuizAttempt:
    """Another learner's attempt, for a trainer (the view checks REVIEW_ATTEMPTS first);
    403 for the trainer's own: nobody reviews or marks their own work."""
    attempt = review.attempt_for_review(db.session, attempt_id, current_user._get_current_object())
    if attempt is None:
        abort(404)
    if attempt.user_id == current_user.id:
        abort(403)
    return attempt


def qualification_minimums(course_slug: str) -> list[Any]:
    """The qualifications that ask for a higher score in this course's quiz than its pass
    mark (certificates' CourseLink: qualification, role, min_percent), wired in by
    create_app like the hook below."""
    index = current_app.extensions["qualify.qualification_index"](db.session)
    return index.minimums_for(course_slug)


def after_pass_hook() -> service.AfterPassHook:
    """Awarding qualifications after a pass, wired in by create_app (see docs)."""
    return current_app.extensions["qualify.after_quiz_passed"]
