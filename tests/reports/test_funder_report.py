"""The funder report through the browser: what each viewer sees, how it is counted, that
small groups are withheld, that the files equal the page, and a constant number of queries."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from html.parser import HTMLParser

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from qualify.accounts.models import Role, User
from qualify.assessment import service as quizzes
from qualify.assessment.models import QuizAttempt
from qualify.certificates.codes import new_code
from qualify.certificates.models import Certificate, Qualification
from qualify.cohorts.models import Attendance, Cohort, CohortMember, Workshop
from qualify.core.clock import utcnow
from qualify.courses import service as courses
from tests.conftest import count_queries

MakeUser = Callable[..., User]


class TableText(HTMLParser):
    """The cells of the page's table, as text, row by row."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None
        self.in_table = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.in_table = True
        elif self.in_table and tag == "tr":
            self.rows.append([])
        elif self.in_table and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.in_table = False
        elif tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def page_table(html: str) -> list[list[str]]:
    parser = TableText()
    parser.feed(html)
    return parser.rows


def qualification_id(session: Session) -> int:
    return session.query(Qualification).filter_by(slug="testzertifikat").one().id


def people(make_user: MakeUser, count: int, target_group: str | None) -> list[User]:
    made = [make_user(Role.LEARNER) for _ in range(count)]
    for user in made:
        user.target_group = target_group
    return made


@pytest.fixture
def groups(
    imported_content: None,
    session: Session,
    make_user: MakeUser,
    make_cohort: Callable[..., Cohort],
) -> tuple[User, User]:
    """Kemal's group: 6 from migrant organisations, 2 from administrations, 1 not stated;
    all 9 started the course, 5 passed its quiz and got the certificate, one workshop of
    3 hours with 6 present. Another trainer's group of 7 others."""
    kemal, other = make_user(Role.TRAINER, name="Kemal"), make_user(Role.TRAINER, name="Ola")
    learners = (
        people(make_user, 6, "migrant_organisation")
        + people(make_user, 2, "administration")
        + people(make_user, 1, None)
    )
    qualification = qualification_id(session)
    cohort = make_cohort(kemal, *learners, qualification_id=qualification)
    cohort.name = "KomBI Stendal"
    others = make_cohort(other, *people(make_user, 7, "other"), qualification_id=qualification)
    others.name = "Salzlandkreis-Gruppe"
    course = courses.find_course(session, "testkurs")
    assert course is not None
    quiz = quizzes.quiz_for_course(session, course.id)
    assert quiz is not None
    now = utcnow()
    for learner in learners:
        courses.enrol(session, learner.id, course.id, now)
    for learner in learners[:5]:
        session.add(
            QuizAttempt(
                user_id=learner.id,
                quiz_id=quiz.id,
                number=1,
                status="graded",
                pass_mark=50,
                started_at=now,
                submitted_at=now,
                points=1,
                max_points=1,
                percent=100,
                passed=True,
            )
        )
        session.add(
            Certificate(
                code=new_code(),
                user_id=learner.id,
                qualification_id=qualification,
                issued_at=now,
                holder_name=learner.name,
                title={"de": "Testzertifikat"},
                courses=[],
            )
        )
    workshop = Workshop(
        cohort_id=cohort.id,
        title="Präsenztag",
        held_on=now.date(),
        starts_at=dt.time(9),
        ends_at=dt.time(12),
        place="Stendal",
    )
    session.add(workshop)
    session.flush()
    session.add_all(
        Attendance(workshop_id=workshop.id, user_id=u.id, hours=3, recorded_at=now)
        for u in learners[:6]
    )
    session.commit()
    return kemal, other


def test_a_trainer_sees_their_group_counted_and_small_groups_withheld(
    client: FlaskClient, login_as: Callable[..., User], groups: tuple[User, User]
) -> None:
    login_as(groups[0])
    html = client.get("/trainer/report/").get_data(as_text=True)
    rows = page_table(html)
    assert rows[0][:6] == [
        "Gruppe",
        "Personen: Verwaltungen und Jobcenter",
        "Personen: Migrant*innenorganisationen",
        "Personen: andere",
        "Personen: keine Angabe",
        "Erreichte Personen",
    ]
    # The 2 from administrations and the 1 without a statement are withheld: two hidden
    # cells of the row, so the total (9) minus the rest says only that they add up to 3.
    assert rows[1] == [
        "KomBI Stendal",
        "< 5",
        "6",
        "0",
        "< 5",
        "9",
        "9",
        "5",
        "5",
        "1",
        "3",
        "6",
        "6",
    ]
    assert "Salzlandkreis-Gruppe" not in html
    assert "So zählen wir" in html


