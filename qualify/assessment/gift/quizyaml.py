"""Append questions to a quiz.yaml text, keeping its comments and layout. Pure.

ruamel's round trip keeps comments, quoting and folded texts of what is there; new questions
get the house style: texts per language in flow style when short, long texts folded.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.util import load_yaml_guess_indent

from qualify.core.contentfile import EXPECTED_LOCALES
from qualify.core.contentwrite import long_text

FLOW_UP_TO = 60  # a text per language stays on one line when each text is this short
_TAME = re.compile(r"[\w(„“\"'][^:#{}\[\],\n\t]*(?<=\S)")  # nothing YAML's flow style minds


def existing_ids(quiz_text: str) -> set[str]:
    """Question ids in a (valid) quiz.yaml text."""
    data = YAML(typ="rt", pure=True).load(quiz_text) if quiz_text.strip() else None
    questions = data.get("questions") if isinstance(data, Mapping) else None
    return {str(q["id"]) for q in questions or [] if isinstance(q, Mapping) and "id" in q}


def append_questions(quiz_text: str, questions: Sequence[Mapping[str, Any]]) -> str:
    """The quiz.yaml text with `questions` added at the end of its `questions` list.

    `quiz_text` must be valid (check it with load_quiz first); empty makes a new quiz. The
    result is read back: should the house style ever change a text, plain style is used.
    """
    for styled in (True, False):
        text = _dump(quiz_text, [_styled(q) if styled else _commented(q) for q in questions])
        try:
            added = YAML(typ="safe", pure=True).load(text)["questions"][-len(questions) :]
        except YAMLError:
            continue
        if not questions or added == [_plain(q) for q in questions]:
            return text
    raise ValueError("writing the questions as YAML changed them")  # a bug, never the input


def _dump(quiz_text: str, questions: list[Any]) -> str:
    yaml = YAML(typ="rt", pure=True)
    yaml.preserve_quotes = True  # before loading: quotes are remembered while reading
    yaml.width = 4096  # never re-wrap what is there
    sequence_indent, offset = 4, 2
    data: Any = CommentedMap()
    if quiz_text.strip():
        data, guessed_indent, guessed_offset = load_yaml_guess_indent(quiz_text, yaml=yaml)
        sequence_indent = guessed_indent or sequence_indent
        offset = guessed_offset if guessed_offset is not None else offset
    if not data.get("questions"):  # missing, empty or `[]`: start a block list
        data["questions"] = CommentedSeq()
    data["questions"].extend(questions)
    yaml.indent(mapping=2, sequence=sequence_indent, offset=offset)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _commented(value: Any) -> Any:
    if isinstance(value, Mapping):
        return CommentedMap((key, _commented(item)) for key, item in value.items())
    if isinstance(value, list | tuple):
        return CommentedSeq(_commented(item) for item in value)
    return value


def _flow_safe(value: Mapping[str, Any]) -> bool:
    """Texts per language short and tame enough for `{de: ..., en: ...}` on one line."""
    return (
        bool(value)
        and set(value) <= set(EXPECTED_LOCALES)
        and all(
            isinstance(t, str) and len(t) <= FLOW_UP_TO and _TAME.fullmatch(t)
            for t in value.values()
        )
    )


def _styled(value: Any) -> Any:
    if isinstance(value, Mapping):
        styled = CommentedMap((key, _styled(item)) for key, item in value.items())
        if _flow_safe(value):
            styled.fa.set_flow_style()
        return styled
    if isinstance(value, list | tuple):
        return CommentedSeq(_styled(item) for item in value)
    if isinstance(value, str):
        return long_text(value)
    return value
