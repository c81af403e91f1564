"""Parse a course folder (course.yaml, lessons/*.md, glossary.yaml, images/) into frozen
specs.

Pure: no Flask, no database. Markdown is rendered here (courses/markdown.py), once, at
import time, with raw HTML disabled, so requests only ever serve stored HTML.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from qualify.core.contentfile import (
    DESCRIBED_LOCALES,
    EXPECTED_LOCALES,
    Fields,
    Problem,
    Report,
    UniqueIds,
    display_path,
    has_errors,
    load_yaml_text,
)
from qualify.core.contentwrite import dump_yaml, folder_fingerprint
from qualify.core.messages import Message
from qualify.courses.courseimages import (
    IMAGES_DIR,
    ImageLinks,
    ImageSpec,
    image_problems,
    image_refs,
    load_images,
    referenced_names,
)
from qualify.courses.glossary import term_is_used
from qualify.courses.imagefile import ImageFacts
from qualify.courses.markdown import parse_markdown, plain_text, render_markdown

COURSE_FILE = "course.yaml"
GLOSSARY_FILE = "glossary.yaml"
LESSONS_DIR = "lessons"
FRONT_MATTER = "---"
REVIEW_LOCALE = "de"  # `reviewed:` is written in the German file only
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Review:
    """When a lesson's facts (figures, laws, sources) were last checked, and by whom."""

    on: dt.date
    by: str

    def as_data(self) -> dict[str, object]:
        """The `reviewed:` mapping as written (a date YAML reads back as a date)."""
        return {"on": self.on, "by": self.by}

    @classmethod
    def from_json(cls, data: Mapping[str, str] | None) -> Review | None:
        """From the database's JSON ({"on": "2026-12-06", "by": ...}); None stays None."""
        return cls(dt.date.fromisoformat(data["on"]), data["by"]) if data else None

    def to_json(self) -> dict[str, str]:
        return {"on": self.on.isoformat(), "by": self.by}


@dataclass(frozen=True)
class HeaderLines:
    """Where a lesson file's header says what, so a check can name the line."""

    reviewed: int = 1  # 1 when the file has no `reviewed:`
    sources: tuple[int, ...] = ()


@dataclass(frozen=True)
class LessonSpec:
    id: str
    title: dict[str, str]
    minutes: int
    sources: dict[str, tuple[str, ...]]
    html: dict[str, str]
    markdown: dict[str, str]
    reviewed: Review | None = None  # from the German file
    lines: dict[str, HeaderLines] = field(default_factory=dict, compare=False)
    """Per language, for problems; empty for a lesson read from the database."""


@dataclass(frozen=True)
class TermSpec:
    id: str
    term: dict[str, str]
    definition: dict[str, str]
    line: int = field(default=1, compare=False)  # in glossary.yaml, for problems


@dataclass(frozen=True)
class CourseSpec:
    id: str
    title: dict[str, str]
    summary: dict[str, str]
    objectives: dict[str, tuple[str, ...]]
    duration_minutes: int
    lessons: tuple[LessonSpec, ...]
    glossary: tuple[TermSpec, ...]
    folder: Path
    source_hash: str = field(default="", compare=False)  # contentwrite.folder_fingerprint
    images: tuple[ImageSpec, ...] = ()  # the files in images/, by name


def list_course_folders(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))


def load_course(
    folder: Path,
    root: Path | None = None,
    stored_images: Mapping[str, ImageFacts] | None = None,
) -> tuple[CourseSpec | None, list[Problem]]:
    """Parse one course folder; return the spec (None when it has errors) and all problems.

    Lessons may show the images in the folder's images/ and, for a draft checked in the
    browser, `stored_images` (those the database holds for the course already)."""
    course_path = folder / COURSE_FILE
    report = Report(display_path(course_path, root))
    if not course_path.is_file():
        report.error(1, Message("missing %(file)s", file=COURSE_FILE))
        return None, report.problems
    node = load_yaml_text(course_path.read_text(encoding="utf-8"), report)
    if node is None:
        return None, report.problems
    fields = Fields(node, report)
    fields.unknown_keys({"id", "title", "summary", "objectives", "duration_minutes", "lessons"})
    course_id = fields.ident("id")
    if course_id and course_id != folder.name:
        report.error(
            fields.line_at("id"), Message("id %(id)r must equal the folder name", id=course_id)
        )
    lesson_ids = _lesson_ids(fields)
    title = fields.localised("title", locales=DESCRIBED_LOCALES)
    summary = fields.localised("summary", locales=DESCRIBED_LOCALES)
    objectives = fields.localised_list("objectives", DESCRIBED_LOCALES)
    duration = fields.integer("duration_minutes", minimum=1) or 0
    images, problems = load_images(folder, root)
    problems = list(report.problems) + problems
    known = {**(stored_images or {}), **{image.name: image.facts for image in images}}
    lessons = []
    for lesson_id, _line in lesson_ids:
        lesson, lesson_problems = load_lesson(folder, lesson_id, root, known)
        problems += lesson_problems
        if lesson is not None:
            lessons.append(lesson)
    glossary, glossary_problems = load_glossary(folder, root)
    problems += glossary_problems
    problems += _stray_lesson_files(folder, {lid for lid, _ in lesson_ids}, root)
    if not has_errors(problems):
        problems += unused_glossary_terms(glossary, lessons, folder, root)
        problems += _unused_images(images, lessons, folder, root)
    if has_errors(problems):
        return None, problems
    spec = CourseSpec(
        id=course_id,
        title=title,
        summary=summary,
        objectives=objectives,
        duration_minutes=duration,
        lessons=tuple(lessons),
        glossary=glossary,
        folder=folder,
        source_hash=folder_fingerprint(folder),
        images=images,
    )
    return spec, problems


