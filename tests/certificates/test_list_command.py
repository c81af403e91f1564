"""`qualify certificates list [--email E]`: what an operator sees of issued certificates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy.orm import Session

from qualify.accounts.models import User
from qualify.certificates import service
from qualify.certificates.codes import format_code
from qualify.cli import main
from qualify.core.clock import utcnow
from qualify.core.textcolumns import display_width, text_columns
from tests.certificates.issued import issue, supersede

pytestmark = pytest.mark.usefixtures("imported_content")


def invoke(runner, *args: str):  # noqa: ANN001, ANN201
    return runner.invoke(main, list(args), catch_exceptions=False)


def test_lists_code_date_status_qualification_and_holder(
    runner, session: Session, make_user: Callable[..., User]
) -> None:
    amal = make_user(name="Amal Haddad")
    valid = issue(session, amal, issued_at=dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC))
    revoked = issue(session, make_user(name="Jonas Becker"))
    service.revoke(session, revoked.code, "Prüfung wiederholt", utcnow())
    result = invoke(runner, "certificates", "list")
    assert result.exit_code == 0, result.output
    header, rule, *rows = result.output.splitlines()
    assert header.split() == ["Code", "Issued", "on", "Status", "Qualification", "Holder"]
    assert set(rule) == {"-", " "}
    assert rows[0].split("  ")[0] == format_code(valid.code)
    assert "2026-03-02" in rows[0] and "valid" in rows[0] and rows[0].endswith("Amal Haddad")
    assert "Test certificate" in rows[0]
    assert "revoked" in rows[1] and rows[1].endswith("Jonas Becker")
    # Every column starts at the same place in every line.
    assert len({line.index("Test certificate") for line in rows}) == 1


def test_lists_one_person_with_superseded_and_expired_certificates(
    runner, session: Session, make_user: Callable[..., User]
) -> None:
    learner = make_user(name="Trần Thị Mai", email="mai@example.org")
    old = issue(session, learner, expires_at=utcnow() - dt.timedelta(days=1))
    new = supersede(session, old, holder_name_latin="Tran Thi Mai")
    issue(session, make_user(name="Someone Else"))
    result = invoke(runner, "certificates", "list", "--email", "MAI@example.org")
    assert result.exit_code == 0, result.output
    rows = result.output.splitlines()[2:]
    assert len(rows) == 2 and "Someone Else" not in result.output
    assert format_code(old.code) in rows[0] and "replaced by a newer certificate" in rows[0]
    assert format_code(new.code) in rows[1] and "valid" in rows[1]
    assert rows[1].endswith("Trần Thị Mai / Tran Thi Mai")


def test_an_expired_certificate_says_so(
    runner, session: Session, make_user: Callable[..., User]
) -> None:
    issue(session, make_user(), expires_at=utcnow() - dt.timedelta(minutes=1))
    assert "expired" in invoke(runner, "certificates", "list").output


def test_unknown_email_fails_with_a_clear_message(runner) -> None:
    result = invoke(runner, "certificates", "list", "--email", "nobody@example.org")
    assert result.exit_code == 1
    assert "Error: no account with e-mail nobody@example.org" in result.output


def test_no_certificates_yet(runner, make_user: Callable[..., User]) -> None:
    result = invoke(runner, "certificates", "list")
    assert result.exit_code == 0 and "No certificates have been issued yet." in result.output
    person = make_user()
    result = invoke(runner, "certificates", "list", "--email", person.email)
    assert result.exit_code == 0 and "No certificates have been issued yet." in result.output


def test_columns_line_up_by_displayed_width() -> None:
    lines = text_columns(("Name", "Ort"), [("漢字", "Halle"), ("Nguyễn", "Magdeburg")])
    assert display_width("漢字") == 4 and display_width("Nguye\u0302\u0303n") == 6
    starts = [
        display_width(line[: line.index(word)])
        for line, word in zip([lines[0], *lines[2:]], ("Ort", "Halle", "Magdeburg"), strict=True)
    ]
    assert starts == [8, 8, 8]
    assert lines[1] == "------  ---------"
