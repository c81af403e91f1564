"""A cohort's progress page: the matrix, its filter, the chart's numbers and the downloads,
which must say exactly what the page says."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from qualify.accounts.models import Role, User
from qualify.certificates.models import Qualification, WorkshopCredit
from qualify.cohorts.models import Attendance, Cohort, CohortMember, Workshop
from qualify.core.clock import utcnow
from tests.certificates.test_awarding import pass_course
from tests.conftest import count_queries

pytestmark = pytest.mark.usefixtures("imported_content")


class MatrixCells(HTMLParser):
    """The text of each body row of the page's matrix table, cell by cell."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.in_matrix = self.in_body = False
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "table" and ("class", "matrix") in attrs:
            self.in_matrix = True
        elif self.in_matrix and tag == "tbody":
            self.in_body = True
        elif self.in_body and tag == "tr":
            self.rows.append([])
        elif self.in_body and tag in ("th", "td"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "table":
            self.in_matrix = self.in_body = False

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def matrix_of(page: str) -> list[list[str]]:
    parser = MatrixCells()
    parser.feed(page)
    return parser.rows


@pytest.fixture
def group(
    client: FlaskClient, session: Session, login_as: Callable[..., User], make_user, make_cohort
) -> tuple[Cohort, dict[str, User]]:
    """A cohort for "Mit Workshop" (the test course and 8 workshop hours): Ada passed the
    course, Ben enrolled, Cem did nothing yet. The trainer is signed in at the end."""
    ada = login_as(Role.LEARNER, name="Ada Lovelace", email="ada@example.org")
    pass_course(client)
    ben = login_as(Role.LEARNER, name="Ben Okafor", email="ben@example.org")
    client.post("/courses/testkurs/enrol")
    cem = make_user(Role.LEARNER, name="=Cem Yılmaz", email="cem@example.org")
    qualification = session.scalar(
        sa.select(Qualification).where(Qualification.slug == "mit-workshop")
    )
    trainer = login_as(Role.TRAINER, name="Tia Trainerin")
    cohort = make_cohort(trainer, ada, ben, cem, qualification_id=qualification.id)
    cohort.starts_on = utcnow().date() - dt.timedelta(days=40)
    cohort.ends_on = utcnow().date() + dt.timedelta(days=40)
    session.commit()
    return cohort, {"ada": ada, "ben": ben, "cem": cem, "trainer": trainer}


def test_the_matrix_shows_each_participants_course_hours_and_qualification(
    client: FlaskClient, group: tuple[Cohort, dict[str, User]]
) -> None:
    cohort, _people = group
    page = client.get(f"/trainer/cohorts/{cohort.id}/progress").get_data(as_text=True)
    rows = {row[0].split()[0]: row[1:] for row in matrix_of(page)}
    # qualification, last activity, at risk, the test course, hours done and required
    assert [rows[name][0:1] + rows[name][2:] for name in ("Ada", "Ben", "=Cem")] == [
        ["läuft", "", "bestanden, 100 %", "0", "8"],
        ["läuft", "", "begonnen, 0 %", "0", "8"],
        ["nicht begonnen", "", "nicht begonnen", "0", "8"],
    ]
    assert rows["=Cem"][1] == "nie"
    # Cem joined today: not yet quiet for the group's 14 days.


def test_filter_by_status_and_at_risk(
    client: FlaskClient, session: Session, group: tuple[Cohort, dict[str, User]]
) -> None:
    cohort, people = group
    member = session.scalar(sa.select(CohortMember).where(CohortMember.user_id == people["cem"].id))
    member.joined_at = member.joined_at - dt.timedelta(days=20)
    session.commit()
    url = f"/trainer/cohorts/{cohort.id}/progress"

    def names(query: str) -> list[str]:
        page = client.get(url + query).get_data(as_text=True)
        return [row[0].split()[0] for row in matrix_of(page)]

    assert names("?status=at_risk") == ["=Cem"]
    assert names("?status=not_started") == ["=Cem"]
    assert names("?status=in_progress") == ["Ada", "Ben"]
    assert names("?status=nonsense&sort=nonsense") == ["=Cem", "Ada", "Ben"]  # "=" < "A"
    assert names("?sort=quiet_first")[0] == "=Cem"


def test_the_downloads_say_what_the_page_says(
    client: FlaskClient, group: tuple[Cohort, dict[str, User]]
) -> None:
    cohort, _people = group
    url = f"/trainer/cohorts/{cohort.id}/progress"
    page_rows = matrix_of(client.get(url + "?sort=quiet_first").get_data(as_text=True))
    response = client.get(url + ".csv?sort=quiet_first")
    assert response.headers["Content-Disposition"].endswith('.csv"')
    assert response.headers["Cache-Control"] == "no-store"
    header, *csv_rows = list(
        csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";")
    )
    assert header == [
        "Name", "E-Mail-Adresse", "Organisation", "Qualifizierung", "Letzte Aktivität",
        "Gefährdet", "Testkurs", "Workshop-Stunden erledigt", "Workshop-Stunden verlangt",
    ]  # fmt: skip
    assert len(csv_rows) == len(page_rows) == 3
    for page_row, file_row in zip(page_rows, csv_rows, strict=True):
        assert page_row[0] == file_row[0].removeprefix("'")  # a leading = stays text in files
        words = [" ".join(cell.split()) for cell in file_row]
        assert [page_row[1], page_row[3], page_row[4]] == [words[3], words[5], words[6]]
        hours = [float(h.replace(",", ".")) for h in page_row[5:7]]
        assert hours == [float(file_row[7]), float(file_row[8])]
    workbook = load_workbook(io.BytesIO(client.get(url + ".xlsx?sort=quiet_first").data))
    sheet_rows = [[c.value for c in row] for row in workbook.active.iter_rows()]
    assert [r[0] for r in sheet_rows[1:]] == [r[0].removeprefix("'") for r in csv_rows]
    assert [r[6] for r in sheet_rows[1:]] == [r[6] for r in csv_rows]


