"""A course's own files in the editor: course.yaml's texts and lesson order, glossary.yaml's
terms, and the files of a new course. Pure: reads and writes text, no Flask, no database.

Reading is lenient (an editor must open a file the check rejects, to repair it); writing
leaves out what the author left empty, so the draft check names what is still missing
instead of the file holding invented text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from qualify.authoring.drafts import lesson_path
from qualify.core.contentfile import DESCRIBED_LOCALES, Report, load_yaml_text
from qualify.core.contentwrite import dump_yaml, plain_data
from qualify.courses.coursefile import COURSE_FILE, FRONT_MATTER, GLOSSARY_FILE

QUIZ_FILE = "quiz.yaml"
CONTENT_LOCALES = DESCRIBED_LOCALES
"""The languages a course's texts may have: what the content check accepts, German first."""


@dataclass(frozen=True)
class CourseMeta:
    """What course.yaml says about a course besides its id."""

    title: dict[str, str] = field(default_factory=dict)
    summary: dict[str, str] = field(default_factory=dict)
    objectives: dict[str, tuple[str, ...]] = field(default_factory=dict)
    duration_minutes: int | None = None
    lessons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Term:
    """One glossary entry: its id, and the term and its plain explanation per language."""

    id: str
    term: dict[str, str]
    definition: dict[str, str]


def _mapping(text: str | None, name: str) -> dict[str, Any]:
    node = load_yaml_text(text or "", Report(name)) if text else None
    data = plain_data(node) if node is not None else None
    return data if isinstance(data, dict) else {}


def _texts(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    return {str(k): str(v) for k, v in value.items() if isinstance(v, str | int | float)}


def read_course_meta(text: str | None) -> CourseMeta:
    """course.yaml's texts as far as they can be read (empty where they cannot)."""
    data = _mapping(text, COURSE_FILE)
    objectives = data.get("objectives")
    duration = data.get("duration_minutes")
    lessons = data.get("lessons")
    return CourseMeta(
        title=_texts(data.get("title")),
        summary=_texts(data.get("summary")),
        objectives={
            str(locale): tuple(str(item) for item in items)
            for locale, items in (objectives.items() if isinstance(objectives, dict) else [])
            if isinstance(items, list)
        },
        duration_minutes=duration if isinstance(duration, int) and duration > 0 else None,
        lessons=tuple(
            item for item in (lessons if isinstance(lessons, list) else []) if isinstance(item, str)
        ),
    )


def _given(texts: Mapping[str, str]) -> dict[str, str]:
    """German first, then the others in their order; empty texts left out."""
    ordered = sorted(texts.items(), key=lambda item: _locale_rank(item[0]))
    return {locale: text.strip() for locale, text in ordered if text.strip()}


def _locale_rank(locale: str) -> int:
    return CONTENT_LOCALES.index(locale) if locale in CONTENT_LOCALES else len(CONTENT_LOCALES)


def objective_lines(text: str) -> tuple[str, ...]:
    """One objective per line, blank lines dropped."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def course_yaml(current: str | None, course_id: str, meta: CourseMeta) -> str:
    """course.yaml with `meta` written into it; other keys of the current file are kept."""
    data = _mapping(current, COURSE_FILE)
    data["id"] = course_id
    written: dict[str, Any] = {
        "title": _given(meta.title),
        "summary": _given(meta.summary),
        "objectives": {
            locale: list(items)
            for locale, items in sorted(meta.objectives.items(), key=lambda i: _locale_rank(i[0]))
            if items
        },
        "duration_minutes": meta.duration_minutes,
        "lessons": list(meta.lessons),
    }
    for key, value in written.items():
        data.pop(key, None)
        if value:
            data[key] = value
    order = ["id", *written]
    return dump_yaml(dict(sorted(data.items(), key=lambda i: _key_rank(order, i[0]))))


def _key_rank(order: Sequence[str], key: str) -> int:
    return order.index(key) if key in order else len(order)


def reorder(lessons: Sequence[str], positions: Mapping[str, int]) -> tuple[str, ...]:
    """The lessons sorted by the positions an author typed (1 = first); a lesson without a
    position, and lessons given the same one, keep their order among themselves."""
    return tuple(
        lesson
        for _, _, lesson in sorted(
            (positions.get(lesson, index + 1), index, lesson)
            for index, lesson in enumerate(lessons)
        )
    )


def new_lesson_file(title: str) -> str:
    """A lesson file with only its German title: minutes, sources and text are the
    author's to write (the check says so until they are there)."""
    return f"{FRONT_MATTER}\n{dump_yaml({'title': title.strip()})}{FRONT_MATTER}\n"


def lesson_title(text: str | None) -> str:
    """The title in a lesson file's header, or "" when it cannot be read."""
    lines = (text or "").splitlines()
    if not lines or lines[0].strip() != FRONT_MATTER:
        return ""
    header = next(
        (lines[1:end] for end in range(1, len(lines)) if lines[end].strip() == FRONT_MATTER), []
    )
    data = _mapping("\n".join(header), "lesson") if header else {}
    title = data.get("title")
    return str(title) if isinstance(title, str | int | float) else ""


def new_course_files(
    course_id: str, title: str, summary: str, lesson_id: str, lesson_title: str
) -> dict[str, str]:
    """The first files of a course created in the browser: course.yaml with its German
    title and summary and the first lesson, that lesson's German file, and a quiz without
    questions yet."""
    meta = CourseMeta(title={"de": title}, summary={"de": summary}, lessons=(lesson_id,))
    return {
        COURSE_FILE: course_yaml(None, course_id, meta),
        lesson_path(lesson_id, "de"): new_lesson_file(lesson_title),
        QUIZ_FILE: dump_yaml({"questions": []}),
    }


def read_glossary(text: str | None) -> list[Term]:
    """glossary.yaml's terms as far as they can be read."""
    terms = _mapping(text, GLOSSARY_FILE).get("terms")
    return [
        Term(str(item.get("id", "")), _texts(item.get("term")), _texts(item.get("definition")))
        for item in (terms if isinstance(terms, list) else [])
        if isinstance(item, dict)
    ]


def glossary_yaml(terms: Sequence[Term]) -> str | None:
    """glossary.yaml for these terms; None (no file) when there are none."""
    if not terms:
        return None
    return dump_yaml(
        {
            "terms": [
                {"id": t.id, "term": _given(t.term), "definition": _given(t.definition)}
                for t in terms
            ]
        }
    )
