"""Matching: pair each prompt with its answer, chosen from all answers plus distractors.

Rows and answer choices are shown by opaque tokens; an answer's key is its pair's id or
"distractor-N", so a response says which answer the learner put next to which prompt.
"""

from __future__ import annotations

import random
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
    EditorValues,
    clean,
    flag_from,
    flag_values,
    items,
    localised_from,
    localised_values,
    mapping,
    prefixed,
    put,
    rows,
    text_of,
)
from qualify.core.contentfile import Fields
from qualify.core.messages import Message

DISTRACTOR = "distractor-"


def parse_localised_item(item: Any, line: int, fields: Fields, label: str) -> dict[str, str]:
    """A list item that is itself a text per language, checked like any localised key."""
    holder = Fields({label: item}, fields.report, line_offset=fields.offset, where=line)
    return holder.localised(label)


class Matching(QuestionType):
    name = "matching"
    keys = frozenset({"pairs", "distractors", "shuffle"})

    def parse_settings(self, fields: Fields) -> dict[str, Any]:
        pairs, answers = [], []
        for pair, pair_id in fields.unique_items(
            "pairs",
            keys={"id", "prompt", "answer"},
            duplicate=lambda item: Message("pair id %(id)r is used twice", id=item),
        ):
            if pair_id.startswith(DISTRACTOR):
                fields.report.error(
                    pair.line,
                    Message("a pair id must not start with %(prefix)r", prefix=DISTRACTOR),
                )
            pairs.append(
                {
                    "id": pair_id,
                    "prompt": pair.localised("prompt"),
                    "answer": pair.localised("answer"),
                }
            )
            answers.append((pairs[-1]["answer"], pair.line_at("answer")))
        if len(pairs) < 2 and fields.has("pairs"):
            fields.report.error(
                fields.line_at("pairs"), Message("a matching question needs two pairs")
            )
        distractors = []
        for item, line in fields.items("distractors", required=False):
            distractors.append(parse_localised_item(item, line, fields, "distractor"))
            answers.append((distractors[-1], line))
        self._check_distinct(answers, fields)
        shuffle = fields.boolean("shuffle", default=True) if fields.has("shuffle") else None
        return {"pairs": pairs, "distractors": distractors, "shuffle": shuffle}

    def settings_editor_values(self, source: Mapping[str, Any]) -> dict[str, str]:
        values = flag_values("shuffle", source.get("shuffle"))
        for n, pair in enumerate(mapping(p) for p in items(source.get("pairs"))):
            row = {
                "id": text_of(pair.get("id")),
                **localised_values("prompt", pair.get("prompt")),
                **localised_values("answer", pair.get("answer")),
            }
            values.update(prefixed(f"pairs-{n}", row))
        for n, distractor in enumerate(items(source.get("distractors"))):
            values.update(prefixed(f"distractors-{n}", localised_values("text", distractor)))
        return values

    def settings_from_editor(self, values: EditorValues) -> dict[str, Any]:
        pairs = []
        for row in rows(values, "pairs"):
            pair: dict[str, Any] = {}
            put(pair, "id", clean(row.get("id")))
            put(pair, "prompt", localised_from(row, "prompt"))
            put(pair, "answer", localised_from(row, "answer"))
            pairs.append(pair)
        settings: dict[str, Any] = {"pairs": pairs}
        put(
            settings,
            "distractors",
            [localised_from(row, "text") for row in rows(values, "distractors")],
        )
        put(settings, "shuffle", flag_from(values, "shuffle"))
        return settings

    def _check_distinct(self, answers: list[tuple[dict[str, str], int]], fields: Fields) -> None:
        """Two answers with one text cannot be told apart in the drop-down."""
        seen = set()
        for answer, line in answers:
            text = tuple(sorted(answer.items()))
            if text and text in seen:
                fields.report.error(line, Message("two answers have the same text"))
            seen.add(text)

    def present(self, settings: Mapping[str, Any], rng: random.Random, shuffle: bool) -> dict:
        """Rows (shuffled if asked) and answer choices (always shuffled), each with tokens."""
        rows = [pair["id"] for pair in settings["pairs"]]
        own = settings.get("shuffle")
        if own if own is not None else shuffle:
            rng.shuffle(rows)
        choices = rows + [f"{DISTRACTOR}{n}" for n in range(1, len(settings["distractors"]) + 1)]
        rng.shuffle(choices)
        return {
            "rows": [[token, key] for token, key in new_tokens(rows).items()],
            "choices": [[token, key] for token, key in new_tokens(choices).items()],
        }

    def response_from_form(
        self, settings: Mapping[str, Any], layout: Mapping[str, Any], values: FormValues
    ) -> dict[str, str]:
        choice_of = dict(layout.get("choices", []))
        response = {}
        for token, pair_id in layout.get("rows", []):
            key = choice_of.get(first_value(values, token))
            if key is not None:
                response[pair_id] = key
        return response

    def form_values(
        self, settings: Mapping[str, Any], layout: Mapping[str, Any], response: Any
    ) -> dict[str, list[str]]:
        token_of = {key: token for token, key in layout.get("choices", [])}
        given = response if isinstance(response, dict) else {}
        values = {}
        for token, pair_id in layout.get("rows", []):
            key = given.get(pair_id)
            if isinstance(key, str) and key in token_of:
                values[token] = [token_of[key]]
        return values

    def grade(self, settings: Mapping[str, Any], response: Any, points: float) -> Grade:
        """An equal share for each prompt matched with its own answer."""
        given = response if isinstance(response, dict) else {}
        parts = tuple(given.get(pair["id"]) == pair["id"] for pair in settings["pairs"])
        return Grade(scaled(points, sum(parts) / max(1, len(parts))), points, parts=parts)