def _lesson_ids(fields: Fields) -> list[tuple[str, int]]:
    listed = UniqueIds(
        fields.report, lambda item: Message("lesson %(lesson)r is listed twice", lesson=item)
    )
    ids = []
    for item, line in fields.items("lessons"):
        if not isinstance(item, str) or not item:
            fields.report.error(line, Message("each lesson is named by its id (text)"))
        elif listed.add(item, line):
            ids.append((item, line))
    if not ids and fields.has("lessons"):
        fields.report.error(
            fields.line_at("lessons"), Message("a course needs at least one lesson")
        )
    return ids


def load_lesson(
    folder: Path,
    lesson_id: str,
    root: Path | None = None,
    images: Mapping[str, ImageFacts] | None = None,
) -> tuple[LessonSpec | None, list[Problem]]:
    """Read every language version of one lesson; German is required. `images`: the
    course's images by name, which its lessons may show (with alt text in every language)."""
    images = images or {}
    links = ImageLinks(folder.name, {name: (f.width, f.height) for name, f in images.items()})
    problems: list[Problem] = []
    titles, minutes, sources, markdown, html = {}, {}, {}, {}, {}
    lines: dict[str, HeaderLines] = {}
    reviewed: Review | None = None
    for locale in EXPECTED_LOCALES:
        path = folder / LESSONS_DIR / f"{lesson_id}.{locale}.md"
        report = Report(display_path(path, root))
        if not path.is_file():
            if locale == "de":
                report.error(
                    1, Message("missing German lesson file for %(lesson)r", lesson=lesson_id)
                )
            else:
                report.warn(
                    1,
                    Message(
                        "no %(locale)r version of lesson %(lesson)r",
                        locale=locale,
                        lesson=lesson_id,
                    ),
                )
            problems += report.problems
            continue
        text = path.read_text(encoding="utf-8")
        parsed = _parse_lesson_file(text, report)
        if parsed is not None:
            body = parsed[0].markdown
            refs = image_refs(parse_markdown(body), body, _body_line(text))
            image_problems(refs, images, report)
            if parsed[0].reviewed is not None and locale != REVIEW_LOCALE:
                report.error(
                    parsed[1].reviewed,
                    Message(
                        "'reviewed' belongs in the German file only: the translation "
                        "follows the German lesson"
                    ),
                )
        problems += report.problems
        if parsed is None or has_errors(report.problems):
            continue
        lesson, lines[locale] = parsed
        titles[locale], minutes[locale] = lesson.title, lesson.minutes
        sources[locale], markdown[locale] = lesson.sources, lesson.markdown
        html[locale] = render_markdown(markdown[locale], links)
        if locale == REVIEW_LOCALE:
            reviewed = lesson.reviewed
    if has_errors(problems) or "de" not in titles:
        return None, problems
    spec = LessonSpec(
        id=lesson_id,
        title=titles,
        minutes=minutes["de"],
        sources=sources,
        html=html,
        markdown=markdown,
        reviewed=reviewed,
        lines=lines,
    )
    return spec, problems


@dataclass(frozen=True)
class LessonText:
    """One language's lesson file, split into what an editor shows."""

    title: str
    minutes: int
    sources: tuple[str, ...]
    markdown: str
    reviewed: Review | None = None  # German files only


def read_lesson_text(text: str, path: str) -> tuple[LessonText | None, list[Problem]]:
    """A lesson file's text, checked as load_course checks the file; problems name `path`."""
    report = Report(path)
    parsed = _parse_lesson_file(text, report)
    return (parsed[0] if parsed else None), report.problems


