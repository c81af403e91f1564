"""In-person workshop hours: required by a qualification, credited by trainers, shown to
learners until complete, and printed on the certificate."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from io import BytesIO

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from pypdf import PdfReader
from sqlalchemy.orm import Session

from qualify.accounts.models import Role, User
from qualify.assessment.policy import QuizResult
from qualify.certificates import service
from qualify.certificates.models import Certificate
from qualify.certificates.qualificationfile import load_qualification
from qualify.certificates.rules import Evidence, QualificationSpec, Requirement, evaluate
from qualify.cli import main
from qualify.core.clock import utcnow
from tests.certificates.test_awarding import pass_course

DAY = dt.date(2026, 11, 20)
SPEC = QualificationSpec("q", {"de": "Q"}, {"de": "Q"}, (Requirement("kurs", None),), 16)
PASSED = {"kurs": QuizResult(90.0, True, None)}


@pytest.mark.parametrize(
    ("hours", "earned", "missing"), [(0, False, 16), (8, False, 8), (16, True, 0), (20, True, 0)]
)
def test_rules_need_the_hours_as_well_as_the_courses(
    hours: float, earned: bool, missing: float
) -> None:
    eligibility = evaluate(SPEC.rules, Evidence(frozenset({"kurs"}), PASSED, workshop_hours=hours))
    assert eligibility.earned is earned and eligibility.workshop_hours_missing == missing
    assert not evaluate(SPEC.rules, Evidence(frozenset({"kurs"}), workshop_hours=16)).earned


def test_workshops_section_is_validated_with_lines(tmp_path) -> None:  # noqa: ANN001
    path = tmp_path / "q.yaml"
    path.write_text(
        "id: q\ntitle: {de: Q}\ndescription: {de: Q}\ncourses:\n  - course: kurs\n"
        "workshops:\n  hours: 0\n  room: 5\n",
        encoding="utf-8",
    )
    spec, problems = load_qualification(path)
    messages = [f"{p.line}: {p.message}" for p in problems if p.severity == "error"]
    assert spec is None
    assert "7: 'hours' must be between 1 and 1000" in messages
    assert "8: unknown key 'room'" in messages


pytestmark_content = pytest.mark.usefixtures("imported_content")


@pytestmark_content
def test_dashboard_says_hours_are_needed_until_a_trainer_credits_them(
    client: FlaskClient, login_as: Callable[..., User], session: Session, make_user
) -> None:
    learner = login_as(Role.LEARNER)
    pass_course(client)
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert "Präsenz-Workshops: 0 von 8 Stunden besucht – noch nötig." in dashboard
    assert "Ein Präsenztag zum Üben." in dashboard
    slugs = {c.qualification.slug for c in session.scalars(sa.select(Certificate))}
    assert slugs == {"testzertifikat"}

    trainer = make_user(Role.TRAINER)
    first = service.credit_workshop(
        session,
        learner.id,
        "mit-workshop",
        hours=5,
        held_on=DAY,
        title="Tag 1",
        recorded_by_id=trainer.id,
        now=utcnow(),
    )
    assert first == []
    assert "5 von 8 Stunden" in client.get("/dashboard").get_data(as_text=True)
    second = service.credit_workshop(
        session,
        learner.id,
        "mit-workshop",
        hours=3,
        held_on=DAY,
        title="Tag 2",
        recorded_by_id=trainer.id,
        now=utcnow(),
    )
    assert [c.qualification.slug for c in second] == ["mit-workshop"]
    assert second[0].workshop_hours == 8

    pdf = client.get(f"/certificates/{second[0].id}.pdf")
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf.data)).pages)
    assert "Präsenz-Workshops: 8 Stunden" in text
    # The public verify page shows the name, qualification and dates, nothing more personal.
    verify = client.get(f"/verify/{second[0].code}").get_data(as_text=True)
    assert "Dieses Zertifikat ist gültig." in verify
    assert "8 Stunden" not in verify


@pytestmark_content
def test_credit_refuses_unknown_qualifications_and_impossible_hours(
    session: Session, make_user
) -> None:
    learner = make_user()
    with pytest.raises(service.CertificateError, match="unknown_qualification"):
        service.credit_workshop(
            session,
            learner.id,
            "gibt-es-nicht",
            hours=2,
            held_on=DAY,
            title="x",
            recorded_by_id=None,
            now=utcnow(),
        )
    with pytest.raises(service.CertificateError, match="impossible_hours"):
        service.credit_workshop(
            session,
            learner.id,
            "mit-workshop",
            hours=0,
            held_on=DAY,
            title="x",
            recorded_by_id=None,
            now=utcnow(),
        )


@pytestmark_content
def test_credit_workshop_command(runner, make_user, session: Session) -> None:  # noqa: ANN001
    learner = make_user(email="lernende@example.org")

    def credit(email: str, date: str = "2026-11-20"):  # noqa: ANN202
        args = ["certificates", "credit-workshop", "--qualification", "mit-workshop"]
        args += ["--hours", "4", "--date", date, "--title", "Praxistag", "--email", email]
        return runner.invoke(main, args)

    done = credit("lernende@example.org")
    assert done.exit_code == 0, done.output
    assert "4 hours credited to lernende@example.org for mit-workshop." in done.output
    assert list(service.workshop_hours_of(session, learner.id).values()) == [4.0]
    unknown = credit("niemand@example.org")
    assert unknown.exit_code == 1 and "no account with e-mail niemand@example.org" in unknown.output
    wrong = credit("lernende@example.org", date="20.11.2026")
    assert wrong.exit_code == 2 and "20.11.2026" in wrong.output
