"""Reading content files with line numbers, so every problem names its file and line.

Pure and shared: the course, quiz, qualification and GIFT parsers of every domain use it;
it imports neither Flask nor SQLAlchemy.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.reader import ReaderError

from qualify.core.locales import SUPPORTED_LOCALES
from qualify.core.messages import Gettext, Message, translate

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SEVERITIES = ("error", "warning", "info")
REQUIRED_LOCALE = "de"
EXPECTED_LOCALES = ("de", "en")  # lessons and quizzes
# What a learner reads before and beside a lesson (a course's title, summary and
# objectives, its glossary, a qualification) is in every language of the site: the
# glossary is the bridge for someone who reads the German lesson.
DESCRIBED_LOCALES = SUPPORTED_LOCALES
MISSING_TRANSLATION = "missing_translation"  # a text lacks one of its expected languages


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in (or noted about) a content file.

    Errors stop an import; warnings do not; "info" lines only report figures (readability).
    """

    path: str
    line: int
    message: str
    severity: str = "error"
    code: str = field(default="", compare=False)
    """What kind of problem, for callers that treat one kind apart (MISSING_TRANSLATION)."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"

    def localized(self, gettext: Gettext) -> str:
        """The line `__str__` gives, in the language of `gettext`."""
        severity = translate(SEVERITY_NAMES.get(self.severity, self.severity), gettext)
        return f"{self.path}:{self.line}: {severity}: {translate(self.message, gettext)}"


SEVERITY_NAMES = {
    "error": Message("error"),
    "warning": Message("warning"),
    "info": Message("info"),
}


@dataclass
class Report:
    """Collects problems while a parser walks one file."""

    path: str
    problems: list[Problem] = field(default_factory=list)

    def error(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def warn(self, line: int, message: str, code: str = "") -> None:
        self.problems.append(Problem(self.path, line, message, "warning", code))

    def info(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message, "info"))


class ContentError(Exception):
    """Content files have errors; `problems` lists each with file and line."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(sorted(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)


class UniqueIds:
    """The ids met so far in one list; an id met again is an error at the repeating line.

    `duplicate` makes the message from the id:
    `lambda item: Message("option id %(id)r is used twice", id=item)`. An empty id is not
    counted: it was reported as missing already.
    """

    def __init__(self, report: Report, duplicate: Callable[[str], Message]) -> None:
        self.report = report
        self.duplicate = duplicate
        self.seen: set[str] = set()

    def add(self, item_id: str, line: int) -> bool:
        """Note `item_id`; False (and an error) when it was met before."""
        if not item_id:
            return True
        if item_id in self.seen:
            self.report.error(line, self.duplicate(item_id))
            return False
        self.seen.add(item_id)
        return True


def display_path(path: Path, root: Path | None = None) -> str:
    if root is not None:
        try:
            return str(path.relative_to(root.parent))
        except ValueError:
            pass
    return str(path)


def load_yaml_text(text: str, report: Report, line_offset: int = 0) -> Any:
    """Parse YAML keeping line numbers (ruamel's round-trip nodes); None after an error.

    A syntax error names the line where the broken construct starts (see `_error_line`);
    `line_offset` is the number of lines in the file before `text` (a lesson's '---').
    """
    try:
        return YAML(typ="rt", pure=True).load(text)
    except MarkedYAMLError as exc:
        line, message = _error_line(exc, text)
        report.error(line + line_offset, Message("invalid YAML: %(detail)s", detail=message))
    except ReaderError as exc:  # a character YAML does not allow, e.g. a NUL byte
        report.error(
            _line_in(text, exc.position) + line_offset,
            Message("invalid YAML: %(detail)s", detail=str(exc)),
        )
    except Exception as exc:  # noqa: BLE001 - any parser failure is a content problem
        # A date that does not exist (2026-02-30) fails while YAML builds it, without a mark.
        line = _impossible_date_line(text) if isinstance(exc, ValueError) else 1
        report.error(line + line_offset, Message("invalid YAML: %(detail)s", detail=str(exc)))
    return None


_DATE_LIKE = re.compile(r"(?<![\w.-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\w.-])")


def _impossible_date_line(text: str) -> int:
    """The first line with a date YAML would read as one but that does not exist; else 1."""
    for number, line in enumerate(text.splitlines(), 1):
        for match in _DATE_LIKE.finditer(line):
            try:
                dt.date(*(int(part) for part in match.groups()))
            except ValueError:
                return number
    return 1


# Contexts whose mark is the start of an enclosing block or of the document, which may be
# hundreds of lines above the mistake: there the problem mark (the misindented line, the
# repeated key, the second document) is the place to look.
_ENCLOSING_CONTEXTS = (
    "while parsing a block mapping",
    "while parsing a block collection",
    "while constructing",
    "while composing",
    "expected a single document",
)


