"""Who may open what: the table of every endpoint, the personas and the objects they ask for.

Shared by tests/test_permissions.py (every persona on every row) and
tests/web/test_page_structure.py (every page's HTML structure). The table is keyed by the
app's own URL map: an endpoint (or method) added without a row for every persona fails
`test_every_endpoint_has_a_row`, so no page can be forgotten. Objects in URLs belong to
OWNER, a learner enrolled in the test course with an open quiz attempt and a certificate;
OTHER is a second learner who must not reach them. The `world` fixture (tests/conftest.py)
makes them with `build_world`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from qualify.accounts.models import Role, User
from qualify.assessment import service as quizzes
from qualify.authoring.models import CourseAuthor
from qualify.certificates.codes import new_code
from qualify.certificates.models import Certificate, Qualification
from qualify.cohorts.models import Cohort, CohortMember, Workshop
from qualify.core.clock import utcnow
from qualify.courses import service as courses

ANON, OWNER, OTHER, TRAINER, ADMIN = "anonymous", "owner", "other learner", "trainer", "admin"
# TRAINER trains the owner's cohort; OTHER_TRAINER trains another cohort (without the owner).
OTHER_TRAINER = "trainer of another cohort"
PERSONAS = (ANON, OWNER, OTHER, TRAINER, ADMIN, OTHER_TRAINER)
ROLE = {OWNER: Role.LEARNER, OTHER: Role.LEARNER, ADMIN: Role.ADMIN}
# Distinctive Latin names with punctuation, for people and groups alike: on an Arabic page a
# name outside <bdi> is laid out as Arabic text and its "(A)" turns round, which
# tests/web/test_page_structure.py finds by looking for these names in the page's text.
NAMES = {
    OWNER: "Owner Name (A)",
    OTHER: "Other Learner (B)",
    TRAINER: "Trainer Name (C)",
    ADMIN: "Admin Name (D)",
    OTHER_TRAINER: "Other Trainer (E)",
}
COHORT_NAME, OTHER_COHORT_NAME = "Cohort Name (F)", "Other Cohort (G)"
MEMBER_NAME = "Member Name (H)"  # the learner in the other trainer's cohort
# What trainers type about a group and its workshops, shown on pages as people's names are.
WORKSHOP_TITLE, WORKSHOP_PLACE = "Workshop Title (I)", "Workshop Place (J)"
ORGANISATION = "Verein e. V. (K)"
TYPED_TEXTS = [WORKSHOP_TITLE, WORKSHOP_PLACE, ORGANISATION]

ALL_200 = (200, 200, 200, 200, 200)
SIGNED_IN_200 = (302, 200, 200, 200, 200)
OWNER_ONLY = (302, 200, 404, 404, 404)  # someone else's object: 404, never a hint it exists
TRAINERS = (302, 403, 403, 200, 200)
ADMINS = (302, 403, 403, 403, 200)
GUESTS = (200, 302, 302, 302, 302)  # login and registration: signed-in people go on
# Course authoring: TRAINER is an author of the test course (granted in `world`), the trainer
# of another cohort is not; a course one may not author answers 404, as if it did not exist;
# learners may author nothing (403).
AUTHORS = (302, 403, 403, 200, 200)
AUTHORS_302 = (302, 403, 403, 302, 302)

# (method, endpoint) -> (URL, expected status for anonymous, owner, other, trainer, admin);
# the trainer of another cohort expects what the trainer does, except as OTHER_COHORT says.
TABLE: dict[tuple[str, str], tuple[str, tuple[int, ...]]] = {
    ("GET", "static"): ("/static/qualify.css", ALL_200),
    ("GET", "courses.catalogue"): ("/", ALL_200),
    ("GET", "courses.course"): ("/courses/testkurs", ALL_200),
    ("POST", "courses.enrol"): ("/courses/testkurs/enrol", (302, 302, 302, 302, 302)),
    # Not enrolled: back to the course page with a hint to enrol.
    ("GET", "courses.lesson"): (
        "/courses/testkurs/lessons/erste-lektion",
        (302, 200, 302, 302, 302),
    ),
    ("POST", "courses.complete"): (
        "/courses/testkurs/lessons/erste-lektion/done",
        (302, 302, 403, 403, 403),
    ),
    ("GET", "accounts.register"): ("/register", GUESTS),
    ("POST", "accounts.register"): ("/register", GUESTS),
    ("GET", "accounts.login"): ("/login", GUESTS),
    ("POST", "accounts.login"): ("/login", GUESTS),
    ("POST", "accounts.logout"): ("/logout", (302, 302, 302, 302, 302)),
    ("GET", "accounts.profile"): ("/profile", SIGNED_IN_200),
    # An empty form keeps the stored name and language (WTForms falls back to the object).
    ("POST", "accounts.profile"): ("/profile", (302, 302, 302, 302, 302)),
    ("POST", "accounts.logout_everywhere"): (
        "/profile/logout-everywhere",
        (302, 302, 302, 302, 302),
    ),
    ("GET", "accounts.forgot_password"): ("/password/forgot", ALL_200),
    ("POST", "accounts.forgot_password"): ("/password/forgot", ALL_200),  # empty: form again
    ("GET", "accounts.reset_password"): ("/password/reset/unknown-token", (410,) * 5),
    ("POST", "accounts.reset_password"): ("/password/reset/unknown-token", (410,) * 5),
    ("GET", "accounts.confirm_email"): ("/confirm/unknown-token", (410,) * 5),
    ("POST", "accounts.confirm_email"): ("/confirm/unknown-token", (410,) * 5),
    ("POST", "accounts.resend_confirmation"): (
        "/profile/confirmation",
        (302, 302, 302, 302, 302),
    ),
    ("GET", "accounts.accept_invitation"): ("/invitation/unknown-token", (410,) * 5),
    ("POST", "accounts.accept_invitation"): ("/invitation/unknown-token", (410,) * 5),
    ("POST", "accounts.set_language"): ("/language", (302, 302, 302, 302, 302)),
    ("GET", "assessment.overview"): ("/courses/testkurs/quiz", SIGNED_IN_200),
    ("POST", "assessment.start"): ("/courses/testkurs/quiz/start", (302, 302, 403, 403, 403)),
    ("GET", "assessment.attempt"): ("/attempts/{attempt}", OWNER_ONLY),
    ("POST", "assessment.attempt"): ("/attempts/{attempt}", (302, 302, 404, 404, 404)),
    ("GET", "assessment_trainer.attempts"): ("/trainer/quizzes/testkurs/attempts", TRAINERS),
    ("GET", "assessment_trainer.attempt"): ("/trainer/quizzes/attempts/{attempt}", TRAINERS),
    ("POST", "assessment_trainer.attempt"): ("/trainer/quizzes/attempts/{attempt}", TRAINERS),
    ("POST", "assessment_trainer.grant_extra_attempt"): (
        "/trainer/quizzes/testkurs/learners/{owner}/extra-attempt",
        (302, 403, 403, 302, 302),
    ),
    ("GET", "authoring_quiz.questions"): ("/trainer/authoring/testkurs/quiz/", AUTHORS),
    ("GET", "authoring_quiz.settings"): ("/trainer/authoring/testkurs/quiz/settings", AUTHORS),
    # Without the hash of the settings shown, a save is a clash: the form again with both.
    ("POST", "authoring_quiz.settings"): ("/trainer/authoring/testkurs/quiz/settings", AUTHORS),
    ("GET", "authoring_quiz.new_question"): (
        "/trainer/authoring/testkurs/quiz/new/single_choice",
        AUTHORS,
    ),
    # Empty: refused with the quiz check's errors, the form again.
    ("POST", "authoring_quiz.new_question"): (
        "/trainer/authoring/testkurs/quiz/new/single_choice",
        AUTHORS,
    ),
    ("GET", "authoring_quiz.edit_question"): (
        "/trainer/authoring/testkurs/quiz/questions/farbe",
        AUTHORS,
    ),
    ("POST", "authoring_quiz.edit_question"): (
        "/trainer/authoring/testkurs/quiz/questions/farbe",
        AUTHORS,
    ),
    ("POST", "authoring_quiz.move_question"): (
        "/trainer/authoring/testkurs/quiz/questions/farbe/move",
        AUTHORS_302,
    ),
    ("POST", "authoring_quiz.delete_question"): (
        "/trainer/authoring/testkurs/quiz/questions/farbe/delete",
        AUTHORS_302,
    ),
    ("GET", "authoring_quiz.history"): (
        "/trainer/authoring/testkurs/quiz/questions/farbe/history",
        AUTHORS,
    ),
    ("POST", "authoring_quiz.restore"): (
        "/trainer/authoring/testkurs/quiz/questions/farbe/restore/1",
        AUTHORS_302,
    ),
    ("POST", "authoring_quiz.upload_gift"): ("/trainer/authoring/testkurs/quiz/gift", AUTHORS),
    ("POST", "authoring_quiz.confirm_gift"): (
        "/trainer/authoring/testkurs/quiz/gift/confirm",
        AUTHORS_302,
    ),
    ("GET", "certificates.download"): ("/certificates/{certificate}.pdf", OWNER_ONLY),
    ("GET", "certificates.verify_form"): ("/verify", ALL_200),
    ("GET", "certificates.verify"): ("/verify/{code}", ALL_200),
    ("GET", "certificates.signing_certificate"): ("/verify/signing-certificate.pem", ALL_200),
    # No file: the form again with its error, for anyone.
    ("POST", "certificates.verify_pdf"): ("/verify/pdf", (400, 400, 400, 400, 400)),
    ("GET", "badges.download"): ("/certificates/{certificate}/badge.jwt", OWNER_ONLY),
    ("GET", "badges.issuer"): ("/badges/issuer", ALL_200),
    ("GET", "badges.jwks"): ("/.well-known/jwks.json", ALL_200),
    ("GET", "badges.key"): ("/badges/keys/not-our-key", (404,) * 5),
    ("GET", "badges.achievement"): ("/badges/achievements/testzertifikat", ALL_200),
    ("GET", "badges.status_list"): ("/badges/status/1", ALL_200),
    ("GET", "dashboard.index"): ("/dashboard", SIGNED_IN_200),
    # Qualifications are public, like the catalogue; archived ones are not found.
    ("GET", "qualifications.index"): ("/qualifications/", ALL_200),
    ("GET", "qualifications.page"): ("/qualifications/testzertifikat", ALL_200),
    # Everyone signed in sets the name on their own certificates; an empty form keeps the
    # name shown (WTForms falls back to the data), as the profile does.
    ("GET", "certificate_name.edit"): ("/certificates/name", SIGNED_IN_200),
    ("POST", "certificate_name.edit"): ("/certificates/name", (302, 302, 302, 302, 302)),
    # The owner's certificate shows the owner's name already: nothing to issue again.
    ("POST", "certificate_name.reissue"): (
        "/certificates/name/reissue/{certificate}",
        (302, 404, 404, 404, 404),
    ),
    ("GET", "learners.by_course"): ("/trainer/learners/", TRAINERS),
    ("GET", "learners.in_course"): ("/trainer/learners/testkurs", TRAINERS),
    ("GET", "privacy.data"): ("/profile/data", SIGNED_IN_200),
    ("GET", "privacy.data_json"): ("/profile/data.json", SIGNED_IN_200),
    ("GET", "privacy.data_html"): ("/profile/data.html", SIGNED_IN_200),
    ("GET", "privacy.delete"): ("/profile/delete", SIGNED_IN_200),
    # Each signed-in person deletes only themself; an empty form comes back with an error.
    ("POST", "privacy.delete"): ("/profile/delete", SIGNED_IN_200),
    ("GET", "admin.users"): ("/admin/users", ADMINS),
    ("POST", "admin.change_role"): ("/admin/users/{owner}/role", (302, 403, 403, 403, 302)),
    ("GET", "legal.imprint"): ("/imprint", ALL_200),
    ("GET", "legal.privacy"): ("/privacy", ALL_200),
    ("GET", "legal.accessibility"): ("/accessibility", ALL_200),
    ("GET", "legal.report"): ("/accessibility/report", ALL_200),
    ("POST", "legal.report"): ("/accessibility/report", ALL_200),  # empty: form again
    ("GET", "admin.user"): ("/admin/users/{owner}", ADMINS),
    ("POST", "admin.deactivate"): ("/admin/users/{owner}/deactivate", (302, 403, 403, 403, 302)),
    ("POST", "admin.reactivate"): ("/admin/users/{owner}/reactivate", (302, 403, 403, 403, 302)),
    ("POST", "admin.send_password_reset"): (
        "/admin/users/{owner}/password-reset",
        (302, 403, 403, 403, 302),
    ),
    ("GET", "admin.audit"): ("/admin/audit", ADMINS),
    ("GET", "admin.invite"): ("/admin/users/invite", ADMINS),
    ("POST", "admin.invite"): ("/admin/users/invite", ADMINS),  # empty: the form again
    # The owner has a password, so "send the invitation again" is refused with a message.
    ("POST", "admin.resend_invitation"): (
        "/admin/users/{owner}/invitation",
        (302, 403, 403, 403, 302),
    ),
    # Without the confirmation box nothing is deleted: back to the user's page.
    ("POST", "admin.delete_account"): ("/admin/users/{owner}/delete", (302, 403, 403, 403, 302)),
    # Without a reason nothing is revoked: the page again, saying the reason is needed.
    ("POST", "admin.revoke_certificate"): (
        "/admin/users/{owner}/certificates/{certificate}/revoke",
        (302, 403, 403, 403, 400),
    ),
    ("GET", "cohorts.index"): ("/trainer/cohorts/", TRAINERS),
    ("GET", "cohorts.create"): ("/trainer/cohorts/new", TRAINERS),
    ("POST", "cohorts.create"): ("/trainer/cohorts/new", TRAINERS),  # empty: the form again
    ("GET", "cohorts.cohort"): ("/trainer/cohorts/{cohort}", TRAINERS),
    ("GET", "cohorts.edit"): ("/trainer/cohorts/{cohort}/edit", TRAINERS),
    ("POST", "cohorts.edit"): ("/trainer/cohorts/{cohort}/edit", TRAINERS),
    ("POST", "cohorts.set_trainers"): (
        "/trainer/cohorts/{cohort}/trainers",
        (302, 403, 403, 403, 302),
    ),
    ("POST", "cohorts.add_member"): ("/trainer/cohorts/{cohort}/participants", TRAINERS),
    ("POST", "cohorts.new_join_link"): (
        "/trainer/cohorts/{cohort}/join-link",
        (302, 403, 403, 302, 302),
    ),
    ("GET", "join.join"): ("/join/unknown-token", (410,) * 5),
    ("POST", "join.join"): ("/join/unknown-token", (410,) * 5),
    ("POST", "roster.upload"): ("/trainer/cohorts/{cohort}/roster", TRAINERS),  # no file: form
    # Without signed rows nothing is imported: back to the cohort with a message.
    ("POST", "roster.confirm"): (
        "/trainer/cohorts/{cohort}/roster/confirm",
        (302, 403, 403, 302, 302),
    ),
    ("POST", "cohorts.remove_member"): (
        "/trainer/cohorts/{cohort}/participants/{owner}/remove",
        (302, 403, 403, 302, 302),
    ),
    # Empty: no choice made, back to the group with a message.
    ("POST", "cohorts.set_extra_time"): (
        "/trainer/cohorts/{cohort}/participants/{owner}/extra-time",
        (302, 403, 403, 302, 302),
    ),
    ("GET", "workshops.index"): ("/trainer/cohorts/{cohort}/workshops", TRAINERS),
    ("POST", "workshops.add"): ("/trainer/cohorts/{cohort}/workshops", TRAINERS),  # empty: again
    ("GET", "workshops.workshop"): ("/trainer/cohorts/{cohort}/workshops/{workshop}", TRAINERS),
    ("POST", "workshops.workshop"): (
        "/trainer/cohorts/{cohort}/workshops/{workshop}",
        (302, 403, 403, 302, 302),  # CSRF off in tests: everyone absent, saved
    ),
    ("GET", "progress.progress"): ("/trainer/cohorts/{cohort}/progress", TRAINERS),
    ("GET", "progress.progress_download"): ("/trainer/cohorts/{cohort}/progress.xlsx", TRAINERS),
    ("GET", "progress.attendance_download"): ("/trainer/cohorts/{cohort}/attendance.csv", TRAINERS),
    ("GET", "awards.preview"): ("/trainer/cohorts/{cohort}/award", TRAINERS),
    # The cohort's qualification is archived: nothing issued, back with a message.
    ("POST", "awards.award"): ("/trainer/cohorts/{cohort}/award", (302, 403, 403, 302, 302)),
    # The test qualification has no practice assignment (the pages with one, and another
    # learner's or another cohort's work: tests/assignments/test_assignments.py).
    ("GET", "assignments.learner"): (
        "/qualifications/testzertifikat/assignment",
        (302, 404, 404, 404, 404),
    ),
    ("POST", "assignments.learner"): (
        "/qualifications/testzertifikat/assignment",
        (302, 404, 404, 404, 404),
    ),
    ("GET", "assignment_marking.overview"): ("/trainer/cohorts/{cohort}/assignments", TRAINERS),
    ("GET", "assignment_marking.mark"): (
        "/trainer/cohorts/{cohort}/assignments/1",
        (302, 403, 403, 404, 404),
    ),
    ("POST", "assignment_marking.mark"): (
        "/trainer/cohorts/{cohort}/assignments/1",
        (302, 403, 403, 404, 404),
    ),
    ("GET", "cohort_certificates.download"): (
        "/trainer/cohorts/{cohort}/certificates.zip",
        TRAINERS,
    ),
    ("GET", "workshops.sheet"): (
        "/trainer/cohorts/{cohort}/workshops/{workshop}/sheet.pdf",
        TRAINERS,
    ),
    # Everyone with the page sees numbers of their own groups only (tests/reports/).
    ("GET", "reports.report"): ("/trainer/report/", TRAINERS),
    ("GET", "reports.download_report"): ("/trainer/report/report.xlsx", TRAINERS),
    # TRAINER may author the test course; the trainer of another cohort may not (404).
    ("GET", "authoring.index"): ("/trainer/authoring/", TRAINERS),
    ("GET", "authoring.course"): ("/trainer/authoring/testkurs/", TRAINERS),
    ("POST", "authoring.publish"): ("/trainer/authoring/testkurs/publish", TRAINERS),  # no note
    ("POST", "authoring.discard"): (
        "/trainer/authoring/testkurs/discard",
        (302, 403, 403, 302, 302),
    ),
    ("GET", "authoring.lesson"): ("/trainer/authoring/testkurs/lessons/erste-lektion/de", TRAINERS),
    ("POST", "authoring.lesson"): (  # empty: the form again, with messages
        "/trainer/authoring/testkurs/lessons/erste-lektion/de",
        TRAINERS,
    ),
    ("POST", "authoring.preview"): ("/trainer/authoring/testkurs/preview", TRAINERS),
    ("GET", "authoring.history"): (
        "/trainer/authoring/testkurs/lessons/erste-lektion/de/history",
        TRAINERS,
    ),
    ("POST", "authoring.restore"): (  # no version 1 yet: nothing to restore
        "/trainer/authoring/testkurs/lessons/erste-lektion/de/restore/1",
        (302, 403, 403, 404, 404),
    ),
    # Lesson images are public like the catalogue (tests/courses/test_image_import.py).
    ("GET", "courses.image"): ("/courses/testkurs/images/unknown-0123456789.png", (404,) * 5),
    # The course's authors (TRAINER) and admins.
    ("GET", "authoring_images.index"): ("/trainer/authoring/testkurs/images", AUTHORS),
    ("POST", "authoring_images.upload"): ("/trainer/authoring/testkurs/images", AUTHORS),
    ("POST", "authoring_images.delete"): (
        "/trainer/authoring/testkurs/images/unknown-0123456789.png/delete",
        (302, 403, 403, 404, 404),
    ),
    # Creating a course: every trainer; a course's own pages: its authors (TRAINER) and admins.
    ("GET", "authoring_courses.create"): ("/trainer/authoring/new", TRAINERS),
    ("POST", "authoring_courses.create"): ("/trainer/authoring/new", TRAINERS),  # empty: again
    ("GET", "authoring_courses.settings"): ("/trainer/authoring/testkurs/settings", AUTHORS),
    ("POST", "authoring_courses.settings"): ("/trainer/authoring/testkurs/settings", AUTHORS),
    ("GET", "authoring_courses.glossary"): ("/trainer/authoring/testkurs/glossary", AUTHORS),
    ("POST", "authoring_courses.glossary"): ("/trainer/authoring/testkurs/glossary", AUTHORS),
    ("GET", "authoring_courses.archive"): ("/trainer/authoring/testkurs/archive", AUTHORS),
    # Empty: not confirmed, the question again.
    ("POST", "authoring_courses.archive"): ("/trainer/authoring/testkurs/archive", AUTHORS),
    ("GET", "authoring_courses.authors"): ("/trainer/authoring/testkurs/authors", ADMINS),
    ("POST", "authoring_courses.authors"): ("/trainer/authoring/testkurs/authors", ADMINS),
    # The owner is no author of testkurs: nothing to withdraw.
    ("POST", "authoring_courses.withdraw"): (
        "/trainer/authoring/testkurs/authors/{owner}/withdraw",
        (302, 403, 403, 403, 404),
    ),
}

# Where the trainer of another cohort is refused what the owner's trainer may do: the
# owner's attempts and extra attempts, and the owner's cohort, look as if they did not exist.
OTHER_COHORT = {
    ("GET", "assignment_marking.overview"): 404,
    ("GET", "assessment_trainer.attempt"): 404,
    ("POST", "assessment_trainer.attempt"): 404,
    ("POST", "assessment_trainer.grant_extra_attempt"): 404,
    ("GET", "cohorts.cohort"): 404,
    ("GET", "cohorts.edit"): 404,
    ("POST", "cohorts.edit"): 404,
    ("POST", "cohorts.add_member"): 404,
    ("POST", "cohorts.remove_member"): 404,
    ("POST", "cohorts.set_extra_time"): 404,
    ("POST", "roster.upload"): 404,
    ("POST", "roster.confirm"): 404,
    ("POST", "cohorts.new_join_link"): 404,
    ("GET", "workshops.index"): 404,
    ("POST", "workshops.add"): 404,
    ("GET", "workshops.workshop"): 404,
    ("POST", "workshops.workshop"): 404,
    ("GET", "progress.progress"): 404,
    ("GET", "progress.progress_download"): 404,
    ("GET", "progress.attendance_download"): 404,
    ("GET", "awards.preview"): 404,
    ("POST", "awards.award"): 404,
    ("GET", "cohort_certificates.download"): 404,
    ("GET", "workshops.sheet"): 404,
    ("GET", "authoring.course"): 404,
    ("POST", "authoring.publish"): 404,
    ("POST", "authoring.discard"): 404,
    ("GET", "authoring.lesson"): 404,
    ("POST", "authoring.lesson"): 404,
    ("POST", "authoring.preview"): 404,
    ("GET", "authoring.history"): 404,
    ("POST", "authoring.restore"): 404,
    **{key: 404 for key in TABLE if key[1].startswith(("authoring_quiz.", "authoring_images."))},
    **{
        key: 404
        for key in TABLE
        if key[1].removeprefix("authoring_courses.") in {"settings", "glossary", "archive"}
    },
}
TABLE = {
    key: (url, (*statuses, OTHER_COHORT.get(key, statuses[3])))
    for key, (url, statuses) in TABLE.items()
}


@dataclass(frozen=True)
class World:
    owner: User
    attempt_id: int
    certificate_id: int
    code: str
    trainer: User
    other_trainer: User
    cohort_id: int
    workshop_id: int
    other_workshop_id: int  # a session of the other trainer's cohort

    def url(self, template: str) -> str:
        return template.format(
            owner=self.owner.id,
            attempt=self.attempt_id,
            certificate=self.certificate_id,
            code=self.code,
            cohort=self.cohort_id,
            workshop=self.workshop_id,
            other_workshop=self.other_workshop_id,
        )


def build_world(
    session: Session,
    make_user: Callable[..., User],
    make_cohort: Callable[..., Cohort],
) -> World:
    """Make the objects the table's URLs name (the test content must be imported)."""
    owner = make_user(Role.LEARNER, name=NAMES[OWNER])
    trainer = make_user(Role.TRAINER, name=NAMES[TRAINER])
    other_trainer = make_user(Role.TRAINER, name=NAMES[OTHER_TRAINER])
    cohort = make_cohort(trainer, owner)
    other_cohort = make_cohort(other_trainer, make_user(Role.LEARNER, name=MEMBER_NAME))
    cohort.name, other_cohort.name = COHORT_NAME, OTHER_COHORT_NAME
    session.query(CohortMember).filter_by(cohort_id=cohort.id).update(
        {"organisation": ORGANISATION}
    )
    workshop, other_workshop = (
        Workshop(
            cohort_id=c.id,
            title=WORKSHOP_TITLE,
            held_on=utcnow().date(),
            starts_at=dt.time(9),
            ends_at=dt.time(12),
            place=WORKSHOP_PLACE,
        )
        for c in (cohort, other_cohort)
    )
    session.add_all([workshop, other_workshop])
    course = courses.find_course(session, "testkurs")
    assert course is not None
    session.add(CourseAuthor(course_id=course.id, user_id=trainer.id))
    courses.enrol(session, owner.id, course.id, utcnow())
    quiz = quizzes.quiz_for_course(session, course.id)
    assert quiz is not None
    attempt = quizzes.start_attempt(session, owner.id, quiz, utcnow())
    qualification = session.query(Qualification).filter_by(slug="testzertifikat").one()
    certificate = Certificate(
        code=new_code(),
        user_id=owner.id,
        qualification_id=qualification.id,
        issued_at=utcnow(),
        holder_name=owner.name,
        title=qualification.title,
        courses=[],
    )
    session.add(certificate)
    session.commit()
    return World(
        owner,
        attempt.id,
        certificate.id,
        certificate.code,
        trainer,
        other_trainer,
        cohort.id,
        workshop.id,
        other_workshop.id,
    )


def sign_in(persona: str, world: World, login_as: Callable[..., User]) -> None:
    people = {OWNER: world.owner, TRAINER: world.trainer, OTHER_TRAINER: world.other_trainer}
    if persona in people:
        login_as(people[persona])
    elif persona != ANON:
        login_as(ROLE[persona], name=NAMES[persona])
