"""Quiz services: import quizzes from content files; learners' attempts (start, save answers,
submit once, close expired ones); each learner's counted result per course.

Each function that changes data is one transaction and commits it; the acting user and the
time are passed in.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from qualify.accounts.models import User
from qualify.assessment import policy
from qualify.assessment.grading import detail_of, grade_attempt
from qualify.assessment.models import (
    AttemptQuestion,
    AttemptStatus,
    ExtraAttempt,
    Question,
    Quiz,
    QuizAttempt,
)
from qualify.assessment.questiontypes import QUESTION_TYPES
from qualify.assessment.questiontypes.base import FormValues
from qualify.assessment.quizfile import Counts, QuizSpec, Review
from qualify.core.orm import match_by_key
from qualify.courses.models import Course

log = logging.getLogger(__name__)

# Called when an attempt passes, inside the transaction that grades it, e.g. to award
# qualifications: the grade and the award are stored together or not at all.
AfterPassHook = Callable[[Session, int, dt.datetime], None]
# Submitted form values per question position (only the questions of the page sent).
PageValues = Mapping[int, FormValues]


class AttemptRefused(Exception):
    """The learner may not start an attempt now; `decision` says why and until when."""

    def __init__(self, decision: policy.StartDecision) -> None:
        super().__init__(str(decision.refusal))
        self.decision = decision


def import_quizzes(
    session: Session, specs: Iterable[QuizSpec], certifying: frozenset[str] = frozenset()
) -> int:
    """Upsert quizzes and their questions by id, without committing. Returns the count.

    `certifying` names the courses a qualification requires: their quizzes keep the key
    hidden until passed or out of attempts (policy.review_shown)."""
    courses = {c.slug: c for c in session.scalars(sa.select(Course))}
    count = 0
    for spec in specs:
        course = courses[spec.course_id]
        quiz = session.scalar(sa.select(Quiz).where(Quiz.course_id == course.id))
        if quiz is None:
            quiz = Quiz(course_id=course.id, pass_mark=spec.settings.pass_mark)
            session.add(quiz)
        quiz.pass_mark, quiz.settings_data = spec.settings.pass_mark, spec.settings.as_json()
        quiz.leads_to_certificate = spec.course_id in certifying
        session.flush()
        matched = match_by_key(
            session.scalars(sa.select(Question).where(Question.quiz_id == quiz.id)),
            lambda question: question.slug,
            [question_spec["id"] for question_spec in spec.questions],
            lambda slug, quiz_id=quiz.id: Question(quiz_id=quiz_id, slug=slug),
        )
        session.add_all(matched.created)
        for position, (question_spec, question) in enumerate(
            zip(spec.questions, matched.rows, strict=True)
        ):
            question.position, question.type = position, question_spec["type"]
            question.spec, question.archived = question_spec, False
            question.source = spec.sources[position] if spec.sources else None
        for question in matched.left_over:
            question.archived = True
        count += 1
    session.flush()
    return count


def quiz_specs(session: Session) -> list[QuizSpec]:
    """The quizzes of the catalogue's courses as specs, as load_quiz would read them from
    their files (for `qualify content export`), in two queries."""
    quizzes = session.execute(
        sa.select(Course.slug, Quiz)
        .join(Quiz, Quiz.course_id == Course.id)
        .where(Course.archived.is_(False))
        .order_by(Course.position)
    ).all()
    questions: dict[int, list[Question]] = defaultdict(list)
    for question in session.scalars(
        sa.select(Question)
        .where(Question.quiz_id.in_([q.id for _, q in quizzes]), Question.archived.is_(False))
        .order_by(Question.position)
    ):
        questions[question.quiz_id].append(question)
    return [
        QuizSpec(
            slug,
            quiz.settings,
            tuple(q.spec for q in questions[quiz.id]),
            tuple(q.source for q in questions[quiz.id] if q.source is not None),
        )
        for slug, quiz in quizzes
    ]


def quiz_spec(session: Session, course_slug: str) -> QuizSpec | None:
    """One course's quiz (archived course or not) as a spec, as quiz_specs reads them."""
    quiz = session.scalar(
        sa.select(Quiz).join(Course, Course.id == Quiz.course_id).where(Course.slug == course_slug)
    )
    if quiz is None:
        return None
    questions = list(
        session.scalars(
            sa.select(Question)
            .where(Question.quiz_id == quiz.id, Question.archived.is_(False))
            .order_by(Question.position)
        )
    )
    return QuizSpec(
        course_slug,
        quiz.settings,
        tuple(q.spec for q in questions),
        tuple(q.source for q in questions if q.source is not None),
    )


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


def start_decision(
    session: Session,
    user_id: int,
    quiz: Quiz,
    now: dt.datetime,
    attempts: Sequence[QuizAttempt] | None = None,
) -> policy.StartDecision:
    """May this learner start a new attempt now (attempt limit, waiting time, extra grants)?
    `attempts` are the learner's attempts at this quiz when the caller has them already."""
    if attempts is None:
        attempts = attempts_of(session, user_id, quiz.id)
    past = [policy.PastAttempt(a.submitted_at) for a in attempts]
    grants = session.scalars(
        sa.select(ExtraAttempt.granted_at).where(
            ExtraAttempt.user_id == user_id, ExtraAttempt.quiz_id == quiz.id
        )
    ).all()
    return policy.may_start(quiz.settings, past, grants, now)