def _error_line(exc: MarkedYAMLError, text: str) -> tuple[int, str]:
    """The 1-based line of a syntax error in `text`, and what to say about it.

    For an opened construct (a '[', '{', quote, key, tag, block scalar) ruamel's context mark
    is where it starts, while the problem mark is only where the parser gave up: the next
    key, or the end of input, which lies past the last line when the text ends in a newline.
    Either way the line is kept within the text, at its last non-blank line at most.
    """
    context = str(exc.context or "")
    use_context = exc.context_mark is not None and not context.startswith(_ENCLOSING_CONTEXTS)
    mark = exc.context_mark if use_context else exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else 1
    message: str = str(exc.problem or context)
    if use_context and exc.problem and context:
        # ruamel's own words stay English; the sentence around them is translated.
        message = Message(
            "%(problem)s (%(context)s that starts on this line)", problem=message, context=context
        )
    return _within(text, line), message


def _line_in(text: str, position: int | None) -> int:
    """The line of a character position, counting line breaks as `str.splitlines` does."""
    if position is None:
        return 1
    return _within(text, len((text[:position] + ".").splitlines()))


def _within(text: str, line: int) -> int:
    """`line`, moved up to the last non-blank line of `text` if it lies beyond it."""
    return max(1, min(line, len(text.rstrip().splitlines())))


def line_of(node: Any, key: str | int | None = None, default: int = 1) -> int:
    """1-based line of a mapping key or sequence item, or of the node itself."""
    try:
        if key is not None and isinstance(node, CommentedMap) and key in node:
            return node.lc.key(key)[0] + 1
        if key is not None and isinstance(node, CommentedSeq):
            return node.lc.item(key)[0] + 1
        if isinstance(node, CommentedMap | CommentedSeq):
            return node.lc.line + 1
    except (AttributeError, KeyError, IndexError, TypeError):
        pass
    return default


