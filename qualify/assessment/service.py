"""Quiz services: import quizzes, start an attempt, save answers, submit it exactly once."""

from __future__ import annotations

import datetime as dt
import logging
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from qualify.assessment.grading import grade_attempt
from qualify.assessment.models import AttemptQuestion, AttemptStatus, Question, Quiz, QuizAttempt
from qualify.assessment.questiontypes import QUESTION_TYPES
from qualify.assessment.quizfile import QuizSpec
from qualify.courses.models import Course

log = logging.getLogger(__name__)

# Called after a passed attempt is committed, e.g. to award qualifications.
AfterPassHook = Callable[[Session, int, dt.datetime], None]


def import_quizzes(session: Session, specs: Iterable[QuizSpec]) -> int:
    """Upsert quizzes and their questions by id, without committing. Returns the count."""
    courses = {c.slug: c for c in session.scalars(sa.select(Course))}
    count = 0
    for spec in specs:
        course = courses[spec.course_id]
        quiz = session.scalar(sa.select(Quiz).where(Quiz.course_id == course.id))
        if quiz is None:
            quiz = Quiz(course_id=course.id, pass_mark=spec.pass_mark)
            session.add(quiz)
        quiz.pass_mark, quiz.draw = spec.pass_mark, spec.draw
        session.flush()
        existing = {
            q.slug: q
            for q in session.scalars(sa.select(Question).where(Question.quiz_id == quiz.id))
        }
        for position, question_spec in enumerate(spec.questions):
            question = existing.pop(question_spec["id"], None)
            if question is None:
                question = Question(quiz_id=quiz.id, slug=question_spec["id"])
                session.add(question)
            question.position, question.type = position, question_spec["type"]
            question.spec, question.archived = question_spec, False
        for question in existing.values():
            question.archived = True
        count += 1
    session.flush()
    return count


def quiz_for_course(session: Session, course_id: int) -> Quiz | None:
    return session.scalar(sa.select(Quiz).where(Quiz.course_id == course_id))


def get_attempt_for(session: Session, user_id: int, attempt_id: int) -> QuizAttempt | None:
    """The attempt if it belongs to this user; None otherwise (the view answers 404)."""
    return session.scalar(
        sa.select(QuizAttempt)
        .where(QuizAttempt.id == attempt_id, QuizAttempt.user_id == user_id)
        .options(selectinload(QuizAttempt.questions))
    )


def open_attempt(session: Session, user_id: int, quiz_id: int) -> QuizAttempt | None:
    return session.scalar(
        sa.select(QuizAttempt).where(
            QuizAttempt.user_id == user_id,
            QuizAttempt.quiz_id == quiz_id,
            QuizAttempt.status == AttemptStatus.OPEN,
        )
    )


def attempts_of(session: Session, user_id: int, quiz_id: int) -> list[QuizAttempt]:
    return list(
        session.scalars(
            sa.select(QuizAttempt)
            .where(QuizAttempt.user_id == user_id, QuizAttempt.quiz_id == quiz_id)
            .order_by(QuizAttempt.number.desc())
        )
    )


def start_attempt(
    session: Session, user_id: int, quiz: Quiz, now: dt.datetime, rng: random.Random | None = None
) -> QuizAttempt:
    """Start an attempt with its own draw and layout, or resume the one still open."""
    existing = open_attempt(session, user_id, quiz.id)
    if existing is not None:
        return existing
    rng = rng or random.SystemRandom()
    pool = list(quiz.questions)
    drawn = rng.sample(pool, quiz.draw) if quiz.draw and quiz.draw < len(pool) else pool
    drawn.sort(key=lambda q: q.position)
    number = 1 + (
        session.scalar(
            sa.select(sa.func.max(QuizAttempt.number)).where(
                QuizAttempt.user_id == user_id, QuizAttempt.quiz_id == quiz.id
            )
        )
        or 0
    )
    attempt = QuizAttempt(
        user_id=user_id,
        quiz_id=quiz.id,
        number=number,
        pass_mark=quiz.pass_mark,
        started_at=now,
        status=AttemptStatus.OPEN,
    )
    attempt.questions = [
        AttemptQuestion(
            position=position,
            question_id=question.id,
            spec=question.spec,
            layout=QUESTION_TYPES[question.type].present(question.spec["settings"], rng),
        )
        for position, question in enumerate(drawn, start=1)
    ]
    session.add(attempt)
    session.commit()
    log.info("user %s started attempt %s on quiz %s", user_id, attempt.id, quiz.id)
    return attempt