def test_a_trainer_of_another_group_sees_none_of_its_numbers(
    client: FlaskClient, login_as: Callable[..., User], groups: tuple[User, User]
) -> None:
    login_as(groups[1])
    html = client.get("/trainer/report/").get_data(as_text=True)
    rows = page_table(html)
    assert [row[0] for row in rows[1:]] == ["Salzlandkreis-Gruppe", "Alle Gruppen zusammen"]
    assert rows[-1][1:6] == ["0", "0", "7", "0", "7"]
    assert "KomBI Stendal" not in html
    csv_text = client.get("/trainer/report/report.csv").get_data().decode("utf-8-sig")
    assert "KomBI Stendal" not in csv_text


def test_an_admin_sees_every_group_by_place(
    client: FlaskClient, login_as: Callable[..., User], groups: tuple[User, User]
) -> None:
    login_as(Role.ADMIN)
    rows = page_table(client.get("/trainer/report/?group_by=place").get_data(as_text=True))
    assert rows[0][0] == "Landkreis oder Stadt"
    # Both groups meet online: one row, 16 people, the same as everyone together.
    assert rows[1][0] == "Online"
    assert rows[1][5] == rows[2][5] == "16"


def number_like(text: str) -> bool:
    return bool(text) and text.replace(".", "").replace(",", "").isdigit()


def test_csv_and_xlsx_equal_the_page(
    client: FlaskClient, login_as: Callable[..., User], groups: tuple[User, User]
) -> None:
    login_as(Role.ADMIN)
    query = "?first=2000-01-01&last=2099-12-31&group_by=cohort"
    page = page_table(client.get("/trainer/report/" + query).get_data(as_text=True))
    response = client.get("/trainer/report/report.csv" + query)
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert len(lines) == len(page)
    for line, page_row in zip(lines, page, strict=True):
        for value, text in zip(line, page_row, strict=True):
            if number_like(text):  # the page writes 1.234,5 in German, the file 1234.5
                assert float(value) == float(text.replace(".", "").replace(",", "."))
            else:
                assert value == text
    workbook = load_workbook(
        io.BytesIO(client.get("/trainer/report/report.xlsx" + query).get_data())
    )
    sheet = [list(row) for row in workbook.active.iter_rows(values_only=True)]
    assert len(sheet) == len(page)
    for sheet_row, page_row in zip(sheet, page, strict=True):
        for value, text in zip(sheet_row, page_row, strict=True):
            if isinstance(value, (int, float)):
                assert value == float(text.replace(".", "").replace(",", "."))
            else:
                assert value == text


def test_the_period_decides_what_counts(
    client: FlaskClient, login_as: Callable[..., User], groups: tuple[User, User]
) -> None:
    login_as(groups[0])
    year = utcnow().year
    html = client.get(f"/trainer/report/?first={year - 2}-01-01&last={year - 2}-12-31")
    assert "In diesem Zeitraum gab es keine Gruppe." in html.get_data(as_text=True)


@pytest.mark.parametrize(
    "query",
    [
        "?first=2027-13-01&last=2027-12-31",
        "?first=2027-05-01&last=2027-04-01",
        "?first=99999-01-01&last=2027-04-01",
        "?first=1000-01-01&last=2027-04-01",
        "?first=&last=&group_by=nonsense",
    ],
)
def test_a_wrong_filter_is_explained_not_an_error(
    client: FlaskClient, login_as: Callable[..., User], query: str
) -> None:
    login_as(Role.TRAINER)
    response = client.get("/trainer/report/" + query)
    assert response.status_code == 200
    assert 'class="error"' in response.get_data(as_text=True)
    assert client.get("/trainer/report/report.csv" + query).status_code == 302


def test_the_report_reads_a_constant_number_of_queries(
    client: FlaskClient,
    login_as: Callable[..., User],
    session: Session,
    make_user: MakeUser,
    make_cohort: Callable[..., Cohort],
    imported_content: None,
) -> None:
    trainer = login_as(Role.TRAINER)
    cohort = make_cohort(
        trainer, *people(make_user, 5, "other"), qualification_id=qualification_id(session)
    )
    course = courses.find_course(session, "testkurs")
    assert course is not None

    def measure() -> int:
        for member in cohort.members:
            courses.enrol(session, member.user_id, course.id, utcnow())
        with count_queries() as statements:
            assert client.get("/trainer/report/").status_code == 200
        return len(statements)

    few = measure()
    cohort.capacity = 40
    cohort.members.extend(CohortMember(user_id=u.id) for u in people(make_user, 25, None))
    session.commit()
    many = measure()
    assert few == many
    assert re.search(
        r"<td class=\"number\">30</td>", client.get("/trainer/report/").get_data(as_text=True)
    )