class Fields:
    """Typed access to one YAML mapping that records problems instead of raising."""

    def __init__(self, node: Any, report: Report, line_offset: int = 0, where: int = 1) -> None:
        self.report = report
        self.offset = line_offset
        self.ok = isinstance(node, dict)
        self.node: dict[str, Any] = node if isinstance(node, dict) else {}
        self.line = line_of(node, default=where - line_offset) + line_offset
        if not self.ok:
            report.error(where, Message("expected a mapping of keys and values"))

    def line_at(self, key: str) -> int:
        return line_of(self.node, key, default=self.line - self.offset) + self.offset

    def has(self, key: str) -> bool:
        return key in self.node

    def unknown_keys(self, allowed: Iterable[str]) -> None:
        allowed = set(allowed)
        for key in self.node:
            if key not in allowed:
                self.report.error(self.line_at(key), Message("unknown key %(key)r", key=key))

    def text(self, key: str, *, required: bool = True, default: str = "") -> str:
        value = self.node.get(key)
        if value is None:
            if required:
                self.report.error(self.line, Message("missing %(key)r", key=key))
            return default
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.report.error(self.line_at(key), Message("%(key)r must be text", key=key))
            return default
        return str(value).strip()

    def ident(self, key: str = "id") -> str:
        value = self.text(key)
        if value and not ID_PATTERN.match(value):
            self.report.error(
                self.line_at(key),
                Message(
                    "%(key)r must be lowercase letters, digits and hyphens, not %(value)r",
                    key=key,
                    value=value,
                ),
            )
        return value

    def integer(
        self, key: str, *, default: int | None = None, minimum: int = 0, maximum: int | None = None
    ) -> int | None:
        value = self.node.get(key, default)
        if value is None:
            if default is None and key not in self.node:
                self.report.error(self.line, Message("missing %(key)r", key=key))
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.report.error(self.line_at(key), Message("%(key)r must be a whole number", key=key))
            return default
        if value < minimum or (maximum is not None and value > maximum):
            if maximum is None:
                message = Message("%(key)r must be at least %(minimum)s", key=key, minimum=minimum)
            else:
                message = Message(
                    "%(key)r must be between %(minimum)s and %(maximum)s",
                    key=key,
                    minimum=minimum,
                    maximum=maximum,
                )
            self.report.error(self.line_at(key), message)
            return default
        return value

    def boolean(self, key: str, *, default: bool | None = None) -> bool | None:
        value = self.node.get(key, default)
        if not isinstance(value, bool) and value is not None:
            self.report.error(self.line_at(key), Message("%(key)r must be true or false", key=key))
            return default
        if value is None and default is None:
            self.report.error(self.line, Message("missing %(key)r", key=key))
        return value

    def localised(
        self, key: str, *, required: bool = True, locales: tuple[str, ...] = EXPECTED_LOCALES
    ) -> dict[str, str]:
        """A text given per language: {de: ..., en: ...}; German is required, each other of
        `locales` missing is a warning."""
        value = self.node.get(key)
        line = self.line_at(key)
        if value is None:
            if required:
                self.report.error(self.line, Message("missing %(key)r", key=key))
            return {}
        if not isinstance(value, dict):
            self.report.error(
                line, Message("%(key)r must give a text per language (de: ..., en: ...)", key=key)
            )
            return {}
        texts: dict[str, str] = {}
        for locale, text in value.items():
            if not isinstance(text, str | int | float) or not str(text).strip():
                self.report.error(
                    line_of(value, locale, line) + self.offset,
                    Message("%(key)s.%(locale)s must be a non-empty text", key=key, locale=locale),
                )
                continue
            texts[str(locale)] = str(text).strip()
        self._check_locales(key, texts, line, locales)
        return texts

    def localised_list(
        self, key: str, locales: tuple[str, ...] = EXPECTED_LOCALES
    ) -> dict[str, tuple[str, ...]]:
        """A list of texts per language: {de: [...], en: [...]}."""
        value = self.node.get(key)
        line = self.line_at(key)
        if not isinstance(value, dict):
            self.report.error(
                line if value is not None else self.line,
                Message("%(key)r must give a list per language (de: [...], en: [...])", key=key),
            )
            return {}
        lists: dict[str, tuple[str, ...]] = {}
        for locale, items in value.items():
            if (
                not isinstance(items, list)
                or not items
                or not all(isinstance(i, str) and i.strip() for i in items)
            ):
                self.report.error(
                    line_of(value, locale, line) + self.offset,
                    Message(
                        "%(key)s.%(locale)s must be a non-empty list of texts",
                        key=key,
                        locale=locale,
                    ),
                )
                continue
            lists[str(locale)] = tuple(i.strip() for i in items)
        self._check_locales(key, lists, line, locales)
        return lists

    def items(self, key: str, *, required: bool = True) -> list[tuple[Any, int]]:
        """A list under `key`, each item with its line."""
        value = self.node.get(key)
        if value is None:
            if required:
                self.report.error(self.line, Message("missing %(key)r", key=key))
            return []
        if not isinstance(value, list):
            self.report.error(self.line_at(key), Message("%(key)r must be a list", key=key))
            return []
        return [
            (item, line_of(value, i, self.line_at(key)) + self.offset)
            for i, item in enumerate(value)
        ]

    def unique_items(
        self,
        key: str,
        *,
        keys: Iterable[str],
        duplicate: Callable[[str], Message],
        id_key: str = "id",
        required: bool = True,
        check_pattern: bool = True,
        ids_by_position: bool = False,
    ) -> Iterator[tuple[Fields, str]]:
        """The mappings listed under `key`, each with its id, which must be unique in the list.

        Reports an item that is not a mapping (and skips it), keys not in `keys`, a missing
        id or one that is not lowercase letters, digits and hyphens (any text passes when not
        `check_pattern`), and an id met before, with `duplicate` (see UniqueIds) at the line
        of the repeating item, which is still yielded. With `ids_by_position` an item without
        an id is known by its position in the list: "1", "2", ...
        """
        ids = UniqueIds(self.report, duplicate)
        for position, (node, line) in enumerate(self.items(key, required=required), 1):
            item = Fields(node, self.report, line_offset=self.offset, where=line)
            if not item.ok:
                continue
            item.unknown_keys(keys)
            if ids_by_position and not item.has(id_key):
                item_id = str(position)
            elif check_pattern:
                item_id = item.ident(id_key)
            else:
                item_id = item.text(id_key)
            ids.add(item_id, line)
            yield item, item_id

    def _check_locales(
        self, key: str, texts: dict[str, Any], line: int, locales: tuple[str, ...]
    ) -> None:
        for locale in texts:
            if locale not in locales:
                self.report.error(
                    line, Message("%(key)s: unknown language %(locale)r", key=key, locale=locale)
                )
        if texts and REQUIRED_LOCALE not in texts:
            self.report.error(line, Message("%(key)s: the German text (de) is required", key=key))
        for locale in locales:
            if texts and locale not in texts and locale != REQUIRED_LOCALE:
                self.report.warn(
                    line,
                    Message("%(key)s: no %(locale)r version", key=key, locale=locale),
                    MISSING_TRANSLATION,
                )
