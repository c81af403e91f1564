"""`qualify quiz import-gift` and `export-gift` on a copy of the test content."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from flask import Flask

from qualify.assessment import cli
from qualify.assessment.quizfile import load_quiz
from qualify.cli import main
from tests.conftest import FIXTURES

GIFT = """// Fragen aus Moodle
$CATEGORY: $course$/top/Farben und Formen

::Gras:: Welche Farbe hat Gras?{
\t=Grün#Richtig.
\t~Rot#Nein.
\t####Gras ist grün.
}

// [points:2]
Die Sonne geht im {=Osten =O} auf.
"""


@pytest.fixture
def content(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the test content, which the app reads for these tests."""
    folder = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", folder)
    monkeypatch.setitem(app.config, "CONTENT_DIR", folder)
    return folder


@pytest.fixture
def quiz(content: Path) -> Path:
    path = content / "testkurs" / "quiz.yaml"
    path.write_text(path.read_text().replace("questions:\n", "questions:\n  # Grundfragen\n", 1))
    return path


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


def gift_file(tmp_path: Path, text: str, name: str = "fragen.gift") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_appends_questions_and_keeps_comments(runner, quiz: Path, tmp_path: Path) -> None:
    before = quiz.read_text()
    result = runner.invoke(
        main, ["quiz", "import-gift", str(gift_file(tmp_path, GIFT)), "testkurs"]
    )
    assert result.exit_code == 0, result.output
    assert "Added 2 questions" in result.output and "qualify content import" in result.output
    after = quiz.read_text()
    assert after.startswith(before) and "# Grundfragen" in after
    spec, problems = load_quiz(quiz.parent)
    assert spec is not None, problems
    gras = spec.questions[3]
    assert gras["id"] == "gras" and gras["tags"] == ["farben-und-formen"]
    assert gras["settings"]["options"][0]["feedback"] == {"de": "Richtig."}
    sonne = spec.questions[4]
    assert sonne["type"] == "cloze" and sonne["points"] == 2
    assert sonne["settings"]["text"] == {"de": "Die Sonne geht im {1} auf."}
    assert not list(quiz.parent.glob(".quiz.yaml.*"))  # no temporary file left


def test_texts_without_english_are_summed_up_in_one_note(
    runner, quiz: Path, tmp_path: Path
) -> None:
    path = gift_file(tmp_path, GIFT)
    result = runner.invoke(main, ["quiz", "import-gift", str(path), "testkurs", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "note: 7 texts have no English version yet." in result.stderr
    assert "version" not in result.stderr.replace("no English version yet", "")
    assert f"{path}:11: warning: question" in result.stderr  # the cloze has no feedback


def test_dry_run_changes_nothing(runner, quiz: Path, tmp_path: Path) -> None:
    before = quiz.read_bytes()
    result = runner.invoke(
        main, ["quiz", "import-gift", str(gift_file(tmp_path, GIFT)), "testkurs", "--dry-run"]
    )
    assert result.exit_code == 0, result.output
    assert "Dry run: would add 2 questions" in result.output and "gras" in result.output
    assert quiz.read_bytes() == before


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("Erste?{T}\n\nZweite?{\n=a\n=b\n", 3, "unclosed brace"),
        ("Gut?{T}\n\n\n::zwei::Welche?{\n=a\n=b\n~c\n}", 4, "exactly one correct option"),
        ("Gut?{T}\n\n::farbe::Schon da?{T}", 3, "question id 'farbe' already exists"),
        ("Zahl?{#\n=1\n=%150%2\n}", 3, "out of range"),
    ],
)
def test_a_bad_file_changes_nothing_and_names_the_line(
    runner, quiz: Path, tmp_path: Path, text: str, line: int, message: str
) -> None:
    before = quiz.read_bytes()
    path = gift_file(tmp_path, text)
    result = runner.invoke(main, ["quiz", "import-gift", str(path), "testkurs"])
    assert result.exit_code == 1
    assert f"{path}:{line}: error:" in result.output and message in result.output
    assert "Nothing was imported." in result.output
    assert quiz.read_bytes() == before


