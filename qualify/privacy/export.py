"""A learner's data as one plain dict (DSGVO Art. 15 and 20): everything stored about them,
read with a fixed number of queries, each filtered by their user id.

The JSON download is this dict; the HTML download renders it. Answers are shown as the
learner saw them (option texts, not ids). Per-question points and feedback follow the quiz's
review rule (assessment.policy.review_shown): a certifying quiz does not hand out its key
through the export before the learner has passed it or used every attempt.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload, selectinload

from qualify.accounts.models import LoginSession, User
from qualify.assessment import policy
from qualify.assessment.models import AttemptQuestion, ExtraAttempt, Question, Quiz, QuizAttempt
from qualify.assessment.quizfile import Review
from qualify.assignments.models import AssignmentSubmission, AssignmentVersion
from qualify.certificates.codes import format_code
from qualify.certificates.models import Certificate, HolderName, Qualification, WorkshopCredit
from qualify.cohorts.models import Cohort, CohortMember
from qualify.core.locales import pick_text
from qualify.courses.models import Course, Enrolment, Lesson, LessonCompletion
from qualify.jobs.mail import MAIL
from qualify.jobs.models import Job

FORMAT = "qualify-personal-data/1"
SECTIONS = (
    "profile",
    "enrolments",
    "lesson_completions",
    "quiz_attempts",
    "extra_attempts",
    "assignments",
    "certificates",
    "workshop_credits",
    "groups",
    "login_sessions",
    "mails",
)


def build_export(session: Session, user_id: int, now: dt.datetime) -> dict[str, Any]:
    """Everything stored about this user, as JSON-able values (dates as ISO 8601, UTC)."""
    user = session.get_one(User, user_id)
    locale = user.locale
    attempts = _attempts(session, user_id)
    extra_rows = session.execute(
        sa.select(ExtraAttempt, Course.title)
        .join(Quiz, Quiz.id == ExtraAttempt.quiz_id)
        .join(Course, Course.id == Quiz.course_id)
        .where(ExtraAttempt.user_id == user_id)
        .order_by(ExtraAttempt.granted_at, ExtraAttempt.id)
    ).all()
    extras = [extra for extra, _title in extra_rows]
    return {
        "format": FORMAT,
        "created_at": _iso(now),
        "profile": _profile(user, session.get(HolderName, user_id)),
        "enrolments": _enrolments(session, user_id, locale),
        "lesson_completions": _completions(session, user_id, locale),
        "quiz_attempts": _attempt_rows(attempts, extras, locale, now),
        "extra_attempts": [
            {
                "course": pick_text(title, locale),
                "granted_at": _iso(extra.granted_at),
                "reason": extra.reason,
            }
            for extra, title in extra_rows
        ],
        "assignments": _assignments(session, user_id, locale),
        "certificates": _certificates(session, user_id, locale),
        "workshop_credits": _credits(session, user_id, locale),
        "groups": _groups(session, user_id),
        "login_sessions": _login_sessions(session, user_id),
        "mails": _mails(session, user.email),
    }


def _iso(value: dt.datetime | dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _profile(user: User, certificate_name: HolderName | None) -> dict[str, Any]:
    return {
        "name": user.name,
        # The name the person chose for their certificates (None: the account's name).
        "certificate_name": certificate_name.name if certificate_name else None,
        "certificate_name_latin": certificate_name.name_latin if certificate_name else None,
        "email": user.email,
        "role": user.role,
        "language": user.locale,
        # Stated by the person (or a trainer's list at invitation); None: not stated.
        "target_group": user.target_group,
        "created_at": _iso(user.created_at),
        "confirmed_at": _iso(user.confirmed_at),
        "last_login_at": _iso(user.last_login_at),
        "deactivated_at": _iso(user.deactivated_at),
    }


def _assignments(session: Session, user_id: int, locale: str) -> list[dict[str, Any]]:
    """Every version of the learner's practice assignments: drafts too, with the marks and
    the trainers' comments (the learner sees all of these on the assignment page)."""
    rows = session.execute(
        sa.select(AssignmentVersion, Question.slug, Course.title)
        .join(AssignmentSubmission, AssignmentSubmission.id == AssignmentVersion.submission_id)
        .join(Question, Question.id == AssignmentSubmission.question_id)
        .join(Quiz, Quiz.id == Question.quiz_id)
        .join(Course, Course.id == Quiz.course_id)
        .where(AssignmentSubmission.user_id == user_id)
        .order_by(AssignmentSubmission.id, AssignmentVersion.number)
    ).all()
    return [
        {
            "course": pick_text(title, locale),
            "question": question,
            "version": version.number,
            "text": version.text,
            "saved_at": _iso(version.saved_at),
            "handed_in_at": _iso(version.handed_in_at),
            "marked_at": _iso(version.marked_at),
            "points": version.points,
            "max_points": version.max_points,
            "passed": version.passed,
            "trainer_comment": version.comment,
        }
        for version, question, title in rows
    ]


