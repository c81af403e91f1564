"""A demo graduate for trying verification at once: `qualify demo setup` (after
`content import`) creates them with one issued certificate.

The graduate did the work on record: enrolled in every required course of the demo
qualification, read every lesson, passed each final quiz and, where the qualification asks
for it, attended the in-person workshop hours. The certificate is then written directly
(as an award after a trainer's sign-off would be), so the demo keeps working whatever a
qualification file asks beyond that; it expires as the qualification's validity says, so the
demo shows a certificate as learners get it. Never on a production site (the command refuses).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from qualify.accounts.models import User
from qualify.accounts.service import create_user, find_user_by_email
from qualify.assessment.models import AttemptStatus, Question, Quiz, QuizAttempt
from qualify.assignments.models import AssignmentSubmission, AssignmentVersion
from qualify.certificates.codes import new_code
from qualify.certificates.evidence import spec_of
from qualify.certificates.models import Certificate, Qualification, WorkshopCredit
from qualify.certificates.rules import QualificationSpec, expiry
from qualify.core.messages import Message
from qualify.courses.models import Course, Enrolment, LessonCompletion

GRADUATE_EMAIL = "absolvent@demo.qualify.example"
GRADUATE_NAME = "Demo Absolvent*in"
PREFERRED = "diversity-berater"  # the shipped qualification the demo group works towards
PERCENT = 92.0
MAX_POINTS = 25.0


@dataclass(frozen=True)
class Graduate:
    user: User
    certificate: Certificate
    created: bool
    """False when the graduate existed already (the password is not known then)."""


def demo_graduate(session: Session, password: str, now: dt.datetime) -> Graduate:
    """The demo graduate and their certificate, created once; raises LookupError (with a
    Message) when no qualification whose courses all exist is imported."""
    user = find_user_by_email(session, GRADUATE_EMAIL)
    if user is not None and (certificate := _current_certificate(session, user.id)):
        return Graduate(user, certificate, created=False)
    qualification, courses = _qualification(session)
    created = user is None
    if user is None:
        user = create_user(
            session,
            email=GRADUATE_EMAIL,
            name=GRADUATE_NAME,
            password=password,
            by_command_line=True,
        )
    certificate = _graduate(session, user, qualification, courses, now)
    session.commit()
    return Graduate(user, certificate, created)


def _current_certificate(session: Session, user_id: int) -> Certificate | None:
    return session.scalar(
        sa.select(Certificate)
        .where(Certificate.user_id == user_id, Certificate.superseded_by_id.is_(None))
        .order_by(Certificate.issued_at.desc())
        .limit(1)
    )


def _qualification(session: Session) -> tuple[Qualification, list[Course]]:
    """The demo group's qualification if imported, else the first whose courses exist."""
    active = session.scalars(
        sa.select(Qualification)
        .where(Qualification.archived.is_(False))
        .order_by(Qualification.slug != PREFERRED, Qualification.slug)
    )
    found = {
        c.slug: c for c in session.scalars(sa.select(Course).where(Course.archived.is_(False)))
    }
    for qualification in active:
        slugs = _required(qualification)
        if slugs and all(slug in found for slug in slugs):
            return qualification, [found[slug] for slug in slugs]
    raise LookupError(Message("no qualification whose courses are all imported"))


def _required(qualification: Qualification) -> list[str]:
    """The required courses, each once: a course may also be named to renew the
    qualification or as its assignment (ruledata.counting_courses)."""
    rows = qualification.requirements
    return list(dict.fromkeys(r["course"] for r in rows if r.get("role", "required") == "required"))


