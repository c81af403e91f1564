"""Cloze: a text with numbered gaps {1}..{n}, each typed (like short_text) or a drop-down.

The text is the question, so a prompt is optional (an instruction at most).
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

from qualify.assessment.questiontypes.base import (
    FormValues,
    Grade,
    QuestionType,
    first_value,
    new_tokens,
    scaled,
)
from qualify.assessment.questiontypes.editing import (
    CHECKED,
    EditorValues,
    clean,
    items,
    localised_from,
    localised_values,
    mapping,
    prefixed,
    put,
    rows,
    text_of,
)
from qualify.assessment.questiontypes.text import (
    TEXT_ANSWER_KEYS,
    match_text,
    parse_text_answers,
    text_answers_editor_values,
    text_answers_from_editor,
)
from qualify.core.contentfile import Fields, line_of
from qualify.core.messages import Message

MARKER = re.compile(r"\{([0-9]{1,3})\}")


def split_cloze(text: str) -> list[str | int]:
    """Text pieces and gap numbers in reading order: "a {1} b" -> ["a ", 1, " b"]."""
    pieces: list[str | int] = []
    for n, piece in enumerate(MARKER.split(text)):
        if n % 2:
            pieces.append(int(piece))
        elif piece:
            pieces.append(piece)
    return pieces


def _parse_options(gap: Fields) -> list[dict[str, Any]]:
    """A drop-down gap's options: ids default to their position, exactly one correct."""
    options = []
    for option, option_id in gap.unique_items(
        "options",
        keys={"id", "text", "correct", "feedback"},
        duplicate=lambda item: Message("option id %(id)r is used twice", id=item),
        ids_by_position=True,
    ):
        options.append(
            {
                "id": option_id,
                "text": option.localised("text"),
                "correct": bool(option.boolean("correct", default=False)),
                "feedback": option.localised("feedback", required=False),
            }
        )
    if gap.has("options") and (len(options) < 2 or sum(o["correct"] for o in options) != 1):
        gap.report.error(
            gap.line_at("options"), Message("a drop-down gap needs two options, one correct")
        )
    return options


def _parse_gap(node: Any, line: int, fields: Fields) -> dict[str, Any]:
    gap = Fields(node, fields.report, line_offset=fields.offset, where=line)
    if not gap.ok:
        return {"answers": [], "pattern": None, "case_sensitive": False}
    if gap.has("options"):
        gap.unknown_keys({"options"})
        return {"options": _parse_options(gap)}
    gap.unknown_keys(TEXT_ANSWER_KEYS)
    return parse_text_answers(gap)


def _check_markers(fields: Fields, texts: Mapping[str, str], gaps: int) -> None:
    """Every language's text has each marker {1}..{n} exactly once, and no other."""
    node = fields.node.get("text")
    for locale, text in texts.items():
        line = line_of(node, locale, fields.line_at("text") - fields.offset) + fields.offset
        counts = Counter(int(n) for n in MARKER.findall(text))
        for number in sorted(counts):
            if not 1 <= number <= gaps:
                message = Message(
                    "text.%(locale)s: {%(number)d} has no gap (%(gaps)d gaps)",
                    locale=locale,
                    number=number,
                    gaps=gaps,
                )
                fields.report.error(line, message)
            elif counts[number] > 1:
                message = Message(
                    "text.%(locale)s: {%(number)d} occurs more than once",
                    locale=locale,
                    number=number,
                )
                fields.report.error(line, message)
        for number in range(1, gaps + 1):
            if number not in counts:
                fields.report.error(
                    line,
                    Message(
                        "text.%(locale)s: gap {%(number)d} is missing", locale=locale, number=number
                    ),
                )


CHOICE, TYPED = "choice", "typed"  # the two kinds of gap in the editor


def _gap_editor_values(gap: Mapping[str, Any]) -> dict[str, str]:
    if "options" not in gap:
        return {"kind": TYPED, **text_answers_editor_values(gap)}
    values = {"kind": CHOICE}
    for n, option in enumerate(mapping(o) for o in items(gap.get("options"))):
        row = {
            "id": text_of(option.get("id")),
            **localised_values("text", option.get("text")),
            **localised_values("feedback", option.get("feedback")),
        }
        if option.get("correct") is True:
            row["correct"] = CHECKED
        values.update(prefixed(f"options-{n}", row))
    return values


