"""The quiz editor through the site: a question of each type, the settings, invalid input
kept, two authors on one question, GIFT upload, a question's history and restore."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from qualify.accounts.models import Role, User
from qualify.assessment.questiontypes import QUESTION_TYPES
from qualify.assessment.quizfile import load_quiz_text
from qualify.authoring import service
from qualify.authoring.models import CourseAuthor
from qualify.authoring.quizdoc import mapping_hash, read_quiz
from qualify.courses.models import Course

pytestmark = pytest.mark.usefixtures("imported_content")

NOW = dt.datetime(2026, 12, 5, 12, tzinfo=dt.UTC)
QUIZ = "/trainer/authoring/testkurs/quiz"
TEXT = {"de": "Ein Text", "en": "A text"}

# One question of each type, as an author would fill in its editor.
EXAMPLES: dict[str, dict[str, Any]] = {
    "single_choice": {
        "options": [
            {"id": "a", "text": {"de": "Ja", "en": "Yes"}, "correct": True},
            {"id": "b", "text": {"de": "Nein", "en": "No"}},
        ]
    },
    "multiple_choice": {
        "options": [
            {"id": "a", "text": {"de": "Eins", "en": "One"}, "correct": True},
            {"id": "b", "text": {"de": "Zwei", "en": "Two"}, "correct": True},
            {"id": "c", "text": {"de": "Drei", "en": "Three"}},
        ],
        "shuffle": False,
    },
    "true_false": {"answer": False},
    "numeric": {"answer": 1234.5, "tolerance": 0.005, "unit": "€"},
    "short_text": {"answers": ["Kassenbuch", {"text": "Kassenheft", "weight": 50}]},
    "matching": {
        "pairs": [
            {"id": "a", "prompt": {"de": "Hund"}, "answer": {"de": "bellt"}},
            {"id": "b", "prompt": {"de": "Katze"}, "answer": {"de": "miaut"}},
        ],
        "distractors": [{"de": "quakt"}],
    },
    "ordering": {
        "items": [{"id": "eins", "text": {"de": "Erst"}}, {"id": "zwei", "text": {"de": "Dann"}}]
    },
    "cloze": {
        "text": {"de": "Ein {1} hat vier {2}.", "en": "An {1} has four {2}."},
        "gaps": [
            {"answers": ["Verein", "association"]},
            {"options": [{"text": {"de": "Sphären"}, "correct": True}, {"text": {"de": "Räder"}}]},
        ],
    },
    "essay": {"min_words": 20, "grader_info": {"de": "Zweck nennen"}},
}


def example(type_name: str) -> dict[str, Any]:
    source = {"id": f"neu-{type_name.replace('_', '-')}", "type": type_name}
    if type_name != "cloze":
        source["prompt"] = {"de": f"Frage {type_name}?", "en": f"Question {type_name}?"}
    return {**source, **EXAMPLES[type_name], "feedback": {"de": "Darum.", "en": "Because."}}


@pytest.fixture
def course(session: Session) -> Course:
    return session.scalar(sa.select(Course).where(Course.slug == "testkurs"))


@pytest.fixture
def author(
    session: Session, course: Course, login_as: Callable[..., User], make_user: Callable[..., User]
) -> User:
    trainer = make_user(Role.TRAINER)
    session.add(CourseAuthor(course_id=course.id, user_id=trainer.id))
    session.commit()
    return login_as(trainer)


def draft_quiz(session: Session, course: Course) -> str:
    session.expire_all()
    return service.working_files(session, course)["quiz.yaml"]


def test_every_type_is_in_the_examples() -> None:
    assert set(EXAMPLES) == set(QUESTION_TYPES)


def test_an_author_creates_a_question_of_each_type(
    client: FlaskClient, session: Session, course: Course, author: User
) -> None:
    for type_name, question_type in QUESTION_TYPES.items():
        assert client.get(f"{QUIZ}/new/{type_name}").status_code == 200
        values = question_type.editor_values(example(type_name))
        response = client.post(f"{QUIZ}/new/{type_name}", data=values)
        assert response.status_code == 302, response.get_data(as_text=True)
        page = client.get(f"{QUIZ}/questions/{example(type_name)['id']}").get_data(as_text=True)
        for name in set(values) - {
            "id"
        }:  # the template shows every input the type reads (the id is fixed once saved)
            assert f'name="{name}"' in page, (type_name, name)
    spec, problems = load_quiz_text(draft_quiz(session, course), "quiz.yaml", "testkurs")
    assert spec is not None, problems
    sources = {q["id"]: q for q in spec.sources}
    for type_name in QUESTION_TYPES:
        assert sources[example(type_name)["id"]] == example(type_name)
    listing = client.get(f"{QUIZ}/").get_data(as_text=True)
    assert "neu-cloze" in listing and "Frage essay?" in listing


def test_invalid_input_is_shown_with_the_message_and_kept(
    client: FlaskClient, session: Session, course: Course, author: User
) -> None:
    before = draft_quiz(session, course)
    values = QUESTION_TYPES["single_choice"].editor_values(example("single_choice"))
    values["options-1-correct"] = "on"  # two correct options
    values["prompt-de"] = "Welche Antwort stimmt wirklich?"
    response = client.post(f"{QUIZ}/new/single_choice", data=values)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "single_choice braucht genau eine richtige Antwortmöglichkeit" in page
    assert "Welche Antwort stimmt wirklich?" in page
    assert draft_quiz(session, course) == before


UNCHANGED = {"shuffle_options": "", "review": "", "counts": ""}  # what the browser sends


def test_settings_are_saved_and_checked(
    client: FlaskClient, session: Session, course: Course, author: User
) -> None:
    page = client.get(f"{QUIZ}/settings").get_data(as_text=True)
    base = read_quiz(draft_quiz(session, course)).settings
    assert 'value="60"' in page  # pass_mark of the test course
    data = {
        **UNCHANGED,
        "base": mapping_hash(base),
        "pass_mark": "80",
        "max_attempts": "3",
        "review": "score",
    }
    assert client.post(f"{QUIZ}/settings", data=data).status_code == 302
    settings = read_quiz(draft_quiz(session, course)).settings
    assert settings == {"pass_mark": 80, "max_attempts": 3, "review": "score"}
    data = {**UNCHANGED, "base": mapping_hash(settings), "pass_mark": "80", "draw": "9"}
    page = client.post(f"{QUIZ}/settings", data=data).get_data(as_text=True)
    assert "draw ist 9, aber der Fragenpool hat nur 3 Fragen" in page
    assert read_quiz(draft_quiz(session, course)).settings == settings


def test_two_authors_on_one_question(
    client: FlaskClient, session: Session, course: Course, author: User
) -> None:
    question = read_quiz(draft_quiz(session, course)).question("farbe")
    values = QUESTION_TYPES["single_choice"].editor_values(question)
    opened = mapping_hash(question)
    theirs = {**values, "base": opened, "prompt-de": "Welche Farbe hat ein klarer Himmel?"}
    assert client.post(f"{QUIZ}/questions/farbe", data=theirs).status_code == 302
    other = {
        **QUESTION_TYPES["true_false"].editor_values(
            read_quiz(draft_quiz(session, course)).question("erde")
        )
    }
    other_base = mapping_hash(read_quiz(draft_quiz(session, course)).question("erde"))
    assert (
        client.post(
            f"{QUIZ}/questions/erde",
            data={**other, "base": other_base, "prompt-de": "Die Erde ist fast rund."},
        ).status_code
        == 302
    )
    mine = {**values, "base": opened, "prompt-de": "Welche Farbe hat der Himmel am Tag?"}
    response = client.post(f"{QUIZ}/questions/farbe", data=mine)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Welche Farbe hat ein klarer Himmel?" in page  # theirs
    assert "Welche Farbe hat der Himmel am Tag?" in page  # yours, in the form and beside
    doc = read_quiz(draft_quiz(session, course))
    assert doc.question("farbe")["prompt"]["de"] == "Welche Farbe hat ein klarer Himmel?"
    assert doc.question("erde")["prompt"]["de"] == "Die Erde ist fast rund."
    again = {**mine, "base": mapping_hash(doc.question("farbe"))}  # saved knowingly
    assert client.post(f"{QUIZ}/questions/farbe", data=again).status_code == 302
    assert read_quiz(draft_quiz(session, course)).question("farbe")["prompt"]["de"] == (
        "Welche Farbe hat der Himmel am Tag?"
    )


def test_an_edit_of_another_question_passes_a_stale_file(
    session: Session, course: Course, make_user: Callable[..., User]
) -> None:
    from qualify.authoring import quizzes

    admin = make_user(Role.ADMIN)
    doc = read_quiz(draft_quiz(session, course))
    farbe, erde = doc.question("farbe"), doc.question("erde")
    values = QUESTION_TYPES["true_false"].editor_values({**erde, "answer": False})
    first = quizzes.save_question(
        session, course, admin, "erde", "true_false", values, mapping_hash(erde), NOW
    )[1]
    assert isinstance(first, service.Saved)
    values = QUESTION_TYPES["single_choice"].editor_values({**farbe, "points": 2})
    second = quizzes.save_question(
        session, course, admin, "farbe", "single_choice", values, mapping_hash(farbe), NOW
    )[1]
    assert isinstance(second, service.Saved)
    doc = read_quiz(draft_quiz(session, course))
    assert doc.question("erde")["answer"] is False and doc.question("farbe")["points"] == 2


def test_move_and_delete(
    client: FlaskClient, session: Session, course: Course, author: User
) -> None:
    page = client.get(f"{QUIZ}/").get_data(as_text=True)
    count = len(read_quiz(draft_quiz(session, course)).questions)
    # Every question but the first can move up, every one but the last down.
    assert page.count('value="up"') == page.count('value="down"') == count - 1
    client.post(f"{QUIZ}/questions/erde/move", data={"direction": "up"})
    assert [q["id"] for q in read_quiz(draft_quiz(session, course)).questions] == [
        "farbe",
        "erde",
        "zahlen",
    ]
    stale = {"base": "0" * 64}
    client.post(f"{QUIZ}/questions/zahlen/delete", data=stale)
    assert read_quiz(draft_quiz(session, course)).question("zahlen") is not None
    base = mapping_hash(read_quiz(draft_quiz(session, course)).question("zahlen"))
    client.post(f"{QUIZ}/questions/zahlen/delete", data={"base": base})
    assert read_quiz(draft_quiz(session, course)).question("zahlen") is None


GIFT_BROKEN = """// two questions, the second one broken
::Farbe:: Welche Farbe hat Gras? {=grün ~blau}

