"""Learners with something in every part of their data, for the privacy tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from qualify.accounts import service as accounts
from qualify.accounts import tokens
from qualify.accounts.models import Role, TokenPurpose, User
from qualify.assessment import review
from qualify.assessment import service as assessment
from qualify.assessment.models import Question
from qualify.assignments.models import AssignmentSubmission, AssignmentVersion
from qualify.certificates.models import Qualification
from qualify.certificates.service import award_due_qualifications, credit_workshop
from qualify.cohorts.models import Cohort, CohortMember
from qualify.core.clock import utcnow
from qualify.courses import service as courses
from qualify.courses.models import Lesson
from qualify.jobs import service as jobs
from qualify.jobs.mail import enqueue_mail
from tests.assessment.keys import page_answers


def learner_with_data(
    session: Session,
    make_user: Callable[..., User],
    name: str,
    email: str,
    *,
    passes: bool = True,
    attempts: int = 1,
    mails: int = 1,
) -> User:
    """A learner who enrolled, finished the lessons, took the quiz (right or wrong answers),
    got an extra attempt and workshop hours, signed in, and was sent mails."""
    user = make_user(Role.LEARNER, name=name, email=email)
    trainer = make_user(Role.TRAINER)
    now = utcnow()
    course = courses.find_course(session, "testkurs")
    assert course is not None
    courses.enrol(session, user.id, course.id, now)
    for lesson_id in session.scalars(sa.select(Lesson.id).where(Lesson.course_id == course.id)):
        courses.complete_lesson(session, user.id, lesson_id, now)
    quiz = assessment.quiz_for_course(session, course.id)
    assert quiz is not None
    for _ in range(attempts):
        review.grant_extra_attempt(session, quiz, user.id, trainer.id, now, reason=f"Grund {name}")
        attempt = assessment.start_attempt(session, user.id, quiz, utcnow())
        answers = page_answers(attempt.questions, right=passes)
        assessment.submit_attempt(session, attempt, answers, utcnow(), award_due_qualifications)
    _practice_assignment(session, user, trainer, quiz.id, name)
    credit_workshop(
        session,
        user.id,
        "mit-workshop",
        hours=8,
        held_on=dt.date(2026, 3, 14),
        title=f"Präsenztag {name}",
        recorded_by_id=trainer.id,
        now=now,
    )
    for n in range(mails):
        job = enqueue_mail(
            session,
            to=user.email,
            subject=f"Hallo {name} {n}",
            text="Text",
            html="<p>Text</p>",
            now=now,
        )
        session.commit()
        if n == 0:
            jobs.complete(session, job, utcnow())
    tokens.issue(session, TokenPurpose.PASSWORD_RESET, user, now)
    accounts.open_login_session(session, user)
    cohort = Cohort(
        name=f"Gruppe {name}",
        qualification_id=session.scalar(sa.select(Qualification.id).limit(1)),
        starts_on=dt.date(2026, 2, 1),
        ends_on=dt.date(2026, 6, 30),
        place="Magdeburg",
        capacity=20,
    )
    cohort.members.append(CohortMember(user_id=user.id, organisation=f"Verein {name}"))
    session.add(cohort)
    session.commit()
    return user


def _practice_assignment(
    session: Session, user: User, trainer: User, quiz_id: int, name: str
) -> None:
    """A marked version (not passed) and a revised draft of a practice assignment, on an
    archived essay question of the test course (so no quiz attempt draws it)."""
    question = session.scalar(
        sa.select(Question).where(Question.quiz_id == quiz_id, Question.slug == "praxis")
    )
    if question is None:
        spec = {
            "id": "praxis",
            "type": "essay",
            "points": 10,
            "prompt": {"de": "Praxis"},
            "feedback": {},
            "tags": [],
            "settings": {},
        }
        question = Question(
            quiz_id=quiz_id, slug="praxis", position=99, type="essay", spec=spec, archived=True
        )
        session.add(question)
        session.flush()
    now = utcnow()
    submission = AssignmentSubmission(user_id=user.id, question_id=question.id, revision=3)
    submission.versions += [
        AssignmentVersion(
            number=1,
            text=f"Praxistext {name}",
            saved_at=now,
            handed_in_at=now,
            marked_at=now,
            marked_by_id=trainer.id,
            points=5,
            max_points=10,
            pass_mark=70,
            passed=False,
            comment=f"Praxiskommentar {name}",
        ),
        AssignmentVersion(number=2, text=f"Praxisentwurf {name}", saved_at=now),
    ]
    session.add(submission)
    session.commit()
