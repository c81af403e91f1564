"""A course draft as files: hashes for conflict checks, changes between states, line diffs,
and checking a draft with the same parsers as `qualify content check`. Pure: no Flask, no
database (the check writes the files to a temporary folder and reads them like an import).
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from qualify.assessment.quizfile import QuizSpec, load_quiz
from qualify.core.contentfile import Problem, Report, has_errors, load_yaml_text
from qualify.courses.coursefile import (
    FRONT_MATTER,
    ISO_DATE,
    LESSONS_DIR,
    CourseSpec,
    LessonText,
    Review,
    load_course,
    read_lesson_text,
)
from qualify.courses.currency import ReviewRule, check_currency
from qualify.courses.imagefile import ImageFacts
from qualify.courses.readability import check_readability

Files = Mapping[str, str]
ABSENT = "absent"  # the hash of a file that does not exist


def text_hash(text: str | None) -> str:
    """What an editor sends back to say which text it started from."""
    return ABSENT if text is None else hashlib.sha256(text.encode()).hexdigest()


def lesson_path(lesson_id: str, locale: str) -> str:
    return f"{LESSONS_DIR}/{lesson_id}.{locale}.md"


def lesson_of(path: str) -> tuple[str, str] | None:
    """`lessons/a.de.md` -> ("a", "de"); None for any other file."""
    folder, _, name = path.partition("/")
    lesson, dot, locale = name.removesuffix(".md").rpartition(".")
    if folder != LESSONS_DIR or not name.endswith(".md") or not dot or "/" in name:
        return None
    return lesson, locale


def lesson_fields(text: str) -> LessonText:
    """What the editor shows of a lesson file, also when the file has errors (a header the
    check refuses, no text yet): nothing the author wrote may disappear from the form."""
    parsed, _ = read_lesson_text(text, "")
    if parsed is not None:
        return parsed
    lines = text.splitlines()
    ends = [i for i, line in enumerate(lines) if line.strip() == FRONT_MATTER]
    if len(ends) < 2 or ends[0] != 0:
        return LessonText("", 0, (), text.strip())
    header = load_yaml_text("\n".join(lines[1 : ends[1]]), Report(""))
    header = header if isinstance(header, dict) else {}
    sources = header.get("sources")
    minutes = header.get("minutes")
    return LessonText(
        title=str(header.get("title") or ""),
        minutes=minutes if isinstance(minutes, int) else 0,
        sources=tuple(str(s) for s in sources) if isinstance(sources, list) else (),
        markdown="\n".join(lines[ends[1] + 1 :]).strip(),
        reviewed=_loose_review(header.get("reviewed")),
    )


def _loose_review(node: object) -> Review | None:
    """`reviewed:` of a file with errors elsewhere, kept for the form when it is readable."""
    if not isinstance(node, dict) or not str(node.get("by") or "").strip():
        return None
    on = node.get("on")
    if isinstance(on, str) and ISO_DATE.match(on.strip()):
        try:
            on = dt.date.fromisoformat(on.strip())
        except ValueError:
            return None
    if not isinstance(on, dt.date) or isinstance(on, dt.datetime):
        return None
    return Review(dt.date(on.year, on.month, on.day), str(node["by"]).strip())


def changed_files(before: Files, after: Files) -> dict[str, str | None]:
    """What a version stores: each file that differs, None for a file that was removed."""
    changes: dict[str, str | None] = {
        path: text for path, text in after.items() if before.get(path) != text
    }
    changes.update({path: None for path in before if path not in after})
    return dict(sorted(changes.items()))


def fold(versions: Iterable[Mapping[str, str | None]]) -> dict[str, str]:
    """The files after applying each version's changes in order."""
    files: dict[str, str] = {}
    for changes in versions:
        for path, text in changes.items():
            if text is None:
                files.pop(path, None)
            else:
                files[path] = text
    return files


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "same", "added", "removed" or "skipped" (a run of unchanged lines left out)
    text: str
    count: int = 1  # for "skipped": how many lines


def line_diff(before: str, after: str, context: int = 2) -> list[DiffLine]:
    """A readable diff: changed lines with `context` unchanged lines around them."""
    old, new = before.splitlines(), after.splitlines()
    lines: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            lines += _context(old[i1:i2], context, first=i1 == 0, last=i2 == len(old))
            continue
        lines += [DiffLine("removed", text) for text in old[i1:i2]]
        lines += [DiffLine("added", text) for text in new[j1:j2]]
    return lines


def _context(same: list[str], context: int, *, first: bool, last: bool) -> list[DiffLine]:
    head = [] if first else same[:context]
    tail = [] if last else same[-context:] if len(same) > len(head) else []
    skipped = len(same) - len(head) - len(tail)
    if skipped <= 0:
        return [DiffLine("same", text) for text in same]
    return [
        *(DiffLine("same", text) for text in head),
        DiffLine("skipped", "", skipped),
        *(DiffLine("same", text) for text in tail),
    ]


@dataclass(frozen=True)
class DraftCheck:
    course: CourseSpec | None
    quiz: QuizSpec | None
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return self.course is not None and self.quiz is not None and not has_errors(self.problems)


def check_draft(
    course_id: str,
    files: Files,
    images: Mapping[str, ImageFacts] | None = None,
    review: ReviewRule | None = None,
) -> DraftCheck:
    """Parse a draft as `qualify content check` parses a course folder: every problem with
    its file (inside the course folder) and line, readability figures included. `images`:
    the course's stored images (a draft holds text files only). With `review`, also the
    review dates and renamed names (courses/currency.py), judged on `review.today`."""
    with tempfile.TemporaryDirectory(prefix="qualify-draft-") as tmp:
        root = Path(tmp)
        folder = root / course_id
        for name, text in files.items():
            path = folder / name
            if not path.resolve().is_relative_to(folder.resolve()):
                raise ValueError(f"a draft file outside its course: {name!r}")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        folder.mkdir(exist_ok=True)
        # Problems name the file inside the course, as `<course>/lessons/a.de.md`.
        course, problems = load_course(folder, folder, stored_images=images)
        quiz, quiz_problems = load_quiz(folder, folder)
        readability = check_readability(course, folder) if course else []
        if course is not None and review is not None:
            readability += check_currency(course, review, folder)
    problems = sorted(problems + quiz_problems + readability)
    return DraftCheck(course, quiz, problems)


def problems_of(check: DraftCheck, course_id: str, path: str) -> list[Problem]:
    """The problems a draft check found in one file of the course (`lessons/a.de.md`)."""
    shown = f"{course_id}/{path}"
    return [problem for problem in check.problems if problem.path == shown]