def review_level(session: Session, attempt: QuizAttempt, now: dt.datetime) -> Review:
    """How much of a submitted attempt its learner may see now (see policy.review_shown)."""
    quiz = attempt.quiz
    attempts = attempts_of(session, attempt.user_id, quiz.id)
    decision = start_decision(session, attempt.user_id, quiz, now, attempts)
    return policy.review_shown(
        quiz.settings.review,
        certifying=quiz.leads_to_certificate,
        passed=any(a.passed for a in attempts),
        attempts_exhausted=decision.refusal is policy.Refusal.NO_ATTEMPTS_LEFT,
    )


def start_attempt(
    session: Session, user_id: int, quiz: Quiz, now: dt.datetime, rng: random.Random | None = None
) -> QuizAttempt:
    """Start an attempt with its own draw and layout, or resume the one still open.

    Raises AttemptRefused when the rules allow no new attempt now. Two tabs starting at
    once meet the database's one-open-attempt index: the loser resumes the winner's attempt.
    The learner's row is locked first, so the attempt count that the limit checks cannot
    change between the check and the insert (PostgreSQL; SQLite runs one writer anyway).
    """
    session.execute(sa.select(User.id).where(User.id == user_id).with_for_update())
    existing = open_attempt(session, user_id, quiz.id)
    if existing is not None:
        return existing
    decision = start_decision(session, user_id, quiz, now)
    if not decision.allowed:
        raise AttemptRefused(decision)
    attempt = _new_attempt(session, user_id, quiz, now, rng or random.SystemRandom())
    session.add(attempt)
    try:
        session.commit()
    except sa.exc.IntegrityError:
        session.rollback()
        resumed = open_attempt(session, user_id, quiz.id)
        if resumed is None:
            raise
        return resumed
    log.info("user %s started attempt %s on quiz %s", user_id, attempt.id, quiz.id)
    return attempt


def _extra_time(session: Session, user_id: int) -> int:
    return session.scalar(sa.select(User.extra_time_percent).where(User.id == user_id)) or 0


def _new_attempt(
    session: Session, user_id: int, quiz: Quiz, now: dt.datetime, rng: random.Random
) -> QuizAttempt:
    settings = quiz.settings
    drawn = policy.draw_questions(quiz.questions, lambda q: q.spec.get("tags", []), settings, rng)
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
        deadline_at=policy.deadline(now, settings, _extra_time(session, user_id)),
        status=AttemptStatus.OPEN,
    )
    attempt.questions = [
        AttemptQuestion(
            position=position,
            question_id=question.id,
            spec=question.spec,
            layout=QUESTION_TYPES[question.type].present(
                question.spec["settings"], rng, settings.shuffle_options
            ),
        )
        for position, question in enumerate(drawn, start=1)
    ]
    return attempt


def save_answers(
    session: Session, attempt: QuizAttempt, values: PageValues, now: dt.datetime
) -> bool:
    """Store the answers of one page; False (nothing stored) once the attempt is closed or
    its time is over.

    The attempt row is locked while it is checked and the answers are written: a submit
    claims the same row, so a save either lands before the grading or finds it closed.
    """
    if not policy.accepts_answers(attempt.deadline_at, now) or not _lock_if_open(session, attempt):
        session.rollback()
        return False
    _record_responses(attempt, values)
    session.commit()
    return True


def _lock_if_open(session: Session, attempt: QuizAttempt) -> bool:
    """Lock the attempt's row (FOR UPDATE; SQLite's IMMEDIATE transaction already holds the
    database) and say whether it is still open, as stored now rather than as loaded."""
    query = (
        sa.select(QuizAttempt.id)
        .where(QuizAttempt.id == attempt.id, QuizAttempt.status == AttemptStatus.OPEN)
        .with_for_update()
    )
    return session.scalar(query) is not None


def _reload_questions(session: Session, attempt: QuizAttempt) -> None:
    """Read the answers as committed now: saves that landed before the claim count."""
    session.scalars(
        sa.select(AttemptQuestion)
        .where(AttemptQuestion.attempt_id == attempt.id)
        .execution_options(populate_existing=True)
    ).all()


def _record_responses(attempt: QuizAttempt, values: PageValues) -> None:
    """Turn the sent questions' form values into stored responses (unknown tokens dropped)."""
    for question in attempt.questions:
        if question.position in values:
            question_type = QUESTION_TYPES[question.spec["type"]]
            question.response = question_type.response_from_form(
                question.spec["settings"], question.layout, values[question.position]
            )


