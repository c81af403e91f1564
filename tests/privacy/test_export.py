"""The data export (DSGVO Art. 15, 20): everything about the learner, nothing about others,
in a fixed number of queries."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from qualify.accounts.models import User
from qualify.core.clock import utcnow
from qualify.privacy.export import SECTIONS, build_export, readable_answer
from tests.conftest import count_queries
from tests.privacy.people import learner_with_data

pytestmark = pytest.mark.usefixtures("imported_content")


@pytest.fixture
def ada(session: Session, make_user: Callable[..., User]) -> User:
    return learner_with_data(session, make_user, "Ada Lovelace", "ada@example.org")


@pytest.fixture
def bob(session: Session, make_user: Callable[..., User]) -> User:
    return learner_with_data(session, make_user, "Bob Wrongway", "bob@example.org", passes=False)


def test_every_section_is_filled_for_a_learner_with_data(session: Session, ada: User) -> None:
    export = build_export(session, ada.id, utcnow())
    assert all(export[section] for section in SECTIONS), [s for s in SECTIONS if not export[s]]
    assert export["profile"]["email"] == "ada@example.org"
    assert export["profile"]["name"] == "Ada Lovelace"
    assert export["enrolments"][0]["course"]
    assert len(export["lesson_completions"]) >= 1
    [attempt] = export["quiz_attempts"]
    assert attempt["passed"] is True and attempt["percent"] == 100
    first = attempt["questions"][0]
    assert first["question"] == "Welche Farbe hat der Himmel?"
    assert first["answer"] == ["Blau"]  # the option's text, not its id
    assert first["points"] == first["max_points"]
    assert "Der Himmel ist blau." in first["feedback"]
    assert export["extra_attempts"][0]["reason"] == "Grund Ada Lovelace"
    marked, draft = export["assignments"]
    assert marked["text"] == "Praxistext Ada Lovelace" and marked["points"] == 5
    assert marked["trainer_comment"] == "Praxiskommentar Ada Lovelace"
    assert draft["text"] == "Praxisentwurf Ada Lovelace" and draft["handed_in_at"] is None
    assert {c["holder_name"] for c in export["certificates"]} == {"Ada Lovelace"}
    assert export["workshop_credits"][0]["workshop"] == "Präsenztag Ada Lovelace"
    assert export["groups"][0]["organisation"] == "Verein Ada Lovelace"
    assert export["login_sessions"][0]["created_at"]
    assert [m["delivered"] for m in export["mails"]] == [True]
    assert export["mails"][0]["subject"] == "Hallo Ada Lovelace 0"


def test_a_certifying_quiz_keeps_its_key_until_passed(session: Session, bob: User) -> None:
    [attempt] = build_export(session, bob.id, utcnow())["quiz_attempts"]
    assert attempt["passed"] is False and attempt["details_withheld"] is True
    first = attempt["questions"][0]
    assert first["answer"] == ["Grün"]  # the answer is the learner's own, always shown
    assert first["points"] == 0  # right or wrong, as the quiz page shows it
    assert "feedback" not in first  # the feedback texts would give the key away


def test_login_sessions_never_show_their_token_hash(session: Session, ada: User) -> None:
    export = build_export(session, ada.id, utcnow())
    assert set(export["login_sessions"][0]) == {"created_at", "ended_at"}


OTHERS_TRACES = (
    "Bob Wrongway",
    "bob@example.org",
    "Grün",
    "Präsenztag Bob",
    "Grund Bob",
    "Hallo Bob",
    "Verein Bob",
    "Praxistext Bob",
    "Praxiskommentar Bob",
)
OWN_TRACES = (
    "Ada Lovelace",
    "ada@example.org",
    "Blau",
    "Präsenztag Ada",
    "Grund Ada",
    "Hallo Ada",
    "Verein Ada",
    "Praxistext Ada",
    "Praxisentwurf Ada",
    "Praxiskommentar Ada",
)


@pytest.mark.parametrize("url", ["/profile/data.json", "/profile/data.html"])
def test_an_export_never_contains_another_learners_data(
    client: FlaskClient, login_as: Callable[..., User], ada: User, bob: User, url: str
) -> None:
    for me, mine, theirs in ((ada, OWN_TRACES, OTHERS_TRACES), (bob, OTHERS_TRACES, OWN_TRACES)):
        login_as(me)
        text = client.get(url).get_data(as_text=True)
        assert all(trace in text for trace in mine), [t for t in mine if t not in text]
        assert not [trace for trace in theirs if trace in text]


def test_the_json_download_is_pretty_utf8_json(
    client: FlaskClient, login_as: Callable[..., User], ada: User
) -> None:
    login_as(ada)
    response = client.get("/profile/data.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    assert response.headers["Content-Disposition"].endswith('.json"')
    raw = response.get_data().decode("utf-8")
    assert "Präsenztag" in raw and "\n  " in raw  # UTF-8, not \\u escapes; indented
    assert json.loads(raw)["profile"]["email"] == "ada@example.org"


def test_the_html_download_is_a_readable_page_in_the_learners_language(
    client: FlaskClient, login_as: Callable[..., User], session: Session, make_user: Callable
) -> None:
    ada = learner_with_data(session, make_user, "Ada English", "ada.en@example.org")
    ada.locale = "en"
    session.commit()
    login_as(ada)
    response = client.get("/profile/data.html")
    assert response.mimetype == "text/html"
    assert response.headers["Content-Disposition"].endswith('.html"')
    page = response.get_data(as_text=True)
    assert '<html lang="en"' in page
    assert "Your data at qualify" in page and "Quiz attempts" in page
    assert "What colour is the sky?" in page and "Blue" in page
    assert "/static/" not in page  # self-contained: opened from disk, it needs nothing else


def test_the_export_holds_the_stated_target_group(
    client: FlaskClient, login_as: Callable[..., User], session: Session, make_user: Callable
) -> None:
    ada = make_user(name="Ada Gruppe")
    assert build_export(session, ada.id, utcnow())["profile"]["target_group"] is None
    ada.target_group = "administration"
    session.commit()
    assert build_export(session, ada.id, utcnow())["profile"]["target_group"] == "administration"
    login_as(ada)
    page = client.get("/profile/data.html").get_data(as_text=True)
    assert "Mitarbeiter*in einer Verwaltung oder eines Jobcenters" in page


def test_the_data_page_explains_and_links_both_downloads(
    client: FlaskClient, login_as: Callable[..., User]
) -> None:
    login_as()
    page = client.get("/profile/data").get_data(as_text=True)
    assert "/profile/data.json" in page and "/profile/data.html" in page
    assert "DSGVO" in page  # the German page names the law
    assert "/profile/data" in client.get("/profile").get_data(as_text=True)


def test_the_export_makes_the_same_number_of_queries_however_much_data(
    client: FlaskClient, login_as: Callable[..., User], session: Session, make_user: Callable
) -> None:
    few = learner_with_data(session, make_user, "Few", "few@example.org", passes=False)
    many = learner_with_data(
        session, make_user, "Many", "many@example.org", passes=False, attempts=3, mails=4
    )
    counts = {}
    for user in (few, many):
        login_as(user)
        for url in ("/profile/data.json", "/profile/data.html"):
            with count_queries() as statements:
                assert client.get(url).status_code == 200
            counts[(user.name, url)] = len(statements)
    assert counts[("Few", "/profile/data.json")] == counts[("Many", "/profile/data.json")]
    assert counts[("Few", "/profile/data.html")] == counts[("Many", "/profile/data.html")]
    assert max(counts.values()) < 20, counts


def test_readable_answer_turns_ids_into_texts() -> None:
    spec = {
        "type": "ordering",
        "settings": {
            "items": [{"id": "a", "text": {"de": "Erst"}}, {"id": "b", "text": {"de": "Dann"}}]
        },
    }
    assert readable_answer(spec, {}, {"b": 1, "a": 2}, "de") == ["Dann", "Erst"]
    assert readable_answer({"type": "essay"}, {}, "Mein Text", "de") == "Mein Text"
    assert (
        readable_answer({"type": "single_choice", "settings": {"options": []}}, {}, None, "de")
        is None
    )