def _enrolments(session: Session, user_id: int, locale: str) -> list[dict[str, Any]]:
    rows = session.execute(
        sa.select(Enrolment, Lesson)
        .outerjoin(Lesson, Lesson.id == Enrolment.last_lesson_id)
        .where(Enrolment.user_id == user_id)
        .options(joinedload(Enrolment.course))
        .order_by(Enrolment.enrolled_at, Enrolment.id)
    ).all()
    return [
        {
            "course": pick_text(enrolment.course.title, locale),
            "enrolled_at": _iso(enrolment.enrolled_at),
            "last_opened_lesson": pick_text(lesson.title, locale) if lesson else None,
        }
        for enrolment, lesson in rows
    ]


def _completions(session: Session, user_id: int, locale: str) -> list[dict[str, Any]]:
    rows = session.execute(
        sa.select(LessonCompletion, Lesson)
        .join(Lesson, Lesson.id == LessonCompletion.lesson_id)
        .where(LessonCompletion.user_id == user_id)
        .options(joinedload(Lesson.course))
        .order_by(LessonCompletion.completed_at, LessonCompletion.id)
    ).all()
    return [
        {
            "course": pick_text(lesson.course.title, locale),
            "lesson": pick_text(lesson.title, locale),
            "completed_at": _iso(completion.completed_at),
        }
        for completion, lesson in rows
    ]


def _attempts(session: Session, user_id: int) -> Sequence[QuizAttempt]:
    return session.scalars(
        sa.select(QuizAttempt)
        .where(QuizAttempt.user_id == user_id)
        .options(
            joinedload(QuizAttempt.quiz).joinedload(Quiz.course),
            selectinload(QuizAttempt.questions),
        )
        .order_by(QuizAttempt.started_at, QuizAttempt.id)
    ).all()


def _review_levels(
    attempts: Sequence[QuizAttempt], extras: Sequence[ExtraAttempt], now: dt.datetime
) -> dict[int, Review]:
    """How much of its attempts the learner may see now, per quiz (as on the result page)."""
    by_quiz: dict[int, list[QuizAttempt]] = defaultdict(list)
    for attempt in attempts:
        by_quiz[attempt.quiz_id].append(attempt)
    grants: dict[int, list[dt.datetime]] = defaultdict(list)
    for extra in extras:
        grants[extra.quiz_id].append(extra.granted_at)
    levels = {}
    for quiz_id, own in by_quiz.items():
        quiz = own[0].quiz
        past = [policy.PastAttempt(a.submitted_at) for a in own]
        decision = policy.may_start(quiz.settings, past, grants[quiz_id], now)
        levels[quiz_id] = policy.review_shown(
            quiz.settings.review,
            certifying=quiz.leads_to_certificate,
            passed=any(a.passed for a in own),
            attempts_exhausted=decision.refusal is policy.Refusal.NO_ATTEMPTS_LEFT,
        )
    return levels


def _attempt_rows(
    attempts: Sequence[QuizAttempt],
    extras: Sequence[ExtraAttempt],
    locale: str,
    now: dt.datetime,
) -> list[dict[str, Any]]:
    levels = _review_levels(attempts, extras, now)
    rows = []
    for attempt in attempts:
        level = levels[attempt.quiz_id] if not attempt.is_open else Review.SCORE
        rows.append(
            {
                "course": pick_text(attempt.quiz.course.title, locale),
                "number": attempt.number,
                "status": attempt.status,
                "started_at": _iso(attempt.started_at),
                "deadline_at": _iso(attempt.deadline_at),
                "submitted_at": _iso(attempt.submitted_at),
                "points": attempt.points,
                "max_points": attempt.max_points,
                "percent": attempt.percent,
                "passed": attempt.passed,
                # a certifying quiz keeps its key (right answers, feedback) for now
                "details_withheld": level != attempt.quiz.settings.review and not attempt.is_open,
                "questions": [_question(q, locale, level) for q in attempt.questions],
            }
        )
    return rows