def _graduate(
    session: Session,
    user: User,
    qualification: Qualification,
    courses: list[Course],
    now: dt.datetime,
) -> Certificate:
    issued_at = now - dt.timedelta(days=14)
    minimum = {
        r["course"]: r.get("min_percent") or 0
        for r in qualification.requirements
        if r.get("role", "required") == "required"
    }
    snapshot = []
    for number, course in enumerate(courses):
        passed_at = issued_at - dt.timedelta(days=7 * (len(courses) - number))
        percent = max(PERCENT, float(minimum.get(course.slug, 0)))
        _course_done(session, user.id, course, passed_at, percent)
        snapshot.append(
            {
                "course": course.slug,
                "title": course.title,
                "passed_at": passed_at.isoformat(),
                "percent": percent,
            }
        )
    if qualification.workshop_hours:
        session.add(
            WorkshopCredit(
                user_id=user.id,
                qualification_id=qualification.id,
                hours=qualification.workshop_hours,
                held_on=(issued_at - dt.timedelta(days=3)).date(),
                title="Präsenztag (Demo)",
                recorded_at=issued_at,
            )
        )
    _assignment_marked(session, user.id, spec_of(qualification), issued_at - dt.timedelta(days=2))
    certificate = Certificate(
        code=new_code(),
        user_id=user.id,
        qualification_id=qualification.id,
        issued_at=issued_at,
        expires_at=expiry(spec_of(qualification), issued_at),
        holder_name=user.name,
        title=qualification.title,
        courses=snapshot,
        workshop_hours=float(qualification.workshop_hours),
    )
    session.add(certificate)
    session.flush()
    return certificate


def _course_done(
    session: Session, user_id: int, course: Course, passed_at: dt.datetime, percent: float
) -> None:
    """Enrolled, every lesson read, the final quiz passed (a graded attempt without the
    questions: the demo needs the result, not the answers)."""
    started = passed_at - dt.timedelta(days=21)
    session.add(Enrolment(user_id=user_id, course_id=course.id, enrolled_at=started))
    for lesson in course.lessons:
        if not lesson.archived:
            session.add(
                LessonCompletion(user_id=user_id, lesson_id=lesson.id, completed_at=started)
            )
    quiz = session.scalar(sa.select(Quiz).where(Quiz.course_id == course.id))
    if quiz is None:
        return
    session.add(
        QuizAttempt(
            user_id=user_id,
            quiz_id=quiz.id,
            number=1,
            status=AttemptStatus.GRADED,
            pass_mark=quiz.pass_mark,
            started_at=passed_at - dt.timedelta(minutes=25),
            submitted_at=passed_at,
            points=MAX_POINTS * percent / 100,
            max_points=MAX_POINTS,
            percent=percent,
            passed=True,
        )
    )


DEMO_ASSIGNMENT_TEXT = (
    "Demo: eine gekürzte Praxisaufgabe, damit das Demo-Zertifikat alle Bedingungen der "
    "Qualifizierung erfüllt. Eine echte Abgabe folgt der Aufgabe und ihrer Länge."
)


def _assignment_marked(
    session: Session, user_id: int, spec: QualificationSpec, marked_at: dt.datetime
) -> None:
    """The practice assignment handed in and marked as passed, as the rules ask, when the
    qualification has one (the demo needs the mark, not a real text)."""
    if spec.assignment is None:
        return
    question = session.scalar(
        sa.select(Question)
        .join(Quiz, Quiz.id == Question.quiz_id)
        .join(Course, Course.id == Quiz.course_id)
        .where(
            Course.slug == spec.assignment.course_id, Question.slug == spec.assignment.question_id
        )
    )
    if question is None:
        return
    points = int(question.spec["points"])
    submission = AssignmentSubmission(user_id=user_id, question_id=question.id)
    submission.versions.append(
        AssignmentVersion(
            number=1,
            text=DEMO_ASSIGNMENT_TEXT,
            saved_at=marked_at - dt.timedelta(days=7),
            handed_in_at=marked_at - dt.timedelta(days=7),
            marked_at=marked_at,
            points=points,
            max_points=points,
            pass_mark=spec.assignment.min_percent or 0,
            passed=True,
            comment="Demo",
        )
    )
    session.add(submission)
