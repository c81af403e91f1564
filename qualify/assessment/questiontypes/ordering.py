"""Ordering: put items, given in the right order in the file, back into that order.

Each item gets a position from a drop-down (no drag and drop), so it works by keyboard and
without JavaScript.
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

MAX_ITEMS = 50


def is_position(value: Any, position: int) -> bool:
    """True for the whole number `position` only (JSON true is not 1)."""
    return isinstance(value, int) and not isinstance(value, bool) and value == position


class Ordering(QuestionType):
    name = "ordering"
    keys = frozenset({"items"})

    def parse_settings(self, fields: Fields) -> dict[str, Any]:
        items = []
        for item, item_id in fields.unique_items(
            "items",
            keys={"id", "text"},
            duplicate=lambda item: Message("item id %(id)r is used twice", id=item),
        ):
            items.append({"id": item_id, "text": item.localised("text")})
        if fields.has("items") and not 2 <= len(items) <= MAX_ITEMS:
            fields.report.error(
                fields.line_at("items"),
                Message("an ordering question needs 2 to %(most)d items", most=MAX_ITEMS),
            )
        return {"items": items}

    def settings_editor_values(self, source: Mapping[str, Any]) -> dict[str, str]:
        values = {}
        for n, item in enumerate(mapping(i) for i in items(source.get("items"))):
            row = {"id": text_of(item.get("id")), **localised_values("text", item.get("text"))}
            values.update(prefixed(f"items-{n}", row))
        return values

    def settings_from_editor(self, values: EditorValues) -> dict[str, Any]:
        ordered = []
        for row in rows(values, "items"):
            item: dict[str, Any] = {}
            put(item, "id", clean(row.get("id")))
            put(item, "text", localised_from(row, "text"))
            ordered.append(item)
        return {"items": ordered}

    def present(self, settings: Mapping[str, Any], rng: random.Random, shuffle: bool) -> dict:
        """Always shuffled, and never shown in the right order: that would give it away."""
        right = [item["id"] for item in settings["items"]]
        shown = list(right)
        rng.shuffle(shown)
        if len(shown) >= 2 and shown == right:
            shown = shown[1:] + shown[:1]
        return {"items": [[token, item_id] for token, item_id in new_tokens(shown).items()]}

    def response_from_form(
        self, settings: Mapping[str, Any], layout: Mapping[str, Any], values: FormValues
    ) -> dict[str, int]:
        shown = layout.get("items", [])
        response = {}
        for token, item_id in shown:
            sent = first_value(values, token)
            # short ASCII digits only: int() of a huge digit string is slow or refused
            if sent.isascii() and sent.isdigit() and len(sent) <= 4:
                position = int(sent)
                if 1 <= position <= len(shown):
                    response[item_id] = position
        return response

    def form_values(
        self, settings: Mapping[str, Any], layout: Mapping[str, Any], response: Any
    ) -> dict[str, list[str]]:
        given = response if isinstance(response, dict) else {}
        values = {}
        for token, item_id in layout.get("items", []):
            position = given.get(item_id)
            if isinstance(position, int) and not isinstance(position, bool):
                values[token] = [str(position)]
        return values

    def grade(self, settings: Mapping[str, Any], response: Any, points: float) -> Grade:
        """An equal share for each item at its own position; parts in the right order."""
        given = response if isinstance(response, dict) else {}
        parts = tuple(
            is_position(given.get(item["id"]), n) for n, item in enumerate(settings["items"], 1)
        )
        return Grade(scaled(points, sum(parts) / max(1, len(parts))), points, parts=parts)