def _parse_lesson_file(text: str, report: Report) -> tuple[LessonText, HeaderLines] | None:
    lines = text.splitlines()
    if not lines or lines[0].strip() != FRONT_MATTER:
        report.error(1, Message("a lesson starts with a header between two '---' lines"))
        return None
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == FRONT_MATTER)
    except StopIteration:
        report.error(1, Message("the header is not closed by a '---' line"))
        return None
    node = load_yaml_text("\n".join(lines[1:end]), report, line_offset=1)
    if node is None:
        return None
    fields = Fields(node, report, line_offset=1, where=2)
    fields.unknown_keys({"title", "minutes", "sources", "reviewed"})
    title = fields.text("title")
    minutes = fields.integer("minutes", minimum=1) or 0
    listed = [
        (item, line) for item, line in fields.items("sources") if _is_text(item, line, report)
    ]
    sources = tuple(str(item).strip() for item, _line in listed)
    reviewed = _review(fields) if fields.has("reviewed") else None
    if fields.has("sources") and not sources:
        report.error(fields.line_at("sources"), Message("name at least one source"))
    body = "\n".join(lines[end + 1 :]).strip()
    if not body:
        report.error(end + 2, Message("the lesson has no text"))
    for number, line_text in enumerate(lines[end + 1 :], start=end + 2):
        if line_text.startswith("# "):
            report.error(number, Message("headings inside a lesson start at '##'"))
    if has_errors(report.problems):
        return None
    lines = HeaderLines(
        reviewed=fields.line_at("reviewed") if reviewed else 1,
        sources=tuple(line for _item, line in listed),
    )
    return LessonText(title, minutes, sources, body, reviewed), lines


def _review(fields: Fields) -> Review | None:
    """`reviewed:` with `on` (a date, YYYY-MM-DD) and `by` (who checked the facts)."""
    line = fields.line_at("reviewed")
    node = fields.node["reviewed"]
    if not isinstance(node, dict):
        fields.report.error(
            line,
            Message("'reviewed' needs 'on' (the date, YYYY-MM-DD) and 'by' (who checked) below it"),
        )
        return None
    review = Fields(node, fields.report, line_offset=fields.offset, where=line)
    review.unknown_keys({"on", "by"})
    on = _iso_date(review, "on")
    by = review.text("by")
    if review.node.get("by") is not None and not by:
        fields.report.error(review.line_at("by"), Message("missing %(key)r", key="by"))
    return Review(on, by) if on and by else None


def _iso_date(fields: Fields, key: str) -> dt.date | None:
    """A date written YYYY-MM-DD (YAML reads it as a date; quoted it is text)."""
    value = fields.node.get(key)
    if value is None:
        fields.report.error(fields.line, Message("missing %(key)r", key=key))
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.date(value.year, value.month, value.day)
    if isinstance(value, str) and ISO_DATE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    fields.report.error(
        fields.line_at(key),
        Message(
            "%(key)r must be a date written YYYY-MM-DD, not %(value)r", key=key, value=str(value)
        ),
    )
    return None


def _body_line(text: str) -> int:
    """The line of a well-formed lesson file where its text begins, after the header."""
    lines = text.splitlines()
    end = next(i for i in range(1, len(lines)) if lines[i].strip() == FRONT_MATTER)
    return next((i + 1 for i in range(end + 1, len(lines)) if lines[i].strip()), end + 2)


def _is_text(item: object, line: int, report: Report) -> bool:
    if isinstance(item, str) and item.strip():
        return True
    report.error(line, Message("each source must be a line of text"))
    return False


def load_glossary(
    folder: Path, root: Path | None = None
) -> tuple[tuple[TermSpec, ...], list[Problem]]:
    path = folder / GLOSSARY_FILE
    if not path.is_file():
        return (), []
    report = Report(display_path(path, root))
    node = load_yaml_text(path.read_text(encoding="utf-8"), report)
    if node is None:
        return (), report.problems
    fields = Fields(node, report)
    fields.unknown_keys({"terms"})
    terms = []
    for term_fields, term_id in fields.unique_items(
        "terms",
        keys={"id", "term", "definition"},
        duplicate=lambda item: Message("term %(term)r is defined twice", term=item),
    ):
        terms.append(
            TermSpec(
                term_id,
                term_fields.localised("term", locales=DESCRIBED_LOCALES),
                term_fields.localised("definition", locales=DESCRIBED_LOCALES),
                line=term_fields.line,
            )
        )
    return tuple(terms), report.problems


