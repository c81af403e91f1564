"""What `qualify content check` reports about a course, with file, line and severity.

Each test builds a small course folder in tmp_path and changes one thing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from qualify.assessment.quizfile import load_quiz
from qualify.cli import main
from qualify.content import load_content
from qualify.core.contentfile import Problem, has_errors
from qualify.courses.coursefile import load_course
from qualify.courses.glossary import term_forms, term_is_used

SITE_LANGUAGES = ("de", "en", "fr", "ru", "ar", "es", "pl", "vi")


def per_language(key: str, german: str, english: str) -> str:
    """A text of course.yaml in every site language (the English stands in for the rest)."""
    texts = [f"  {lang}: {german if lang == 'de' else english}" for lang in SITE_LANGUAGES]
    return "\n".join([f"{key}:", *texts]) + "\n"


COURSE_YAML = (
    "id: kurs\n"
    + per_language("title", "Kurs", "Course")
    + per_language("summary", "Ein Kurs.", "A course.")
    + per_language("objectives", "[etwas lernen]", "[learn something]")
    + "duration_minutes: 30\nlessons:\n  - verein\n"
)

LESSON_DE = """\
---
title: Der Verein
minutes: 10
sources:
  - "§ 21 BGB"
---
Ein Verein hat eine Satzung. Die Mitglieder wählen den Vorstand.
"""

LESSON_EN = """\
---
title: The association
minutes: 10
sources:
  - "Section 21 BGB"
---
An association has statutes. The members elect the board.
"""

QUIZ_YAML = """\
pass_mark: 70
questions:
  - id: frage-eins
    type: true_false
    answer: true
    prompt: {de: Ein Verein hat eine Satzung., en: An association has statutes.}
    feedback: {de: Ja., en: Yes.}
  - id: frage-zwei
    type: true_false
    answer: false
    prompt: {de: Der Vorstand wählt die Mitglieder., en: The board elects the members.}
    feedback: {de: Nein., en: No.}