::Kaputt:: Was fehlt hier? {=eins ~zwei
"""
GIFT_GOOD = "::Gras:: Welche Farbe hat Gras? {=grün ~blau}\n"


def upload(client: FlaskClient, text: str, mode: str = "append") -> Any:
    data = {"gift": (io.BytesIO(text.encode()), "fragen.gift"), "language": "de", "mode": mode}
    return client.post(f"{QUIZ}/gift", data=data, content_type="multipart/form-data")


def test_gift_upload_names_the_file_and_line(
    client: FlaskClient, session: Session, course: Course, author: User
) -> None:
    before = draft_quiz(session, course)
    page = upload(client, GIFT_BROKEN).get_data(as_text=True)
    assert "fragen.gift:4: Fehler:" in page
    assert draft_quiz(session, course) == before


def test_a_problem_of_an_upload_is_shown_in_the_pages_language(
    client: FlaskClient, author: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page renders the file's problems through the catalog (here a fake German one)."""
    german = {
        "error": "Fehler",
        "the file is not UTF-8 text (save it as UTF-8)": "die Datei ist kein UTF-8-Text "
        "(speichern Sie sie als UTF-8)",
    }
    monkeypatch.setattr("qualify.web.templating.gettext", lambda msgid: german.get(msgid, msgid))
    data = {"gift": (io.BytesIO(b"\xff::Frage:: Gras? {}"), "fragen.gift"), "language": "de"}
    response = client.post(f"{QUIZ}/gift", data=data, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert (
        "fragen.gift:1: Fehler: die Datei ist kein UTF-8-Text (speichern Sie sie als UTF-8)" in page
    )


def test_gift_upload_previews_then_adds_or_replaces(
    client: FlaskClient, session: Session, course: Course, author: User
) -> None:
    import re

    page = upload(client, GIFT_GOOD).get_data(as_text=True)
    assert "Welche Farbe hat Gras?" in page
    fields = dict(re.findall(r'name="(\w+)" type="hidden" value="([^"]*)"', page))
    fields = {k: v.replace("&#34;", '"').replace("&amp;", "&") for k, v in fields.items()}
    assert client.post(f"{QUIZ}/gift/confirm", data=fields).status_code == 302
    ids = [q["id"] for q in read_quiz(draft_quiz(session, course)).questions]
    assert ids[:3] == ["farbe", "zahlen", "erde"] and len(ids) == 4
    page = upload(client, GIFT_GOOD, mode="replace").get_data(as_text=True)
    assert "4 questions" in page or "4 Fragen" in page


def test_history_shows_the_diff_after_publishing_and_restores(
    client: FlaskClient, session: Session, course: Course, author: User
) -> None:
    question = read_quiz(draft_quiz(session, course)).question("erde")
    values = {
        **QUESTION_TYPES["true_false"].editor_values(question),
        "base": mapping_hash(question),
    }
    client.post(f"{QUIZ}/questions/erde", data={**values, "prompt-de": "Die Erde ist eine Kugel."})
    assert isinstance(
        service.publish(session, course, author, "Erde genauer", NOW), service.Published
    )
    page = client.get(f"{QUIZ}/questions/erde/history").get_data(as_text=True)
    assert "- " in page and "Die Erde ist rund." in page and "Die Erde ist eine Kugel." in page
    assert "Erde genauer" in page
    current = read_quiz(draft_quiz(session, course)).question("erde")
    response = client.post(f"{QUIZ}/questions/erde/restore/1", data={"base": mapping_hash(current)})
    assert response.status_code == 302
    assert (
        read_quiz(draft_quiz(session, course)).question("erde")["prompt"]["de"]
        == "Die Erde ist rund."
    )