def save_answers(
    session: Session, attempt: QuizAttempt, form_values: Mapping[int, Sequence[str]]
) -> None:
    """Store the learner's answers so far; a closed attempt is never changed."""
    if not attempt.is_open:
        return
    _record_responses(attempt, form_values)
    session.commit()


def _record_responses(attempt: QuizAttempt, form_values: Mapping[int, Sequence[str]]) -> None:
    """Turn each question's form values into its stored response (unknown tokens dropped)."""
    for question in attempt.questions:
        question_type = QUESTION_TYPES[question.spec["type"]]
        question.response = question_type.response_from_form(
            question.layout, form_values.get(question.position, [])
        )


def submit_attempt(
    session: Session,
    attempt: QuizAttempt,
    form_values: Mapping[int, Sequence[str]],
    now: dt.datetime,
    after_pass: AfterPassHook | None = None,
) -> QuizAttempt:
    """Save the final answers and grade the attempt exactly once.

    The conditional UPDATE claims the attempt: of two concurrent submissions (double click,
    two tabs) only one changes the row; the other finds it submitted and returns the stored
    result. On PostgreSQL the second waits on the row lock, so it never grades twice.
    """
    claimed = session.execute(
        sa.update(QuizAttempt)
        .where(QuizAttempt.id == attempt.id, QuizAttempt.status == AttemptStatus.OPEN)
        .values(status=AttemptStatus.SUBMITTED, submitted_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        session.rollback()
        session.refresh(attempt)
        return attempt
    _record_responses(attempt, form_values)
    answered = [(question.spec, question.response) for question in attempt.questions]
    result = grade_attempt(answered, attempt.pass_mark)
    for question, grade in zip(attempt.questions, result.grades, strict=True):
        question.points = grade.points
    attempt.status, attempt.submitted_at = AttemptStatus.SUBMITTED, now
    attempt.points, attempt.max_points = result.points, result.max_points
    attempt.percent, attempt.passed = result.percent, result.passed
    session.commit()
    log.info("user %s submitted attempt %s: %s%%", attempt.user_id, attempt.id, result.percent)
    if result.passed and after_pass is not None:
        after_pass(session, attempt.user_id, now)
    return attempt


@dataclass(frozen=True)
class CourseResult:
    """A learner's best graded result in a course's quiz."""

    course_id: int
    best_percent: float
    passed: bool
    passed_at: dt.datetime | None


def course_results(
    session: Session, user_ids: Sequence[int], course_ids: Sequence[int] | None = None
) -> dict[tuple[int, int], CourseResult]:
    """Best result per (user, course), in one query, for dashboards and qualification rules."""
    if not user_ids:
        return {}
    query = (
        sa.select(
            QuizAttempt.user_id,
            Quiz.course_id,
            QuizAttempt.percent,
            QuizAttempt.passed,
            QuizAttempt.submitted_at,
        )
        .join(Quiz, Quiz.id == QuizAttempt.quiz_id)
        .where(QuizAttempt.user_id.in_(user_ids), QuizAttempt.status == AttemptStatus.SUBMITTED)
        .order_by(QuizAttempt.submitted_at)
    )
    if course_ids is not None:
        query = query.where(Quiz.course_id.in_(course_ids))
    results: dict[tuple[int, int], CourseResult] = {}
    for user_id, course_id, percent, passed, submitted_at in session.execute(query):
        key = (user_id, course_id)
        best = results.get(key)
        first_pass = best.passed_at if best and best.passed else (submitted_at if passed else None)
        best_percent = max(percent, best.best_percent) if best else percent
        results[key] = CourseResult(
            course_id, best_percent, bool(passed) or bool(best and best.passed), first_pass
        )
    return results
