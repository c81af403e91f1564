"""Participants from a CSV or XLSX list: every row checked and named by its line, a
preview, and an import of all rows or none."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from openpyxl import Workbook
from sqlalchemy.orm import Session

from qualify.accounts.models import Role, User
from qualify.cohorts.models import CohortMember
from qualify.cohorts.roster import read_roster
from qualify.jobs.models import Job

GOOD_CSV = (
    b"Name;E-Mail;Organisation;Sprache\n"
    b"Amira Haddad;amira@example.org;Verein A;en\n"
    b"\n"
    b"Lena Schulz;LENA@example.org;;\n"
)


def test_a_csv_in_german_with_semicolons_is_read() -> None:
    rows, problems = read_roster(GOOD_CSV, "liste.csv")
    assert problems == []
    assert [(r.line, r.name, r.email, r.organisation, r.language) for r in rows] == [
        (2, "Amira Haddad", "amira@example.org", "Verein A", "en"),
        (4, "Lena Schulz", "lena@example.org", "", ""),
    ]


def test_excel_csv_in_windows_1252_is_read() -> None:
    rows, problems = read_roster(
        "name,email\nJürgen Weiß,j@example.org\n".encode("cp1252"), "x.csv"
    )
    assert problems == [] and rows[0].name == "Jürgen Weiß"


def test_every_bad_row_is_named_by_its_line() -> None:
    data = (
        b"email,name,language\n"
        b"kein-at-zeichen,Ana\n"
        b"ana@example.org,\n"
        b"ana@example.org,Ana,tr\n"
        b"bo@example.org,Bo\n"
        b"BO@example.org,Bo Zwei\n"
    )
    rows, problems = read_roster(data, "liste.csv")
    assert [(p.line, p.code) for p in problems] == [
        (2, "bad_email"),
        (3, "bad_name"),
        (4, "bad_language"),
        (6, "duplicate"),
    ]
    assert [r.line for r in rows] == [5]


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"Vorname;Ort\nA;B\n", "x.csv", "missing_column"),
        (b"", "x.csv", "no_header"),
        (b"PK\x03\x04 not really a workbook", "x.xlsx", "bad_file"),
        (b"\x00\x01\x02", "x.csv", "bad_file"),
    ],
)
def test_unusable_files_say_why(data: bytes, name: str, code: str) -> None:
    rows, problems = read_roster(data, name)
    assert rows == [] and [p.code for p in problems] == [code]


def xlsx(*rows: tuple[object, ...]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_is_read() -> None:
    data = xlsx(("E-Mail", "Name"), ("kim@example.org", "Kim Lee"), (None, None))
    rows, problems = read_roster(data, "Liste.XLSX")
    assert problems == [] and [(r.line, r.email) for r in rows] == [(2, "kim@example.org")]


def upload(client: FlaskClient, cohort_id: int, data: bytes, name: str = "liste.csv"):  # noqa: ANN201
    return client.post(
        f"/trainer/cohorts/{cohort_id}/roster",
        data={"roster": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def members(session: Session) -> list[int]:
    return list(session.scalars(sa.select(CohortMember.user_id).order_by(CohortMember.id)))


def test_a_list_with_bad_rows_imports_nothing_and_names_each_row(
    client: FlaskClient, session: Session, login_as: Callable[..., User], make_cohort
) -> None:
    cohort = make_cohort(login_as(Role.TRAINER))
    data = b"Name,E-Mail\nAna,ana@example.org\nBo,kaputt\n,leer@example.org\n"
    page = upload(client, cohort.id, data).get_data(as_text=True)
    assert "Es wurde nichts importiert." in page
    assert "Zeile 3:" in page and "kaputt" in page and "Zeile 4:" in page
    assert "Jetzt importieren" not in page
    assert members(session) == [] and session.scalars(sa.select(Job)).all() == []


def test_preview_then_import_invites_the_new_and_adds_the_known(
    client: FlaskClient, session: Session, login_as: Callable[..., User], make_user, make_cohort
) -> None:
    lena = make_user(email="lena@example.org")
    cohort = make_cohort(login_as(Role.TRAINER))
    page = upload(client, cohort.id, GOOD_CSV).get_data(as_text=True)
    assert "Neu: bekommt eine Einladung per E-Mail" in page
    assert "Hat ein Konto: kommt in die Gruppe" in page
    assert members(session) == []  # only a preview so far
    signed = re.search(r'name="rows" type="hidden" value="([^"]+)"', page).group(1)
    client.post(f"/trainer/cohorts/{cohort.id}/roster/confirm", data={"rows": signed})
    amira = session.scalar(sa.select(User).where(User.email == "amira@example.org"))
    assert amira.name == "Amira Haddad" and amira.locale == "en" and amira.password_hash is None
    assert members(session) == [amira.id, lena.id]
    [job] = session.scalars(sa.select(Job))
    assert job.payload["to"] == "amira@example.org" and "/invitation/" in job.payload["text"]
    again = client.post(f"/trainer/cohorts/{cohort.id}/roster/confirm", data={"rows": signed})
    assert again.status_code == 302 and members(session) == [amira.id, lena.id]


def test_a_list_longer_than_the_places_left_imports_nothing(
    client: FlaskClient, session: Session, login_as: Callable[..., User], make_cohort
) -> None:
    cohort = make_cohort(login_as(Role.TRAINER))
    cohort.capacity = 1
    session.commit()
    page = upload(client, cohort.id, GOOD_CSV).get_data(as_text=True)
    assert "keinen Platz mehr" in page and "Jetzt importieren" not in page


def test_changed_or_foreign_rows_are_refused(
    client: FlaskClient, session: Session, login_as: Callable[..., User], make_cohort
) -> None:
    trainer = login_as(Role.TRAINER)
    first, second = make_cohort(trainer), make_cohort(trainer)
    page = upload(client, first.id, GOOD_CSV).get_data(as_text=True)
    signed = re.search(r'name="rows" type="hidden" value="([^"]+)"', page).group(1)
    client.post(f"/trainer/cohorts/{second.id}/roster/confirm", data={"rows": signed})
    client.post(f"/trainer/cohorts/{first.id}/roster/confirm", data={"rows": signed[:-2] + "xx"})
    assert members(session) == []


def test_the_target_group_column_takes_german_and_english_words() -> None:
    data = (
        b"Name;E-Mail;Zielgruppe\n"
        b"Ana;ana@example.org;Verwaltung\n"
        b"Bo;bo@example.org;Migrant organisation\n"
        b"Cem;cem@example.org;\n"
        b"Dan;dan@example.org;Verein\n"
        b"Eda;eda@example.org;Sonstige\n"
    )
    rows, problems = read_roster(data, "liste.csv")
    assert [(r.email, r.target_group) for r in rows] == [
        ("ana@example.org", "administration"),
        ("bo@example.org", "migrant_organisation"),
        ("cem@example.org", ""),
        ("eda@example.org", "other"),
    ]
    assert [(p.line, p.code, p.detail) for p in problems] == [(5, "bad_target_group", "Verein")]


def test_a_bad_target_group_is_a_row_error_on_the_page(
    client: FlaskClient, session: Session, login_as: Callable[..., User], make_cohort
) -> None:
    cohort = make_cohort(login_as(Role.TRAINER))
    data = b"Name,E-Mail,Target group\nAna,ana@example.org,administration\nBo,bo@example.org,x\n"
    page = upload(client, cohort.id, data).get_data(as_text=True)
    assert "Zeile 3:" in page and "Unbekannte Zielgruppe x" in page
    assert members(session) == []


def test_the_list_sets_the_target_group_of_new_accounts_only(
    client: FlaskClient, session: Session, login_as: Callable[..., User], make_user, make_cohort
) -> None:
    """Lena said nothing about herself: a trainer's list does not decide it for her."""
    lena = make_user(email="lena@example.org")
    cohort = make_cohort(login_as(Role.TRAINER))
    data = (
        b"Name;E-Mail;Zielgruppe\n"
        b"Amira Haddad;amira@example.org;Migrantenorganisation\n"
        b"Lena Schulz;lena@example.org;Verwaltung\n"
    )
    page = upload(client, cohort.id, data).get_data(as_text=True)
    assert "Mitglied einer Migrant*innenorganisation" in page
    assert "(bleibt, wie die Person es angegeben hat)" in page
    signed = re.search(r'name="rows" type="hidden" value="([^"]+)"', page).group(1)
    client.post(f"/trainer/cohorts/{cohort.id}/roster/confirm", data={"rows": signed})
    amira = session.scalar(sa.select(User).where(User.email == "amira@example.org"))
    session.refresh(lena)
    assert amira.target_group == "migrant_organisation"
    assert lena.target_group is None