"""


def write_course(
    root: Path,
    *,
    lessons: dict[str, str] | None = None,
    glossary: str | None = None,
    quiz: str = QUIZ_YAML,
) -> Path:
    """A course folder `root/content/kurs` with one lesson `verein` (de, en) and a quiz."""
    folder = root / "content" / "kurs"
    (folder / "lessons").mkdir(parents=True)
    (folder / "course.yaml").write_text(COURSE_YAML, encoding="utf-8")
    files = {"verein.de.md": LESSON_DE, "verein.en.md": LESSON_EN}
    files.update(lessons or {})
    for name, text in files.items():
        if text is not None:
            (folder / "lessons" / name).write_text(text, encoding="utf-8")
    if glossary is not None:
        (folder / "glossary.yaml").write_text(glossary, encoding="utf-8")
    (folder / "quiz.yaml").write_text(quiz, encoding="utf-8")
    return folder


def found(problems: list[Problem], file: str) -> list[tuple[int, str, str]]:
    return [(p.line, p.severity, p.message) for p in problems if Path(p.path).name == file]


def line_with(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, row in enumerate(lines, 1) if text in row)


def test_the_course_built_here_has_no_problems(tmp_path: Path) -> None:
    folder = write_course(tmp_path)
    spec, problems = load_course(folder)
    assert spec is not None and problems == []


# Lessons: sources and language versions


def test_lesson_without_sources_is_an_error(tmp_path: Path) -> None:
    no_sources = "---\ntitle: Der Verein\nminutes: 10\n---\nEin Verein hat eine Satzung.\n"
    folder = write_course(tmp_path, lessons={"verein.de.md": no_sources})
    spec, problems = load_course(folder)
    assert spec is None
    assert found(problems, "verein.de.md") == [(2, "error", "missing 'sources'")]


def test_lesson_with_an_empty_list_of_sources_is_an_error(tmp_path: Path) -> None:
    empty = "---\ntitle: The association\nminutes: 10\nsources: []\n---\nText.\n"
    folder = write_course(tmp_path, lessons={"verein.en.md": empty})
    spec, problems = load_course(folder)
    assert spec is None
    assert found(problems, "verein.en.md") == [(4, "error", "name at least one source")]


def test_missing_english_lesson_is_a_warning(tmp_path: Path) -> None:
    folder = write_course(tmp_path, lessons={"verein.en.md": None})
    spec, problems = load_course(folder)
    assert spec is not None
    assert found(problems, "verein.en.md") == [(1, "warning", "no 'en' version of lesson 'verein'")]


def test_missing_german_lesson_is_an_error(tmp_path: Path) -> None:
    folder = write_course(tmp_path, lessons={"verein.de.md": None})
    spec, problems = load_course(folder)
    assert spec is None
    assert found(problems, "verein.de.md") == [
        (1, "error", "missing German lesson file for 'verein'")
    ]


def test_missing_english_title_in_course_yaml_is_a_warning(tmp_path: Path) -> None:
    folder = write_course(tmp_path)
    course = folder / "course.yaml"
    course.write_text(COURSE_YAML.replace("  en: Course\n", "", 1))
    spec, problems = load_course(folder)
    assert spec is not None
    assert found(problems, "course.yaml") == [(2, "warning", "title: no 'en' version")]


# Quizzes: the pool and feedback (checked through load_content, as `content check` does)


def test_quiz_drawing_more_questions_than_its_pool_has_is_an_error(tmp_path: Path) -> None:
    folder = write_course(
        tmp_path, quiz=QUIZ_YAML.replace("pass_mark: 70", "pass_mark: 70\ndraw: 5")
    )
    content = load_content(tmp_path / "content", None)
    assert content.courses == [] and not content.ok
    problems = found(content.problems, "quiz.yaml")
    assert [(line, severity) for line, severity, _ in problems] == [
        (line_with(folder / "quiz.yaml", "draw:"), "error")
    ]
    message = problems[0][2]
    assert "draw" in message and "5" in message and "2" in message


def test_quiz_drawing_more_questions_of_a_tag_than_the_pool_has_is_an_error(
    tmp_path: Path,
) -> None:
    quiz = QUIZ_YAML.replace("pass_mark: 70", "pass_mark: 70\ndraw: {verein: 2}").replace(
        "    answer: true\n", "    answer: true\n    tags: [verein]\n"
    )
    folder = write_course(tmp_path, quiz=quiz)
    content = load_content(tmp_path / "content", None)
    assert not content.ok
    problems = found(content.problems, "quiz.yaml")
    assert [(line, severity) for line, severity, _ in problems] == [
        (line_with(folder / "quiz.yaml", "draw:"), "error")
    ]
    assert "verein" in problems[0][2] and "2" in problems[0][2]


def test_quiz_drawing_exactly_its_pool_is_fine(tmp_path: Path) -> None:
    write_course(tmp_path, quiz=QUIZ_YAML.replace("pass_mark: 70", "pass_mark: 70\ndraw: 2"))
    content = load_content(tmp_path / "content", None)
    assert content.ok and found(content.problems, "quiz.yaml") == []


def test_question_without_feedback_is_a_warning(tmp_path: Path) -> None:
    quiz = QUIZ_YAML.replace("    feedback: {de: Nein., en: No.}\n", "")
    folder = write_course(tmp_path, quiz=quiz)
    content = load_content(tmp_path / "content", None)
    assert content.ok
    assert found(content.problems, "quiz.yaml") == [
        (
            line_with(folder / "quiz.yaml", "id: frage-zwei"),
            "warning",
            "question 'frage-zwei' has no feedback",
        )
    ]


# Glossary terms that no lesson uses


# A glossary is in every site language; the English stands in for the other six here.
OTHER_LANGUAGES = ", fr: {en}, ru: {en}, ar: {en}, es: {en}, pl: {en}, vi: {en}"


def glossary(*terms: tuple[str, str, str]) -> str:
    rows = ["terms:"]
    for term_id, de, en in terms:
        rows += [
            f"  - id: {term_id}",
            f'    term: {{de: "{de}", en: "{en}"{OTHER_LANGUAGES.format(en=en)}}}',
            "    definition: {de: Erklärung., en: Explanation."
            + OTHER_LANGUAGES.format(en="Explanation.")
            + "}",
        ]
    return "\n".join(rows) + "\n"


def lesson(body: str, title: str = "Titel") -> str:
    return f'---\ntitle: {title}\nminutes: 5\nsources: ["Quelle"]\n---\n{body}\n'


def test_unused_glossary_term_is_a_warning_at_its_line_per_language(tmp_path: Path) -> None:
    folder = write_course(
        tmp_path,
        glossary=glossary(
            ("verein", "Verein", "association"),
            ("kassenpruefung", "Kassenprüfung", "cash audit"),
        ),
    )
    spec, problems = load_course(folder)
    assert spec is not None
    line = line_with(folder / "glossary.yaml", "id: kassenpruefung")
    assert found(problems, "glossary.yaml") == [
        (
            line,
            "warning",
            "glossary term 'Kassenprüfung' (kassenpruefung) appears in no 'de' lesson",
        ),
        (line, "warning", "glossary term 'cash audit' (kassenpruefung) appears in no 'en' lesson"),
    ]
    assert not has_errors(problems)


def test_glossary_term_used_in_one_language_only_is_reported_for_the_other(
    tmp_path: Path,
) -> None:
    folder = write_course(
        tmp_path,
        lessons={"verein.en.md": lesson("The board keeps the cash book.", "Cash")},
        glossary=glossary(("vorstand", "Vorstand", "board"), ("verein", "Verein", "association")),
    )
    _spec, problems = load_course(folder)
    assert [message for _, _, message in found(problems, "glossary.yaml")] == [
        "glossary term 'association' (verein) appears in no 'en' lesson"
    ]


def test_glossary_check_skips_a_language_without_lessons(tmp_path: Path) -> None:
    folder = write_course(
        tmp_path,
        lessons={"verein.en.md": None},
        glossary=glossary(("verein", "Verein", "club that is never mentioned")),
    )
    _spec, problems = load_course(folder)
    assert found(problems, "glossary.yaml") == []


def test_glossary_term_in_a_heading_or_title_counts_as_used(tmp_path: Path) -> None:
    folder = write_course(
        tmp_path,
        lessons={
            "verein.de.md": lesson("## Die Kassenprüfung\n\nZwei Personen prüfen die Kasse."),
            "verein.en.md": lesson("Two people check the cash.", title="The cash audit"),
        },
        glossary=glossary(("kassenpruefung", "Kassenprüfung", "cash audit")),
    )
    _spec, problems = load_course(folder)
    assert found(problems, "glossary.yaml") == []


@pytest.mark.parametrize(
    ("term", "locale", "text"),
    [
        ("Verein", "de", "Die Satzung des Vereins."),  # genitive -s
        ("Verein", "de", "Viele Vereine arbeiten zusammen."),  # plural -e
        ("Beirat", "de", "Die Satzung des Beirates."),  # -es
        ("Kompetenz", "de", "Ihre Kompetenzen sind sichtbar."),  # -en
        ("Datenpanne", "de", "Melden Sie Datenpannen sofort."),  # -n
        ("VEREIN", "de", "ein verein"),  # case
        ("unbewusstes Vorurteil", "de", "Wir alle haben unbewusste Vorurteile."),
        (
            "Besondere Kategorien personenbezogener Daten",
            "de",
            "besondere Kategorien personenbezogene Daten",
        ),
        ("personenbezogene Daten", "de", "Schutz personenbezogener\nDaten"),  # line break
        ("Datenschutzbeauftragte*r", "de", "Fragen Sie die Datenschutzbeauftragten."),
        ("Datenschutzbeauftragte*r", "de", "Eine*n Datenschutzbeauftragte*n benennen."),
        ("Berufsgeheimnisträger*innen", "de", "Ein Berufsgeheimnisträger schweigt."),
        ("eingetragener Verein (e.V.)", "de", "Die Elbbrücke e.V. lädt ein."),
        ("registered association (eingetragener Verein, e.V.)", "en", "a German e.V."),
        ("Migrations- oder Integrationsbeirat", "de", "Der Integrationsbeirat tagt."),
        ("migration or integration advisory board", "en", "The migration advisory board."),
        ("supervisory authority", "en", "Both supervisory authorities agree."),
        ("data breach", "en", "Report data breaches."),
        ("board", "en", "The board's decision."),
    ],
)
def test_glossary_term_forms_are_found(term: str, locale: str, text: str) -> None:
    assert term_is_used(term, locale, text)


@pytest.mark.parametrize(
    ("term", "locale", "text"),
    [
        ("Rat", "de", "Der Beirat tagt."),  # part of another word
        ("Rat", "de", "Ratschläge helfen."),  # a compound starting with the term
        ("mittelbare Benachteiligung", "de", "unmittelbare Benachteiligung"),
        ("AGG", "en", "aggressive behaviour"),
        ("Verein", "de", "Vereinigung"),  # not an inflection suffix
        ("cash audit", "en", "cash, then audit"),
        ("Migrations- oder Integrationsbeirat", "de", "Migration und Integration"),
    ],
)
def test_glossary_term_is_not_found_in_other_words(term: str, locale: str, text: str) -> None:
    assert not term_is_used(term, locale, text)


def test_term_forms_split_brackets_and_alternatives() -> None:
    assert term_forms("registered association (eingetragener Verein, e.V.)") == (
        "registered association (eingetragener Verein, e.V.)",
        "registered association",
        "eingetragener Verein",
        "e.V.",
    )
    assert term_forms("migration or integration advisory board") == (
        "migration or integration advisory board",
        "migration advisory board",
        "integration advisory board",
    )


# The command line: readability figures are info lines, not warnings


def test_content_check_counts_errors_warnings_and_info_lines(app: Flask, tmp_path: Path) -> None:
    write_course(tmp_path, glossary=glossary(("kasse", "Kasse", "cash box")))
    (tmp_path / "certificates").mkdir()
    result = app.test_cli_runner().invoke(
        main,
        [
            "content",
            "check",
            str(tmp_path / "content"),
            "--certificates",
            str(tmp_path / "certificates"),
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[-1] == "1 course, 0 qualifications; 0 errors, 3 warnings. 2 info lines."
    assert sum(": warning: glossary term" in line for line in lines) == 2
    assert "content/kurs/lessons/verein.de.md:1: warning: no 'reviewed'" in result.output
    assert "content/kurs/lessons/verein.de.md:1: info: readability: Flesch-Amstad" in result.output
    assert "content/kurs/lessons/verein.en.md:1: info: readability: Flesch " in result.output


# Ids listed twice


def test_glossary_term_defined_twice_is_an_error_at_the_second(tmp_path: Path) -> None:
    folder = write_course(
        tmp_path,
        glossary=glossary(("verein", "Verein", "association"), ("verein", "Satzung", "statutes")),
    )
    spec, problems = load_course(folder)
    assert spec is None
    assert found(problems, "glossary.yaml") == [(5, "error", "term 'verein' is defined twice")]


def test_lesson_listed_twice_is_an_error_and_read_once(tmp_path: Path) -> None:
    folder = write_course(tmp_path)
    course = folder / "course.yaml"
    course.write_text(course.read_text() + "  - verein\n", encoding="utf-8")
    spec, problems = load_course(folder)
    assert spec is None
    last = COURSE_YAML.count("\n") + 1  # the line added at the end
    assert found(problems, "course.yaml") == [(last, "error", "lesson 'verein' is listed twice")]
    assert found(problems, "verein.de.md") == []


def test_question_id_used_twice_is_an_error_at_the_second(tmp_path: Path) -> None:
    folder = write_course(tmp_path, quiz=QUIZ_YAML.replace("id: frage-zwei", "id: frage-eins"))
    spec, problems = load_quiz(folder)
    assert spec is None
    assert found(problems, "quiz.yaml") == [(8, "error", "question id 'frage-eins' is used twice")]