def submit_attempt(
    session: Session,
    attempt: QuizAttempt,
    values: PageValues,
    now: dt.datetime,
    after_pass: AfterPassHook | None = None,
) -> QuizAttempt:
    """Store the last page's answers and grade the attempt exactly once.

    The conditional UPDATE claims the attempt: of two concurrent submissions (double click,
    two tabs) only one changes the row; the other finds it closed and returns the stored
    result. On PostgreSQL the second waits on the row lock, so it never grades twice.
    Answers sent after the deadline are not stored; the attempt is graded as at the deadline.
    """
    submitted_at = policy.submission_time(attempt.deadline_at, now)
    claimed = _claim(session, attempt.id, submitted_at)
    if claimed != 1:
        session.rollback()
        session.refresh(attempt)
        if attempt.is_open:
            raise RuntimeError(f"attempt {attempt.id} could not be claimed")
        return attempt
    _reload_questions(session, attempt)
    if policy.accepts_answers(attempt.deadline_at, now):
        _record_responses(attempt, values)
    _grade(attempt, submitted_at)
    commit_grade(session, attempt, submitted_at, after_pass)
    log.info("user %s submitted attempt %s: %s", attempt.user_id, attempt.id, attempt.status)
    return attempt


def commit_grade(
    session: Session, attempt: QuizAttempt, when: dt.datetime, after_pass: AfterPassHook | None
) -> None:
    """Commit a graded attempt together with what its pass earns: a crash between the two
    can no longer leave a passed attempt without its certificate."""
    if attempt.passed and after_pass is not None:
        session.flush()
        after_pass(session, attempt.user_id, when)  # in the grading transaction
    session.commit()


def _claim(session: Session, attempt_id: int, submitted_at: dt.datetime) -> int:
    """Close the attempt if it is still open; the number of rows changed (0 or 1)."""
    claim = (
        sa.update(QuizAttempt)
        .where(QuizAttempt.id == attempt_id, QuizAttempt.status == AttemptStatus.OPEN)
        .values(status=AttemptStatus.GRADED, submitted_at=submitted_at)
        .execution_options(synchronize_session=False)
    )
    return session.execute(claim).rowcount


def _grade(attempt: QuizAttempt, submitted_at: dt.datetime) -> None:
    answered = [(question.spec, question.response) for question in attempt.questions]
    result = grade_attempt(answered, attempt.pass_mark)
    for question, grade in zip(attempt.questions, result.grades, strict=True):
        question.points, question.detail = grade.points, detail_of(grade)
    attempt.status = AttemptStatus.PENDING_REVIEW if result.pending else AttemptStatus.GRADED
    attempt.submitted_at = submitted_at
    attempt.points, attempt.max_points = result.points, result.max_points
    attempt.percent, attempt.passed = result.percent, result.passed


def close_expired_attempts(
    session: Session,
    now: dt.datetime,
    *,
    user_id: int | None = None,
    quiz_id: int | None = None,
    after_pass: AfterPassHook | None = None,
) -> int:
    """Grade open attempts whose time ran out, with the answers saved before the deadline."""
    query = sa.select(QuizAttempt.id).where(
        QuizAttempt.status == AttemptStatus.OPEN,
        QuizAttempt.deadline_at.is_not(None),
        QuizAttempt.deadline_at < now - policy.GRACE,
    )
    if user_id is not None:
        query = query.where(QuizAttempt.user_id == user_id)
    if quiz_id is not None:
        query = query.where(QuizAttempt.quiz_id == quiz_id)
    closed = 0
    for attempt_id in session.scalars(query).all():
        attempt = session.get_one(QuizAttempt, attempt_id)
        submit_attempt(session, attempt, {}, now, after_pass)
        closed += 1
    return closed


def course_results(
    session: Session, user_ids: Sequence[int], course_ids: Sequence[int] | None = None
) -> dict[tuple[int, int], policy.QuizResult]:
    """Result per (user, course), in one query, for dashboards and qualification rules."""
    graded, counts = graded_attempts(session, user_ids, course_ids)
    return {
        key: result
        for key, attempts in graded.items()
        if (result := policy.quiz_result(attempts, counts[key[1]])) is not None
    }


def graded_attempts(
    session: Session, user_ids: Sequence[int], course_ids: Sequence[int] | None = None
) -> tuple[dict[tuple[int, int], list[policy.GradedAttempt]], dict[int, Counts]]:
    """Every graded attempt per (user, course), and how each course's quiz counts them
    (1 query): the rules count some attempts only (those since a renewal opened)."""
    if not user_ids:
        return {}, {}
    query = (
        sa.select(
            QuizAttempt.user_id,
            Quiz.course_id,
            Quiz.settings_data,
            QuizAttempt.percent,
            QuizAttempt.passed,
            QuizAttempt.submitted_at,
        )
        .join(Quiz, Quiz.id == QuizAttempt.quiz_id)
        .where(QuizAttempt.user_id.in_(user_ids), QuizAttempt.status == AttemptStatus.GRADED)
    )
    if course_ids is not None:
        query = query.where(Quiz.course_id.in_(course_ids))
    graded: dict[tuple[int, int], list[policy.GradedAttempt]] = {}
    counts: dict[int, Counts] = {}
    for user_id, course_id, settings, percent, passed, submitted_at in session.execute(query):
        graded.setdefault((user_id, course_id), []).append(
            policy.GradedAttempt(percent, bool(passed), submitted_at)
        )
        counts[course_id] = Counts(settings.get("counts", "best"))
    return graded, counts