def test_attendance_download_lists_hours_per_session(
    client: FlaskClient, session: Session, group: tuple[Cohort, dict[str, User]]
) -> None:
    cohort, people = group
    day = utcnow().date()
    workshop = Workshop(
        cohort_id=cohort.id,
        title="Präsenztag 1",
        held_on=day,
        starts_at=dt.time(9),
        ends_at=dt.time(13),
        place="Halle",
        trainer_id=people["trainer"].id,
    )
    session.add(workshop)
    session.flush()
    session.add(
        Attendance(workshop_id=workshop.id, user_id=people["ada"].id, hours=4, recorded_at=utcnow())
    )
    session.commit()
    data = client.get(f"/trainer/cohorts/{cohort.id}/attendance.csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data), delimiter=";"))
    assert rows[0] == [
        "Name",
        "E-Mail-Adresse",
        f"{day.isoformat()} Präsenztag 1",
        "Stunden insgesamt",
    ]
    assert rows[1:] == [
        ["'=Cem Yılmaz", "cem@example.org", "", "0"],
        ["Ada Lovelace", "ada@example.org", "4", "4"],
        ["Ben Okafor", "ben@example.org", "", "0"],
    ]


def test_workshop_hours_and_passes_show_in_the_matrix_and_the_chart(
    client: FlaskClient, session: Session, group: tuple[Cohort, dict[str, User]]
) -> None:
    cohort, people = group
    session.add(
        WorkshopCredit(
            user_id=people["ben"].id,
            qualification_id=cohort.qualification_id,
            hours=3.5,
            held_on=utcnow().date(),
            title="Präsenztag",
            recorded_at=utcnow(),
        )
    )
    session.commit()
    page = client.get(f"/trainer/cohorts/{cohort.id}/progress").get_data(as_text=True)
    rows = {row[0].split()[0]: row[1:] for row in matrix_of(page)}
    assert rows["Ben"][-2:] == ["3,5", "8"]
    assert "1 Pflichtkurs seit dem Start der Gruppe bestanden" in page
    assert "<svg" in page and 'role="img"' in page


def test_the_page_reads_the_same_number_of_queries_for_3_and_12_participants(
    client: FlaskClient, session: Session, group: tuple[Cohort, dict[str, User]], make_user
) -> None:
    cohort, _people = group
    url = f"/trainer/cohorts/{cohort.id}/progress"
    client.get(url)
    with count_queries() as few:
        client.get(url)
    for n in range(9):
        learner = make_user(Role.LEARNER, name=f"Extra {n}")
        session.add(CohortMember(cohort_id=cohort.id, user_id=learner.id))
    session.commit()
    with count_queries() as many:
        assert len(matrix_of(client.get(url).get_data(as_text=True))) == 12
    assert len(many) == len(few)


def test_long_groups_come_in_pages_and_the_download_holds_everyone(
    client: FlaskClient, group: tuple[Cohort, dict[str, User]], monkeypatch: pytest.MonkeyPatch
) -> None:
    cohort, _people = group
    monkeypatch.setattr("qualify.learners.progress_views.PER_PAGE", 2)
    url = f"/trainer/cohorts/{cohort.id}/progress"
    first = client.get(url + "?sort=quiet_first").get_data(as_text=True)
    second = client.get(url + "?sort=quiet_first&page=2").get_data(as_text=True)
    beyond = client.get(url + "?page=99").get_data(as_text=True)
    assert [len(matrix_of(p)) for p in (first, second, beyond)] == [2, 1, 1]
    assert "Seite 1 von 2" in first and "sort=quiet_first" in first and "page=2" in first
    data = client.get(url + ".csv").data.decode("utf-8-sig")
    assert len(data.strip().splitlines()) == 4  # the header and all three
