"""A demo cohort for trying the trainer's pages: `qualify demo cohort` (after `demo setup`).

Twelve participants (the demo learner and eleven invented people, none of them real, and
the demo graduate with their certificate when `demo setup` made one) of a running
Diversity-Berater*in group, with lessons done at different times, so the progress
matrix shows every state and who is at risk; a past workshop with its attendance (recorded
through the same service as in the browser) and one to come, which the demo learner sees
on the dashboard. Never on a production site (the command refuses).
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Session

from qualify.accounts.models import User
from qualify.certificates.demo import GRADUATE_EMAIL
from qualify.certificates.models import Qualification
from qualify.cohorts.models import Cohort, CohortMember, CohortTrainer
from qualify.cohorts.service import Actor
from qualify.core.messages import Message
from qualify.courses.models import Course, Enrolment, LessonCompletion
from qualify.learners.attendance import WorkshopFacts, add_workshop, record_attendance

NAME = "Diversity-Berater*innen Halle 2027 (Demo)"
QUALIFICATION = "diversity-berater"
# Invented people (names common in Saxony-Anhalt's migrant communities and beyond) with
# invented associations; (name, organisation, lessons done per required course, days ago).
PEOPLE = (
    ("Amal Haddad", "Demo-Verein Brücke e. V.", (99, 99, 3), 2),
    ("Jonas Becker", "Jobcenter (Demo)", (99, 4, 0), 5),
    ("Oksana Melnyk", "Demo-Verein Brücke e. V.", (5, 2, 0), 9),
    ("Trần Thị Mai", "Vietnamesischer Demo-Verein", (3, 0, 0), 20),
    ("Kwame Mensah", "", (99, 99, 99), 1),
    ("Fatma Yıldız", "Stadtverwaltung (Demo)", (1, 0, 0), 31),
    ("Piotr Nowak", "", (0, 0, 0), 0),
    ("Sara Tesfaye", "Demo-Verein Brücke e. V.", (99, 1, 0), 16),
    ("Lena Schulz", "Stadtverwaltung (Demo)", (2, 2, 2), 4),
    ("Ahmad Rahimi", "", (99, 99, 1), 12),
    ("Marija Petrović", "Jobcenter (Demo)", (0, 0, 0), 0),
)


def demo_cohort(session: Session, trainer: User, learner: User, now: dt.datetime) -> Cohort | None:
    """Create the demo cohort once; None when it exists already."""
    if session.scalar(sa.select(Cohort.id).where(Cohort.name == NAME)) is not None:
        return None
    qualification = session.scalar(
        sa.select(Qualification).where(Qualification.slug == QUALIFICATION)
    )
    if qualification is None:
        raise LookupError(
            Message("qualification %(qualification)r is not imported", qualification=QUALIFICATION)
        )
    today = now.date()
    cohort = Cohort(
        name=NAME,
        qualification_id=qualification.id,
        starts_on=today - dt.timedelta(days=42),
        ends_on=today + dt.timedelta(days=90),
        place="Halle (Saale)",
        capacity=20,
        at_risk_days=14,
    )
    cohort.trainers.append(CohortTrainer(user_id=trainer.id))
    cohort.members.append(CohortMember(user_id=learner.id, joined_at=now - dt.timedelta(days=40)))
    graduate = session.scalar(sa.select(User.id).where(User.email == GRADUATE_EMAIL))
    if graduate is not None:  # so the group's certificate download has one to show
        cohort.members.append(CohortMember(user_id=graduate, joined_at=now - dt.timedelta(days=40)))
    session.add(cohort)
    courses = _required_courses(session, qualification)
    absent = set()  # who has done nothing yet missed the workshop too: "not started"
    for number, (name, organisation, done, days_ago) in enumerate(PEOPLE, start=1):
        person = User(
            email=f"teilnehmer-{number:02d}@demo.qualify.example", name=name, confirmed_at=now
        )
        session.add(person)
        session.flush()
        joined = now - dt.timedelta(days=40)
        cohort.members.append(
            CohortMember(user_id=person.id, organisation=organisation or None, joined_at=joined)
        )
        _progress(session, person.id, courses, done, now - dt.timedelta(days=days_ago))
        if not any(done):
            absent.add(person.id)
    session.commit()
    _workshops(session, cohort, Actor(trainer, None, now), today, absent)
    return cohort


def _required_courses(session: Session, qualification: Qualification) -> list[Course]:
    slugs = [r["course"] for r in qualification.requirements if r.get("role") != "renewal"]
    found = {c.slug: c for c in session.scalars(sa.select(Course).where(Course.slug.in_(slugs)))}
    return [found[slug] for slug in slugs if slug in found]


def _progress(
    session: Session, user_id: int, courses: list[Course], done: tuple[int, ...], at: dt.datetime
) -> None:
    for course, lessons in zip(courses, done, strict=False):
        if lessons == 0:
            continue
        session.add(Enrolment(user_id=user_id, course_id=course.id, enrolled_at=at))
        for lesson in [lesson for lesson in course.lessons if not lesson.archived][:lessons]:
            session.add(LessonCompletion(user_id=user_id, lesson_id=lesson.id, completed_at=at))


def _workshops(
    session: Session, cohort: Cohort, actor: Actor, today: dt.date, absent: set[int]
) -> None:
    """A first workshop day three weeks ago, attended by most (some left early), and the
    next one ahead."""
    past = add_workshop(
        session,
        cohort,
        WorkshopFacts(
            "Präsenztag 1: Vielfalt im Beratungsalltag",
            today - dt.timedelta(days=21),
            dt.time(9),
            dt.time(15),
            "Halle (Saale), Demo-Bildungszentrum, Raum 2",
        ),
        actor,
    )
    members = sorted(m.user_id for m in cohort.members)
    hours = {
        user_id: None if user_id in absent else 6.0 if i % 4 else 4.5
        for i, user_id in enumerate(members)
    }
    record_attendance(session, cohort, past, hours, actor)
    add_workshop(
        session,
        cohort,
        WorkshopFacts(
            "Präsenztag 2: Fallbesprechungen",
            today + dt.timedelta(days=10),
            dt.time(9),
            dt.time(15),
            "Halle (Saale), Demo-Bildungszentrum, Raum 2",
        ),
        actor,
    )