def test_english_texts_alone_are_refused_because_german_is_required(
    runner, quiz: Path, tmp_path: Path
) -> None:
    path = gift_file(tmp_path, "Is the sky blue?{T}")
    result = runner.invoke(main, ["quiz", "import-gift", str(path), "testkurs", "--language", "en"])
    assert result.exit_code == 1
    assert f"{path}:1: error: prompt: the German text (de) is required" in result.output


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("answer: true", "answer: maybe"), "quiz.yaml:30: error: 'answer' must be true or false"),
        (("pass_mark: 60\nquestions:", "- pass_mark: 60\n- questions:"), "must be a mapping"),
        (("pass_mark: 60", "pass_mark: [60"), "invalid YAML"),
    ],
)
def test_import_refuses_to_touch_a_broken_quiz(
    runner, quiz: Path, tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    quiz.write_text(quiz.read_text().replace(*change))
    before = quiz.read_bytes()
    path = gift_file(tmp_path, GIFT)
    result = runner.invoke(main, ["quiz", "import-gift", str(path), "testkurs"])
    assert result.exit_code == 1
    assert message in result.output and "Nothing was imported" in result.output
    assert str(quiz) in result.output
    assert quiz.read_bytes() == before


def test_a_failed_write_leaves_the_quiz_as_it_was(
    runner, quiz: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = quiz.read_bytes()

    def broken_replace(source: str, target: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    result = runner.invoke(
        main, ["quiz", "import-gift", str(gift_file(tmp_path, GIFT)), "testkurs"]
    )
    assert result.exit_code != 0
    assert quiz.read_bytes() == before
    assert not list(quiz.parent.glob(".quiz.yaml.*"))


def test_import_into_a_course_without_a_quiz_creates_one(
    runner, content: Path, tmp_path: Path
) -> None:
    course = content / "neukurs"
    course.mkdir()
    result = runner.invoke(main, ["quiz", "import-gift", str(gift_file(tmp_path, GIFT)), "neukurs"])
    assert result.exit_code == 0, result.output
    spec, _ = load_quiz(course)
    assert spec is not None and [q["id"] for q in spec.questions][0] == "gras"


def test_unknown_course(runner, content: Path, tmp_path: Path) -> None:
    path = gift_file(tmp_path, GIFT)
    for course in ("gibt-es-nicht", "../content"):
        result = runner.invoke(main, ["quiz", "import-gift", str(path), course])
        assert result.exit_code == 1 and "no course" in result.output
    assert runner.invoke(main, ["quiz", "export-gift", "gibt-es-nicht"]).exit_code == 1


def test_not_utf8(runner, quiz: Path, tmp_path: Path) -> None:
    path = tmp_path / "latin1.gift"
    path.write_bytes("Grün?{T}".encode("latin-1"))
    result = runner.invoke(main, ["quiz", "import-gift", str(path), "testkurs"])
    assert result.exit_code == 1 and "not UTF-8" in result.output


def test_export_prints_gift_that_imports_back(runner, quiz: Path, content: Path) -> None:
    exported = runner.invoke(main, ["quiz", "export-gift", "testkurs"])
    assert exported.exit_code == 0, exported.output
    assert exported.stdout.startswith("// [id:farbe]\n::farbe::[html]")
    assert 'lang\\="en" class\\="multilang">What colour is the sky?' in exported.stdout
    assert exported.stderr == ""
    again = Path(content / "again.gift")
    again.write_text(exported.stdout, encoding="utf-8")
    refused = runner.invoke(main, ["quiz", "import-gift", str(again), "testkurs"])
    assert refused.exit_code == 1 and "'farbe' already exists" in refused.output
    copy = content / "kopie"
    copy.mkdir()
    (copy / "quiz.yaml").write_text("pass_mark: 60\n")
    imported = runner.invoke(main, ["quiz", "import-gift", str(again), "kopie"])
    assert imported.exit_code == 0, imported.output
    original, _ = load_quiz(quiz.parent)
    back, _ = load_quiz(copy)
    assert original is not None and back is not None
    assert [without_option_ids(q) for q in back.questions] == [
        without_option_ids(q) for q in original.questions
    ]


def without_option_ids(question: dict) -> dict:
    """GIFT has no option ids: they come back as a, b, c."""
    options = question["settings"].get("options", [])
    return {
        **question,
        "settings": {**question["settings"], "options": [o["text"] for o in options]},
    }


MOODLE_EXPORT = """// question: 101  name: DS-01 Meldefrist
$CATEGORY: $course$/top/Datenschutz/Grundlagen

::DS-01 Meldefrist::[html]Binnen 72 Stunden?{TRUE####Art. 33 DSGVO.}

::DS-02 Auskunft\\: Frist::[html]Wie lange?{=Ein Monat ~Eine Woche####Art. 12 DSGVO.}

$CATEGORY: $course$/top/Recht/Fristen

::R-01 Widerspruch::[html]Einen Monat?{FALSE####Ja, ein Monat.}
"""


def test_categories_and_names_come_back_from_import_and_export(
    runner, content: Path, tmp_path: Path
) -> None:
    course = content / "datenschutz"
    course.mkdir()
    path = gift_file(tmp_path, MOODLE_EXPORT)
    imported = runner.invoke(main, ["quiz", "import-gift", str(path), "datenschutz"])
    assert imported.exit_code == 0, imported.output
    assert "ds-01-meldefrist, ds-02-auskunft-frist, r-01-widerspruch" in imported.output
    quiz_text = (course / "quiz.yaml").read_text(encoding="utf-8")
    assert "name: 'DS-02 Auskunft: Frist'" in quiz_text
    assert "category: Datenschutz/Grundlagen" in quiz_text
    exported = runner.invoke(main, ["quiz", "export-gift", "datenschutz"])
    assert exported.exit_code == 0, exported.output
    lines = exported.stdout.splitlines()
    assert [line for line in lines if line.startswith("$CATEGORY")] == [
        "$CATEGORY: Datenschutz/Grundlagen",
        "$CATEGORY: Recht/Fristen",
    ]
    assert [line.split("[")[0] for line in lines if line.startswith("::")] == [
        "::DS-01 Meldefrist::",
        "::DS-02 Auskunft\\: Frist::",
        "::R-01 Widerspruch::",
    ]


ORDERING = """  - id: reihe
    type: ordering
    prompt: {de: Ordnen Sie., en: Put in order.}
    items:
      - {id: eins, text: {de: Eins, en: One}}
      - {id: zwei, text: {de: Zwei, en: Two}}
    feedback: {de: So., en: Like this.}
"""


def test_export_to_a_file_in_one_language_with_warnings(runner, quiz: Path, tmp_path: Path) -> None:
    quiz.write_text(quiz.read_text() + ORDERING)
    output = tmp_path / "out" / "kurs.gift"
    output.parent.mkdir()
    result = runner.invoke(
        main, ["quiz", "export-gift", "testkurs", "--language", "en", "--output", str(output)]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "warning: question 'reihe' (ordering) is not exported" in result.stderr
    text = output.read_text(encoding="utf-8")
    assert "::farbe::[plain]What colour is the sky?{" in text
    assert "multilang" not in text and "reihe" not in text


def test_export_refuses_a_broken_quiz(runner, quiz: Path) -> None:
    quiz.write_text(quiz.read_text().replace("answer: true", "answer: maybe"))
    result = runner.invoke(main, ["quiz", "export-gift", "testkurs"])
    assert result.exit_code == 1
    assert "'answer' must be true or false" in result.output and result.stdout == ""


def test_the_command_speaks_the_shells_language(
    runner, quiz: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every line goes through the catalog: problems, the refusal and the note (a stand-in
    German catalog until the real one has these texts)."""
    german = {
        "error": "Fehler",
        "unclosed brace: '{' has no '}' (a blank line ends a question; write \\{ for a brace)": (
            "offene Klammer: '{' ohne '}' (eine Leerzeile beendet eine Frage; \\{ für eine Klammer)"
        ),
        "Nothing was imported.": "Nichts wurde importiert.",
    }

    def gettext(msgid: str, **variables: object) -> str:
        text = german.get(msgid, msgid)
        return text % variables if variables else text

    monkeypatch.setattr(cli, "gettext", gettext)
    monkeypatch.setattr(cli, "_", gettext)
    path = gift_file(tmp_path, "Erste?{T}\n\nZweite?{\n=a\n=b\n")
    result = runner.invoke(main, ["quiz", "import-gift", str(path), "testkurs"])
    assert result.exit_code == 1
    assert f"{path}:3: Fehler: offene Klammer: '{{' ohne '}}'" in result.stderr
    assert result.stderr.rstrip().endswith("Nichts wurde importiert.")
