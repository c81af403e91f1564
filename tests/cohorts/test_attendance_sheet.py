"""The attendance sheet of a workshop: a PDF to print and sign, with the session's facts and
every participant, in the reader's language; only the cohort's trainers and admins get it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from io import BytesIO

import pytest
from flask.testing import FlaskClient
from pypdf import PdfReader
from sqlalchemy.orm import Session

from qualify.accounts.models import Role, User
from qualify.cohorts.models import Cohort, CohortMember, Workshop
from qualify.learners.attendance_sheet import AttendanceSheet, SheetRow, render_attendance_sheet
from tests.conftest import count_queries

pytestmark = pytest.mark.usefixtures("imported_content")


def add_session(
    session: Session, cohort: Cohort, trainer: User | None, ends_at: dt.time = dt.time(13)
) -> Workshop:
    workshop = Workshop(
        cohort_id=cohort.id,
        title="Präsenztag 1",
        held_on=dt.date(2027, 3, 4),
        starts_at=dt.time(9),
        ends_at=ends_at,
        place="Magdeburg, Breiter Weg 1",
        trainer_id=trainer.id if trainer else None,
    )
    session.add(workshop)
    session.commit()
    return workshop


def sheet_url(workshop: Workshop) -> str:
    return f"/trainer/cohorts/{workshop.cohort_id}/workshops/{workshop.id}/sheet.pdf"


def pages_of(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(data)).pages]


def add_people(session: Session, cohort: Cohort, prefix: str, count: int) -> None:
    """Participants without passwords (invited), quicker than hashing one for each."""
    people = [
        User(email=f"{prefix}{n}@example.org", name=f"{prefix} {n:03d}") for n in range(count)
    ]
    session.add_all(people)
    session.flush()
    cohort.members.extend(CohortMember(user_id=p.id) for p in people)
    session.commit()


def test_the_sheet_has_the_facts_and_the_participants_by_name(
    client: FlaskClient,
    session: Session,
    login_as: Callable[..., User],
    make_user: Callable[..., User],
    make_cohort: Callable[..., Cohort],
) -> None:
    trainer = login_as(Role.TRAINER, name="Anna Schmidt")
    zoe, ada = make_user(name="Zoë Weber"), make_user(name="Ada Brandt")
    invited = User(email="neu@example.org", name="")
    session.add(invited)
    session.flush()
    cohort = make_cohort(trainer, zoe, ada)
    cohort.members.append(CohortMember(user_id=invited.id))
    cohort.members[0].organisation = "Jobcenter Stendal"
    session.commit()
    workshop = add_session(session, cohort, trainer, ends_at=dt.time(13, 30))

    response = client.get(sheet_url(workshop))
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        f'inline; filename="attendance-2027-03-04-{workshop.id}.pdf"'
    )
    assert "no-store" in response.headers["Cache-Control"]
    [text] = pages_of(response.data)
    for expected in (
        "Teilnahmeliste / Anwesenheitsliste",
        cohort.name,
        "Testqualifizierung",
        "Präsenztag 1",
        "Donnerstag, 4. März 2027",
        "09:00 – 13:30 (4,5 Stunden)",
        "Magdeburg, Breiter Weg 1",
        "Trainer*in Anna Schmidt",
        "Unterschrift",
        "Jobcenter Stendal",
        "Ort, Datum",
        "Seite 1 von 1",
    ):
        assert expected in text
    # By name; the invited person without a name yet by address.
    assert text.index("Ada Brandt") < text.index("neu@example.org") < text.index("Zoë Weber")


def test_the_sheet_speaks_the_readers_language(
    client: FlaskClient,
    session: Session,
    login_as: Callable[..., User],
    make_user: Callable[..., User],
    make_cohort: Callable[..., Cohort],
) -> None:
    trainer = login_as(Role.TRAINER, locale="en")
    workshop = add_session(session, make_cohort(trainer, make_user(name="Ada Brandt")), None)
    [text] = pages_of(client.get(sheet_url(workshop)).data)
    assert "Attendance list" in text and "Thursday, March 4, 2027" in text
    # Added by an admin: the cohort's trainers lead it.
    assert f"Trainer {trainer.name}" in text and "Page 1 of 1" in text


def test_sixty_participants_fill_pages_each_with_the_header_in_constant_queries(
    client: FlaskClient,
    session: Session,
    login_as: Callable[..., User],
    make_user: Callable[..., User],
    make_cohort: Callable[..., Cohort],
) -> None:
    trainer = login_as(Role.TRAINER)
    cohort = make_cohort(trainer)
    workshop = add_session(session, cohort, trainer)
    add_people(session, cohort, "Teilnehmerin", 3)
    with count_queries() as few:
        assert client.get(sheet_url(workshop)).status_code == 200
    add_people(session, cohort, "Zusatz", 57)
    with count_queries() as many:
        response = client.get(sheet_url(workshop))
    assert len(many) == len(few)
    pages = pages_of(response.data)
    assert len(pages) > 1
    for number, text in enumerate(pages, start=1):
        assert "Unterschrift" in text and f"Seite {number} von {len(pages)}" in text
    text = "\n".join(pages)
    assert all(f"Teilnehmerin {n:03d}" in text for n in range(3))
    assert all(f"Zusatz {n:03d}" in text for n in range(57))
    assert "Ort, Datum" in pages[-1]


def test_a_trainer_of_another_group_gets_404(
    client: FlaskClient,
    session: Session,
    login_as: Callable[..., User],
    make_user: Callable[..., User],
    make_cohort: Callable[..., Cohort],
) -> None:
    trainer = make_user(Role.TRAINER)
    workshop = add_session(session, make_cohort(trainer, make_user()), trainer)
    stranger = login_as(Role.TRAINER)
    own = make_cohort(stranger)
    assert client.get(sheet_url(workshop)).status_code == 404
    crossed = f"/trainer/cohorts/{own.id}/workshops/{workshop.id}/sheet.pdf"
    assert client.get(crossed).status_code == 404


def test_the_workshop_and_group_pages_link_to_the_sheet(
    client: FlaskClient,
    session: Session,
    login_as: Callable[..., User],
    make_cohort: Callable[..., Cohort],
) -> None:
    trainer = login_as(Role.TRAINER)
    cohort = make_cohort(trainer)
    workshop = add_session(session, cohort, trainer)
    page = f"/trainer/cohorts/{cohort.id}/workshops/{workshop.id}"
    assert sheet_url(workshop) in client.get(page).get_data(as_text=True)
    assert sheet_url(workshop) in client.get(f"/trainer/cohorts/{cohort.id}/workshops").get_data(
        as_text=True
    )


def sheet(*rows: SheetRow) -> AttendanceSheet:
    return AttendanceSheet(
        language="de",
        heading="Teilnahmeliste",
        facts=(("Workshop", "Präsenztag\n1"),),
        note="",
        number_label="Nr.",
        name_label="Name",
        organisation_label="Organisation",
        signature_label="Unterschrift",
        rows=rows,
        trainer_heading="Bestätigung",
        place_date_label="Ort, Datum",
        trainer_signature_label="Unterschrift Trainer*in",
        page_label="Seite {page} von {pages}",
        running_head="Präsenztag 1 · " + "sehr lang " * 40,
        created_on=dt.date(2027, 3, 4),
    )


def test_long_and_arabic_names_print_and_the_same_sheet_gives_the_same_bytes() -> None:
    long_name = "Maximiliane Alexandra Hohenzollern-Sigmaringen von Schwarzenberg-Wittgenstein"
    document = sheet(
        SheetRow(long_name, "Verband der Migrant*innenorganisationen Sachsen-Anhalt e.V."),
        SheetRow("محمد العلي", ""),
        SheetRow("Bob\nZUSATZ", ""),
    )
    data = render_attendance_sheet(document)
    assert render_attendance_sheet(document) == data
    [text] = pages_of(data)
    assert "Maximiliane Alexandra" in text and "Schwarzenberg-Wittgenstein" in text
    assert "محمد" in text
    assert "Bob ZUSATZ" in text and "Präsenztag 1" in text
    assert "Seite 1 von 1" in text