def unused_glossary_terms(
    glossary: Sequence[TermSpec],
    lessons: Sequence[LessonSpec],
    folder: Path,
    root: Path | None = None,
) -> list[Problem]:
    """Warn about a term that no lesson in that language uses: explained, but never needed.

    A language without any lesson is skipped (its missing versions are warned about).
    """
    texts = {
        locale: "\n".join(
            f"{lesson.title[locale]}\n{plain_text(lesson.markdown[locale], headings=True)}"
            for lesson in lessons
            if locale in lesson.markdown
        )
        for locale in EXPECTED_LOCALES
        if any(locale in lesson.markdown for lesson in lessons)
    }
    report = Report(display_path(folder / GLOSSARY_FILE, root))
    for term in glossary:
        for locale, text in term.term.items():
            if locale in texts and not term_is_used(text, locale, texts[locale]):
                report.warn(
                    term.line,
                    Message(
                        "glossary term %(term)r (%(id)s) appears in no %(locale)r lesson",
                        term=text,
                        id=term.id,
                        locale=locale,
                    ),
                )
    return report.problems


def _unused_images(
    images: Sequence[ImageSpec], lessons: Sequence[LessonSpec], folder: Path, root: Path | None
) -> list[Problem]:
    """An image that no lesson shows is carried along, but probably forgotten."""
    shown = {
        name
        for lesson in lessons
        for markdown in lesson.markdown.values()
        for name in referenced_names(parse_markdown(markdown))
    }
    return [
        Problem(
            display_path(folder / IMAGES_DIR / image.name, root),
            1,
            Message("no lesson shows this image"),
            "warning",
        )
        for image in images
        if image.name not in shown
    ]


def _stray_lesson_files(folder: Path, lesson_ids: set[str], root: Path | None) -> list[Problem]:
    """A lesson file that course.yaml does not list is almost always a typo in an id."""
    lessons_dir = folder / LESSONS_DIR
    if not lessons_dir.is_dir():
        return []
    problems = []
    for path in sorted(lessons_dir.glob("*.md")):
        stem = path.name.removesuffix(".md")
        lesson_id, _, locale = stem.rpartition(".")
        if lesson_id not in lesson_ids or locale not in EXPECTED_LOCALES:
            problems.append(
                Problem(
                    display_path(path, root),
                    1,
                    Message("file is not a lesson listed in course.yaml"),
                    "warning",
                )
            )
    return problems


def course_files(spec: CourseSpec) -> dict[str, str]:
    """The files of a course folder (path inside it -> text) that load_course reads back as
    `spec`: course.yaml, a lesson file per lesson and language, glossary.yaml if any terms.

    A lesson's minutes are its German file's (the spec keeps no other), so they are written
    to every language's file."""
    course = {
        "id": spec.id,
        "title": spec.title,
        "summary": spec.summary,
        "objectives": {locale: list(items) for locale, items in spec.objectives.items()},
        "duration_minutes": spec.duration_minutes,
        "lessons": [lesson.id for lesson in spec.lessons],
    }
    files = {COURSE_FILE: dump_yaml(course)}
    for lesson in spec.lessons:
        for locale, markdown in lesson.markdown.items():
            files[f"{LESSONS_DIR}/{lesson.id}.{locale}.md"] = lesson_file_text(
                lesson.title[locale],
                lesson.minutes,
                lesson.sources.get(locale, ()),
                markdown,
                lesson.reviewed if locale == REVIEW_LOCALE else None,
            )
    if spec.glossary:
        terms = [{"id": t.id, "term": t.term, "definition": t.definition} for t in spec.glossary]
        files[GLOSSARY_FILE] = dump_yaml({"terms": terms})
    return files


def image_files(spec: CourseSpec) -> dict[str, bytes]:
    """The course's images as files of its folder (path inside it -> bytes)."""
    return {f"{IMAGES_DIR}/{image.name}": image.data for image in spec.images}


def lesson_file_text(
    title: str,
    minutes: int,
    sources: Sequence[str],
    markdown: str,
    reviewed: Review | None = None,
) -> str:
    """A lesson file: the header between two '---' lines, a blank line, the Markdown.

    `reviewed` comes first in the header, as the shipped files have it: it says how current
    what follows is (and a line of its own at the top keeps merges of other header edits
    apart)."""
    header: dict[str, object] = {}
    if reviewed is not None:
        header["reviewed"] = reviewed.as_data()
    header.update(title=title, minutes=minutes)
    if sources:
        header["sources"] = list(sources)
    return f"{FRONT_MATTER}\n{dump_yaml(header)}{FRONT_MATTER}\n\n{markdown}\n"