def _question(question: AttemptQuestion, locale: str, level: Review) -> dict[str, Any]:
    """One question as shown, the learner's answer, and what the review rule allows."""
    spec = question.spec
    row: dict[str, Any] = {
        "position": question.position,
        "type": spec.get("type"),
        "question": pick_text(spec.get("prompt") or {}, locale),
        "answer": readable_answer(spec, question.layout, question.response, locale),
        "max_points": spec.get("points"),
        "trainer_comment": question.reviewer_comment,
    }
    if level is not Review.SCORE:
        row["points"] = question.points
    if level is Review.FEEDBACK:
        given = (question.detail or {}).get("feedback") or []
        texts = [*given, spec.get("feedback") or {}]  # for the answers given, then general
        row["feedback"] = [pick_text(t, locale) for t in texts if isinstance(t, dict) and t]
    return row


def readable_answer(
    spec: Mapping[str, Any], layout: Mapping[str, Any], response: Any, locale: str
) -> Any:
    """The learner's answer in words where the stored form holds ids: option and item texts
    instead of their ids. Other answers (typed text, numbers, true/false, gaps, pairs) as
    stored."""
    settings = spec.get("settings") or {}
    if spec.get("type") in ("single_choice", "multiple_choice") and isinstance(response, list):
        texts = {o.get("id"): pick_text(o.get("text") or {}, locale) for o in settings["options"]}
        return [texts.get(option_id, option_id) for option_id in response]
    if spec.get("type") == "ordering" and isinstance(response, dict):
        texts = {i.get("id"): pick_text(i.get("text") or {}, locale) for i in settings["items"]}
        placed = sorted((pos, item) for item, pos in response.items() if isinstance(pos, int))
        return [texts.get(item, item) for _pos, item in placed]
    return response


def _certificates(session: Session, user_id: int, locale: str) -> list[dict[str, Any]]:
    certificates = session.scalars(
        sa.select(Certificate)
        .where(Certificate.user_id == user_id)
        .order_by(Certificate.issued_at, Certificate.id)
    ).all()
    return [
        {
            "code": format_code(c.code),
            "qualification": pick_text(c.title, locale),
            "holder_name": c.holder_name,
            "issued_at": _iso(c.issued_at),
            "workshop_hours": c.workshop_hours,
            "revoked_at": _iso(c.revoked_at),
            "revoked_reason": c.revoked_reason,
        }
        for c in certificates
    ]


def _groups(session: Session, user_id: int) -> list[dict[str, Any]]:
    """The cohorts the user takes part in, with what was entered about them."""
    rows = session.execute(
        sa.select(CohortMember, Cohort)
        .join(Cohort, Cohort.id == CohortMember.cohort_id)
        .where(CohortMember.user_id == user_id)
        .order_by(CohortMember.joined_at, CohortMember.id)
    ).all()
    return [
        {
            "group": cohort.name,
            "place": cohort.place,
            "starts_on": _iso(cohort.starts_on),
            "ends_on": _iso(cohort.ends_on),
            "organisation": member.organisation,
            "joined_at": _iso(member.joined_at),
        }
        for member, cohort in rows
    ]


def _credits(session: Session, user_id: int, locale: str) -> list[dict[str, Any]]:
    rows = session.execute(
        sa.select(WorkshopCredit, Qualification.title)
        .join(Qualification, Qualification.id == WorkshopCredit.qualification_id)
        .where(WorkshopCredit.user_id == user_id)
        .order_by(WorkshopCredit.held_on, WorkshopCredit.id)
    ).all()
    return [
        {
            "qualification": pick_text(title, locale),
            "workshop": credit.title,
            "held_on": _iso(credit.held_on),
            "hours": credit.hours,
            "recorded_at": _iso(credit.recorded_at),
        }
        for credit, title in rows
    ]


def _login_sessions(session: Session, user_id: int) -> list[dict[str, Any]]:
    """When each sign-in began and ended (never the token's hash)."""
    rows = session.execute(
        sa.select(LoginSession.created_at, LoginSession.ended_at)
        .where(LoginSession.user_id == user_id)
        .order_by(LoginSession.created_at, LoginSession.id)
    ).all()
    return [{"created_at": _iso(row.created_at), "ended_at": _iso(row.ended_at)} for row in rows]


def _mails(session: Session, email: str) -> list[dict[str, Any]]:
    """Mails to this address in the outbox: when, about what, and whether delivered."""
    jobs = session.scalars(
        sa.select(Job)
        .where(Job.kind == MAIL, Job.payload["to"].as_string() == email)
        .order_by(Job.created_at, Job.id)
    ).all()
    return [
        {
            "date": job.payload.get("date"),
            "subject": job.payload.get("subject"),
            "delivered": job.done_at is not None,
            "delivered_at": _iso(job.done_at),
        }
        for job in jobs
    ]
