"""Writing content files: YAML that reads back as the data written, and folder fingerprints.

Pure and shared, the counterpart of contentfile.py: `qualify content export` writes course,
glossary and quiz files with it, and the import fingerprints each course folder.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.scalarbool import ScalarBoolean
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

FOLD_AT = 88  # long texts are folded near this column, as the shipped files are


def plain_data(value: Any, *, dates: bool = False) -> Any:
    """ruamel's round-trip nodes (CommentedMap, scalar subclasses) as plain JSON-able data.

    With `dates`, a date stays a date (a lesson's `reviewed: on:`), for writing YAML;
    otherwise it becomes its ISO text, as JSON needs."""
    if isinstance(value, Mapping):
        return {str(key): plain_data(item, dates=dates) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain_data(item, dates=dates) for item in value]
    if dates and isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.date(value.year, value.month, value.day)
    if isinstance(value, bool | ScalarBoolean):  # an anchored true is a ScalarBoolean (int)
        return bool(value)
    if value is None:
        return value
    for kind in (str, int, float):
        if isinstance(value, kind):
            return kind(value)
    return str(value)


def dump_yaml(data: Any) -> str:
    """Block-style YAML for plain data; texts with line breaks as literal blocks (`|-`).

    Long texts are folded (`>-`), as people write them. The text is read back: should that
    style ever change a value, it is written plainly, so what is written reads as `data`.
    """
    expected = plain_data(data, dates=True)
    for styled in (True, False):
        text = _dump(_styled(expected) if styled else expected)
        if YAML(typ="safe", pure=True).load(text) == expected:
            return text
    raise ValueError("writing the data as YAML changed it")  # a bug, never the input


def _dump(data: Any) -> str:
    yaml = YAML(typ="rt", pure=True)
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # folding is long_text's, never the emitter's
    yaml.allow_unicode = True
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _styled(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _styled(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_styled(item) for item in value]
    return long_text(value) if isinstance(value, str) else value


def long_text(text: str) -> Any:
    """Folded (`>-`) or literal (`|-`) style for long texts; plain otherwise."""
    if "\n" in text:
        clean = text == text.strip() and all(line == line.rstrip() for line in text.split("\n"))
        return LiteralScalarString(text) if clean else text
    if len(text) <= FOLD_AT or text != text.strip() or "  " in text or "\t" in text:
        return text
    folded = FoldedScalarString(text)
    positions, line_start, last_space = [], 0, -1
    for index, char in enumerate(text):
        if char == " ":
            last_space = index
        if index - line_start >= FOLD_AT and last_space > line_start:
            positions.append(last_space)
            line_start, last_space = last_space + 1, -1
    folded.fold_pos = positions  # type: ignore[attr-defined]
    return folded


def folder_fingerprint(folder: Path) -> str:
    """SHA-256 over every file of a folder (names and bytes, hidden ones left out), so two
    imports of the same files give the same fingerprint and any change gives another."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if not path.is_file() or any(part.startswith(".") for part in relative.parts):
            continue
        name = relative.as_posix().encode()
        content = path.read_bytes()
        for chunk in (len(name).to_bytes(8, "big"), name, len(content).to_bytes(8, "big"), content):
            digest.update(chunk)
    return digest.hexdigest()