def _gap_from_editor(row: EditorValues) -> dict[str, Any]:
    if row.get("kind") != CHOICE:
        return text_answers_from_editor(row)
    options = []
    for values in rows(row, "options"):
        option: dict[str, Any] = {}
        put(option, "id", clean(values.get("id")))
        put(option, "text", localised_from(values, "text"))
        if values.get("correct") == CHECKED:
            option["correct"] = True
        put(option, "feedback", localised_from(values, "feedback"))
        options.append(option)
    return {"options": options}


class Cloze(QuestionType):
    name = "cloze"
    keys = frozenset({"text", "gaps"})
    prompt_required = False

    def parse_settings(self, fields: Fields) -> dict[str, Any]:
        texts = fields.localised("text")
        gaps = [_parse_gap(node, line, fields) for node, line in fields.items("gaps")]
        if fields.has("gaps") and not gaps:
            fields.report.error(fields.line_at("gaps"), Message("a cloze needs at least one gap"))
        _check_markers(fields, texts, len(gaps))
        return {"text": texts, "gaps": gaps}

    def settings_editor_values(self, source: Mapping[str, Any]) -> dict[str, str]:
        values = localised_values("text", source.get("text"))
        for n, gap in enumerate(mapping(g) for g in items(source.get("gaps"))):
            values.update(prefixed(f"gaps-{n}", _gap_editor_values(gap)))
        return values

    def settings_from_editor(self, values: EditorValues) -> dict[str, Any]:
        settings: dict[str, Any] = {}
        put(settings, "text", localised_from(values, "text"))
        gaps = [_gap_from_editor(row) for row in rows(values, "gaps", ignore=frozenset({"kind"}))]
        put(settings, "gaps", gaps)
        return settings

    def present(self, settings: Mapping[str, Any], rng: random.Random, shuffle: bool) -> dict:
        """Options of each drop-down in random order (authors tend to write the right one
        first); typed gaps get an empty list."""
        layout = []
        for gap in settings["gaps"]:
            ids = [option["id"] for option in gap.get("options", [])]
            rng.shuffle(ids)
            layout.append([[token, option_id] for token, option_id in new_tokens(ids).items()])
        return {"gaps": layout}

    def response_from_form(
        self, settings: Mapping[str, Any], layout: Mapping[str, Any], values: FormValues
    ) -> list[str | None]:
        shown = layout.get("gaps", [])
        response: list[str | None] = []
        for n, gap in enumerate(settings["gaps"]):
            sent = first_value(values, str(n + 1))
            if "options" in gap:
                tokens = dict(shown[n]) if n < len(shown) else {}
                response.append(tokens.get(sent))
            else:
                response.append(sent or None)
        return response

    def form_values(
        self, settings: Mapping[str, Any], layout: Mapping[str, Any], response: Any
    ) -> dict[str, list[str]]:
        given = response if isinstance(response, list) else []
        shown = layout.get("gaps", [])
        values = {}
        for n, gap in enumerate(settings["gaps"]):
            entry = given[n] if n < len(given) else None
            if not isinstance(entry, str) or not entry:
                continue
            if "options" in gap:
                token_of = {o: t for t, o in (shown[n] if n < len(shown) else [])}
                if entry in token_of:
                    values[str(n + 1)] = [token_of[entry]]
            else:
                values[str(n + 1)] = [entry]
        return values

    def grade(self, settings: Mapping[str, Any], response: Any, points: float) -> Grade:
        """An equal share per gap; a typed gap may earn part of its share (answer weight)."""
        given = response if isinstance(response, list) else []
        parts, feedback, earned = [], [], 0.0
        for n, gap in enumerate(settings["gaps"]):
            entry = given[n] if n < len(given) else None
            if "options" in gap:
                picked = [o for o in gap["options"] if isinstance(entry, str) and o["id"] == entry]
                fraction = 1.0 if picked and picked[0]["correct"] else 0.0
                said = picked[0]["feedback"] if picked else {}
            else:
                weight, said = match_text(
                    gap["answers"], gap.get("pattern"), gap.get("case_sensitive", False), entry
                )
                fraction = weight / 100
            parts.append(fraction >= 1)
            earned += fraction
            if said:
                feedback.append(said)
        share = earned / max(1, len(parts))
        return Grade(scaled(points, share), points, parts=tuple(parts), feedback=tuple(feedback))
