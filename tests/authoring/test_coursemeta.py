"""course.yaml and glossary.yaml as the course pages write them: what was typed reads back,
empty texts are left out (the check then names them), other keys survive."""

from __future__ import annotations

from qualify.authoring.coursemeta import (
    CourseMeta,
    Term,
    course_yaml,
    glossary_yaml,
    lesson_title,
    new_course_files,
    new_lesson_file,
    objective_lines,
    read_course_meta,
    read_glossary,
    reorder,
)
from qualify.authoring.drafts import check_draft
from qualify.core.contentfile import Report, load_yaml_text
from qualify.core.contentwrite import plain_data

META = CourseMeta(
    title={"de": "Datenschutz im Verein", "en": "Data protection in associations"},
    summary={"de": "Was Vereine über Daten wissen müssen."},
    objectives={"de": ("Daten sicher speichern.", "Auskunft geben.")},
    duration_minutes=90,
    lessons=("grundlagen", "auskunft"),
)


def test_course_yaml_reads_back_as_written() -> None:
    assert read_course_meta(course_yaml(None, "datenschutz", META)) == META


def test_empty_texts_are_left_out_and_other_keys_kept() -> None:
    current = "id: alt\nkeep: 1\ntitle:\n  de: Alt\n  en: Old\nduration_minutes: 5\n"
    meta = CourseMeta(title={"en": " ", "de": "Neu"}, summary={"de": ""}, lessons=("a",))
    written = course_yaml(current, "kurs", meta)
    assert plain_data(load_yaml_text(written, Report("course.yaml"))) == {
        "id": "kurs",
        "title": {"de": "Neu"},
        "lessons": ["a"],
        "keep": 1,
    }


def test_unreadable_course_yaml_gives_empty_values() -> None:
    assert read_course_meta("title: [unclosed") == CourseMeta()
    assert read_course_meta(None) == CourseMeta()


def test_reorder_by_typed_positions_keeps_ties_in_order() -> None:
    assert reorder(["a", "b", "c"], {"a": 3, "b": 1, "c": 2}) == ("b", "c", "a")
    assert reorder(["a", "b", "c"], {"c": 1}) == ("a", "c", "b")  # a keeps 1, then c
    assert reorder(["a", "b"], {"x": 1}) == ("a", "b")


def test_objectives_one_per_line() -> None:
    assert objective_lines(" erstens \n\n zweitens\n") == ("erstens", "zweitens")


def test_glossary_reads_back_and_no_terms_means_no_file() -> None:
    terms = [Term("verein", {"de": "Verein", "en": "association"}, {"de": "Eine Gruppe."})]
    assert read_glossary(glossary_yaml(terms)) == terms
    assert glossary_yaml([]) is None


def test_new_course_files_name_what_the_author_still_writes() -> None:
    files = new_course_files("neu", "Neuer Kurs", "Kurz gesagt.", "start", "Der Anfang")
    assert lesson_title(files["lessons/start.de.md"]) == "Der Anfang"
    assert read_course_meta(files["course.yaml"]).lessons == ("start",)
    messages = [p.message for p in check_draft("neu", files).problems if p.severity == "error"]
    assert "missing 'duration_minutes'" in messages
    assert "a quiz needs at least one question" in messages
    assert "missing 'minutes'" in messages
    assert not [m for m in messages if "invalid YAML" in m]


def test_new_lesson_file_holds_only_its_title() -> None:
    assert (
        new_lesson_file(" Titel: mit Doppelpunkt ") == "---\ntitle: 'Titel: mit Doppelpunkt'\n---\n"
    )
    assert lesson_title("no header") == ""
