"""Account deletion (DSGVO Art. 17): personal data goes, certificates stay verifiable by the
name printed on them (or are revoked, if the holder chooses), statistics stay."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from qualify.accounts.models import AccountToken, LoginSession, Role, User
from qualify.accounts.service import AccountError
from qualify.assessment.models import AttemptQuestion, ExtraAttempt, QuizAttempt
from qualify.assignments.models import AssignmentSubmission, AssignmentVersion
from qualify.audit.models import AuditEvent
from qualify.certificates.codes import format_code
from qualify.certificates.models import Certificate, WorkshopCredit
from qualify.core.clock import utcnow
from qualify.courses.models import Enrolment, LessonCompletion
from qualify.jobs.models import Job
from qualify.privacy import deletion
from tests.conftest import PASSWORD
from tests.privacy.people import learner_with_data

pytestmark = pytest.mark.usefixtures("imported_content")

EMAIL = "ada@example.org"


@pytest.fixture
def ada(session: Session, make_user: Callable[..., User]) -> User:
    ada = learner_with_data(session, make_user, "Ada Lovelace", EMAIL)
    ada.target_group = "migrant_organisation"
    session.commit()
    return ada


def certificates_of(session: Session, user_id: int) -> list[Certificate]:
    return list(session.scalars(sa.select(Certificate).where(Certificate.user_id == user_id)))


def assert_personal_data_gone(session: Session, user_id: int) -> None:
    session.expire_all()
    user = session.get_one(User, user_id)
    assert user.email == f"deleted-{user_id}@invalid"
    assert user.name == "—" and user.password_hash is None
    assert user.deleted_at is not None and not user.is_active
    assert user.target_group is None
    for model in (
        LoginSession,
        AccountToken,
        Enrolment,
        LessonCompletion,
        ExtraAttempt,
        WorkshopCredit,
    ):
        assert session.scalar(sa.select(sa.func.count()).where(model.user_id == user_id)) == 0, (
            model
        )
    # The e-mail address is nowhere: not in users, not in any job's payload.
    assert session.scalar(sa.select(User.id).where(User.email == EMAIL)) is None
    payloads = session.scalars(sa.select(Job.payload)).all()
    assert not [p for p in payloads if EMAIL in json.dumps(p)]
    # Scores stay for statistics, answers do not.
    attempts = session.scalars(sa.select(QuizAttempt).where(QuizAttempt.user_id == user_id)).all()
    assert attempts and all(a.percent is not None for a in attempts)
    responses = session.scalars(
        sa.select(AttemptQuestion.response).where(
            AttemptQuestion.attempt_id.in_([a.id for a in attempts])
        )
    ).all()
    assert responses and all(r is None for r in responses)
    # Practice assignments likewise: the marked version's points stay, its text and the
    # trainer's comment do not; the draft goes.
    versions = session.scalars(
        sa.select(AssignmentVersion)
        .join(AssignmentSubmission)
        .where(AssignmentSubmission.user_id == user_id)
    ).all()
    assert [(v.number, v.points, v.text, v.comment) for v in versions] == [(1, 5, None, None)]


def delete_page_post(client: FlaskClient, **data: str) -> str:
    response = client.post("/profile/delete", data=data)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_page_says_what_happens_before_deletion(
    client: FlaskClient, login_as: Callable[..., User], ada: User
) -> None:
    login_as(ada)
    page = client.get("/profile/delete").get_data(as_text=True)
    assert 'name="password"' in page and 'name="certificates"' in page
    assert "Testzertifikat" in page  # the certificates the choice is about
    assert "/profile/delete" in client.get("/profile").get_data(as_text=True)


def test_deleting_with_the_password_removes_personal_data_and_logs_out(
    client: FlaskClient, login_as: Callable[..., User], session: Session, ada: User
) -> None:
    login_as(ada)
    delete_page_post(client, password=PASSWORD, certificates="keep")
    assert_personal_data_gone(session, ada.id)
    assert client.get("/dashboard").status_code == 302  # logged out
    # Kept certificates stay valid and show the name printed on them.
    certificates = certificates_of(session, ada.id)
    assert certificates and all(c.is_valid for c in certificates)
    for certificate in certificates:
        page = client.get(f"/verify/{certificate.code}")
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        assert "Ada Lovelace" in text and format_code(certificate.code) in text
        assert EMAIL not in text


def test_the_address_can_register_again(
    client: FlaskClient, login_as: Callable[..., User], session: Session, ada: User
) -> None:
    login_as(ada)
    delete_page_post(client, password=PASSWORD, certificates="keep")
    form = {
        "name": "Ada Neu",
        "email": EMAIL,
        "password": PASSWORD,
        "password_repeat": PASSWORD,
        "locale": "de",
    }
    assert client.post("/register", data=form).status_code == 302
    assert session.scalar(sa.select(User.name).where(User.email == EMAIL)) == "Ada Neu"


def test_revoking_instead_of_keeping(
    client: FlaskClient, login_as: Callable[..., User], session: Session, ada: User
) -> None:
    login_as(ada)
    delete_page_post(client, password=PASSWORD, certificates="revoke")
    session.expire_all()
    certificates = certificates_of(session, ada.id)
    assert certificates and all(not c.is_valid for c in certificates)
    assert {c.revoked_reason for c in certificates} == {"Deleted at the holder's request"}
    text = client.get(f"/verify/{certificates[0].code}").get_data(as_text=True)
    assert "Ada Lovelace" in text and "Deleted at the holder" in text


@pytest.mark.parametrize("password", ["wrong password", ""])
def test_a_wrong_password_deletes_nothing(
    client: FlaskClient, login_as: Callable[..., User], session: Session, ada: User, password: str
) -> None:
    login_as(ada)
    page = delete_page_post(client, password=password, certificates="revoke")
    assert 'class="error"' in page
    assert (
        '<input checked id="certificates-1" name="certificates" type="radio" value="revoke">'
        in page
    )
    session.expire_all()
    assert session.get_one(User, ada.id).email == EMAIL
    assert all(c.is_valid for c in certificates_of(session, ada.id))
    assert client.get("/dashboard").status_code == 200  # still signed in


def test_an_admin_deletes_an_account_on_request(
    session: Session, make_user: Callable[..., User], ada: User
) -> None:
    admin = make_user(Role.ADMIN)
    deletion.delete_account(
        session, user_id=ada.id, actor_id=admin.id, keep_certificates=False, now=utcnow()
    )
    assert_personal_data_gone(session, ada.id)
    assert all(not c.is_valid for c in certificates_of(session, ada.id))
    event = session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "account_deleted")
    ).one()
    assert (event.action, event.actor_id, event.subject_user_id) == (
        "account_deleted",
        admin.id,
        ada.id,
    )
    assert EMAIL not in json.dumps(event.details)
    with pytest.raises(AccountError, match="already_deleted"):
        deletion.delete_account(
            session, user_id=ada.id, actor_id=admin.id, keep_certificates=True, now=utcnow()
        )


def test_only_an_admin_deletes_someone_else(
    session: Session, make_user: Callable[..., User], ada: User
) -> None:
    for role in (Role.LEARNER, Role.TRAINER):
        other = make_user(role)
        with pytest.raises(AccountError, match="not_allowed"):
            deletion.delete_account(
                session, user_id=ada.id, actor_id=other.id, keep_certificates=True, now=utcnow()
            )
    admin = make_user(Role.ADMIN)
    with pytest.raises(AccountError, match="unknown_user"):
        deletion.delete_account(
            session, user_id=999_999, actor_id=admin.id, keep_certificates=True, now=utcnow()
        )
    assert session.get_one(User, ada.id).email == EMAIL


def test_the_last_admin_cannot_delete_their_account(
    client: FlaskClient, login_as: Callable[..., User], session: Session, make_user: Callable
) -> None:
    admin = make_user(Role.ADMIN)
    with pytest.raises(AccountError, match="last_admin"):
        deletion.delete_account(
            session, user_id=admin.id, actor_id=admin.id, keep_certificates=True, now=utcnow()
        )
    login_as(admin)
    page = delete_page_post(client, password=PASSWORD)
    assert "admin" in page.lower() and 'class="error"' in page
    session.expire_all()
    assert session.get_one(User, admin.id).deleted_at is None
    # With a second admin, either may go.
    second = make_user(Role.ADMIN)
    deletion.delete_own_account(
        session, user_id=admin.id, password=PASSWORD, keep_certificates=True, now=utcnow()
    )
    with pytest.raises(AccountError, match="last_admin"):
        deletion.delete_own_account(
            session, user_id=second.id, password=PASSWORD, keep_certificates=True, now=utcnow()
        )


def test_unfinished_attempts_go_and_graded_scores_stay(
    session: Session, make_user: Callable[..., User], ada: User
) -> None:
    from qualify.assessment import service as assessment
    from qualify.courses import service as courses

    course = courses.find_course(session, "testkurs")
    quiz = assessment.quiz_for_course(session, course.id)
    open_attempt = assessment.start_attempt(session, ada.id, quiz, utcnow())
    deletion.delete_own_account(
        session, user_id=ada.id, password=PASSWORD, keep_certificates=True, now=utcnow()
    )
    assert session.get(QuizAttempt, open_attempt.id) is None
    assert_personal_data_gone(session, ada.id)
