"""What a question editor in the browser sends and shows, as plain values. Pure.

An editor's form is flat: one text per input name. Texts per language are `<name>-<locale>`
(`prompt-de`), list entries are rows `<list>-<n>-<key>` (`options-0-text-en`), check boxes
send "on". Each question type turns its quiz.yaml mapping into these values
(`QuestionType.editor_values`) and back (`source_from_editor`); what comes back is checked
by the quiz parser like any file, so nothing here validates.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from typing import Any

from qualify.core.contentfile import EXPECTED_LOCALES

EditorValues = Mapping[str, str]
CHECKED = "on"
BLANK_ROWS = 2  # empty rows an editor offers below a list, for new entries
_WHOLE = re.compile(r"-?[0-9]+")
_DECIMAL_COMMA = re.compile(r"-?[0-9]+,[0-9]+")


def clean(text: Any) -> str:
    """A typed text without surrounding space and with the browser's line ends made \\n."""
    return str(text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def put(mapping: dict[str, Any], key: str, value: Any) -> None:
    """Set `key` unless the value is empty: an empty input means the key is left out."""
    if value not in (None, "", {}, []):
        mapping[key] = value


def text_of(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def localised_values(name: str, texts: Any) -> dict[str, str]:
    """{de: ..., en: ...} as the inputs `<name>-de`, `<name>-en`."""
    if not isinstance(texts, Mapping):
        return {}
    return {f"{name}-{locale}": text_of(text) for locale, text in texts.items()}


def localised_from(values: EditorValues, name: str) -> dict[str, str]:
    """The texts typed for each of the site's content languages; empty ones left out."""
    texts = {}
    for locale in EXPECTED_LOCALES:
        put(texts, locale, clean(values.get(f"{name}-{locale}")))
    return texts


def number_from(text: Any) -> int | float | str | None:
    """A typed number as YAML would hold it (whole numbers as int); "0,5" is 0.5; anything
    else stays text, so the parser names the mistake."""
    typed = clean(text)
    if not typed:
        return None
    if _DECIMAL_COMMA.fullmatch(typed):
        typed = typed.replace(",", ".")
    if _WHOLE.fullmatch(typed) and str(int(typed)) == typed:
        return int(typed)
    try:
        number = float(typed)
    except ValueError:
        return typed
    return number if math.isfinite(number) and repr(number) == typed else typed


def answer_text_from(text: Any) -> int | str | None:
    """An accepted answer: whole numbers as YAML numbers (as authors write `- 72`)."""
    typed = clean(text)
    if _WHOLE.fullmatch(typed) and str(int(typed)) == typed:
        return int(typed)
    return typed or None


def flag_values(name: str, value: Any) -> dict[str, str]:
    """An optional yes/no key as a choice of "", "true" and "false"."""
    return {name: text_of(value) if isinstance(value, bool) else ""}


def flag_from(values: EditorValues, name: str) -> bool | str | None:
    typed = clean(values.get(name))
    return {"": None, "true": True, "false": False}.get(typed, typed)


def items(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def row_numbers(values: EditorValues, prefix: str) -> list[int]:
    """The row numbers sent for a list: `options-3-text-de` is row 3 of `options`."""
    start = f"{prefix}-"
    numbers = set()
    for key in values:
        if key.startswith(start):
            number, _, rest = key[len(start) :].partition("-")
            if number.isdigit() and rest and len(number) <= 4:
                numbers.add(int(number))
    return sorted(numbers)


def editor_rows(values: EditorValues, prefix: str, blank: int = BLANK_ROWS) -> list[int]:
    """The rows an editor shows: those with values, then `blank` empty ones."""
    used = row_numbers(values, prefix)
    first_free = used[-1] + 1 if used else 0
    return used + list(range(first_free, first_free + blank))


def rows(
    values: EditorValues, prefix: str, *, ignore: frozenset[str] = frozenset()
) -> Iterator[dict[str, str]]:
    """Each non-empty row of a list as its own values (`text-de`, `correct`, ...); a row
    whose inputs, besides `ignore`, are all empty was left blank and is skipped."""
    for number in row_numbers(values, prefix):
        start = f"{prefix}-{number}-"
        row = {key[len(start) :]: str(v) for key, v in values.items() if key.startswith(start)}
        if any(clean(v) for key, v in row.items() if key not in ignore):
            yield row


def prefixed(prefix: str, values: Mapping[str, str]) -> dict[str, str]:
    return {f"{prefix}-{key}": value for key, value in values.items()}
