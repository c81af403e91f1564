"""Choice questions: single choice, multiple choice (partial credit, weights), true/false."""

from __future__ import annotations

import random
from abc import abstractmethod
from collections.abc import Mapping
from typing import Any, ClassVar

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
    flag_from,
    flag_values,
    items,
    localised_from,
    localised_values,
    mapping,
    number_from,
    prefixed,
    put,
    rows,
    text_of,
)
from qualify.core.contentfile import Fields
from qualify.core.messages import Message


def parse_weight(option: Fields) -> float | None:
    """An option's optional weight: percent of the points, -100 to 100."""
    if not option.has("weight"):
        return None
    value = option.node["weight"]
    if isinstance(value, bool) or not isinstance(value, int | float) or not -100 <= value <= 100:
        option.report.error(
            option.line_at("weight"), Message("'weight' must be a number from -100 to 100")
        )
        return None
    return float(value)


class _ChoiceType(QuestionType):
    """Options with ids, texts, optional weights and feedback, shown by opaque tokens."""

    keys = frozenset({"options", "shuffle"})

    def parse_settings(self, fields: Fields) -> dict[str, Any]:
        options = []
        for option, option_id in fields.unique_items(
            "options",
            keys={"id", "text", "correct", "weight", "feedback"},
            duplicate=lambda item: Message("option id %(id)r is used twice", id=item),
        ):
            weight = parse_weight(option)
            correct = option.boolean("correct", default=bool(weight and weight > 0))
            if weight is not None and bool(correct) != (weight > 0):
                option.report.error(
                    option.line,
                    Message("an option is correct exactly when its weight is above 0"),
                )
            options.append(
                {
                    "id": option_id,
                    "text": option.localised("text"),
                    "correct": bool(correct),
                    "weight": weight,
                    "feedback": option.localised("feedback", required=False),
                }
            )
        if len(options) < 2:
            fields.report.error(
                fields.line_at("options"), Message("a choice question needs two options")
            )
        else:
            self.check_options(options, fields)
        shuffle = fields.boolean("shuffle", default=True) if fields.has("shuffle") else None
        return {"options": options, "shuffle": shuffle}

    def settings_editor_values(self, source: Mapping[str, Any]) -> dict[str, str]:
        values = flag_values("shuffle", source.get("shuffle"))
        for n, option in enumerate(mapping(o) for o in items(source.get("options"))):
            row = {
                "id": text_of(option.get("id")),
                "weight": text_of(option.get("weight")),
                **localised_values("text", option.get("text")),
                **localised_values("feedback", option.get("feedback")),
            }
            if option.get("correct") is True:
                row["correct"] = CHECKED
            values.update(prefixed(f"options-{n}", row))
        return values

    def settings_from_editor(self, values: EditorValues) -> dict[str, Any]:
        options = []
        for row in rows(values, "options"):
            option: dict[str, Any] = {}
            put(option, "id", clean(row.get("id")))
            put(option, "text", localised_from(row, "text"))
            if row.get("correct") == CHECKED:
                option["correct"] = True
            put(option, "weight", number_from(row.get("weight")))
            put(option, "feedback", localised_from(row, "feedback"))
            options.append(option)
        settings: dict[str, Any] = {"options": options}
        put(settings, "shuffle", flag_from(values, "shuffle"))
        return settings

    @abstractmethod
    def check_options(self, options: list[dict[str, Any]], fields: Fields) -> None:
        """Refuse option sets that cannot be answered for full points."""

    @abstractmethod
    def weights(self, options: list[Mapping[str, Any]]) -> dict[str, float]:
        """Percent of the points each option is worth when picked."""

    def present(self, settings: Mapping[str, Any], rng: random.Random, shuffle: bool) -> dict:
        order = [option["id"] for option in settings["options"]]
        own = settings.get("shuffle")
        if own if own is not None else shuffle:
            rng.shuffle(order)
        return {"order": order, "tokens": new_tokens(order)}

    def response_from_form(
        self, settings: Mapping[str, Any], layout: Mapping[str, Any], values: FormValues
    ) -> list[str]:
        tokens = layout.get("tokens", {})
        chosen = {tokens[v] for v in values.get("", []) if v in tokens}
        return [option_id for option_id in layout.get("order", []) if option_id in chosen]

    def form_values(
        self, settings: Mapping[str, Any], layout: Mapping[str, Any], response: Any
    ) -> dict[str, list[str]]:
        token_of = {option_id: token for token, option_id in layout.get("tokens", {}).items()}
        picked = response if isinstance(response, list) else []
        return {"": [token_of[o] for o in picked if isinstance(o, str) and o in token_of]}

    def picked(self, settings: Mapping[str, Any], response: Any) -> list[Mapping[str, Any]]:
        if not isinstance(response, list):
            return []
        chosen = {o for o in response if isinstance(o, str)}
        return [option for option in settings["options"] if option["id"] in chosen]

    def feedback_for(self, picked: list[Mapping[str, Any]]) -> tuple[Mapping[str, str], ...]:
        return tuple(option["feedback"] for option in picked if option.get("feedback"))


class SingleChoice(_ChoiceType):
    name = "single_choice"

    def check_options(self, options: list[dict[str, Any]], fields: Fields) -> None:
        full = [o for o in options if self.weights(options)[o["id"]] >= 100]
        correct = sum(o["correct"] for o in options)
        if len(full) != 1 or (all(o["weight"] is None for o in options) and correct != 1):
            fields.report.error(
                fields.line_at("options"),
                Message(
                    "single_choice needs exactly one correct option (weight 100), has %(count)d",
                    count=correct,
                ),
            )

    def weights(self, options: list[Mapping[str, Any]]) -> dict[str, float]:
        return {
            o["id"]: o["weight"] if o["weight"] is not None else (100.0 if o["correct"] else 0.0)
            for o in options
        }

    def response_from_form(
        self, settings: Mapping[str, Any], layout: Mapping[str, Any], values: FormValues
    ) -> list[str]:
        chosen = super().response_from_form(settings, layout, values)
        return chosen if len(chosen) == 1 else []

    def grade(self, settings: Mapping[str, Any], response: Any, points: float) -> Grade:
        picked = self.picked(settings, response)
        if len(picked) != 1:
            return Grade(0.0, points)
        weight = self.weights(settings["options"])[picked[0]["id"]]
        return Grade(scaled(points, weight / 100), points, feedback=self.feedback_for(picked))


class MultipleChoice(_ChoiceType):
    name = "multiple_choice"

    def check_options(self, options: list[dict[str, Any]], fields: Fields) -> None:
        line = fields.line_at("options")
        if not any(o["correct"] for o in options):
            fields.report.error(line, Message("multiple_choice needs at least one correct option"))
        elif any(o["weight"] is not None for o in options):
            positive = sum(w for w in self.weights(options).values() if w > 0)
            if abs(positive - 100) > 0.01:
                fields.report.error(
                    line,
                    Message("the positive weights add up to %(total)g, not 100", total=positive),
                )

    def weights(self, options: list[Mapping[str, Any]]) -> dict[str, float]:
        """Given weights; otherwise each correct option earns an equal share and each wrong
        pick costs the same share, so ticking everything earns nothing."""
        share = 100.0 / max(1, sum(bool(o["correct"]) for o in options))
        return {
            o["id"]: o["weight"] if o["weight"] is not None else (share if o["correct"] else -share)
            for o in options
        }

    def grade(self, settings: Mapping[str, Any], response: Any, points: float) -> Grade:
        """Add the weights of the picked options; never below zero, never above the points."""
        picked = self.picked(settings, response)
        weights = self.weights(settings["options"])
        fraction = sum(weights[o["id"]] for o in picked) / 100
        return Grade(scaled(points, fraction), points, feedback=self.feedback_for(picked))


class TrueFalse(QuestionType):
    name = "true_false"
    keys = frozenset({"answer", "feedback_true", "feedback_false"})
    VALUES: ClassVar[dict[str, bool]] = {"true": True, "false": False}

    def parse_settings(self, fields: Fields) -> dict[str, Any]:
        return {
            "answer": fields.boolean("answer"),
            "feedback_true": fields.localised("feedback_true", required=False),
            "feedback_false": fields.localised("feedback_false", required=False),
        }

    def settings_editor_values(self, source: Mapping[str, Any]) -> dict[str, str]:
        answer = source.get("answer")
        return {
            "answer": text_of(answer) if isinstance(answer, bool) else "",
            **localised_values("feedback_true", source.get("feedback_true")),
            **localised_values("feedback_false", source.get("feedback_false")),
        }

    def settings_from_editor(self, values: EditorValues) -> dict[str, Any]:
        settings: dict[str, Any] = {}
        put(settings, "answer", flag_from(values, "answer"))
        put(settings, "feedback_true", localised_from(values, "feedback_true"))
        put(settings, "feedback_false", localised_from(values, "feedback_false"))
        return settings

    def response_from_form(
        self, settings: Mapping[str, Any], layout: Mapping[str, Any], values: FormValues
    ) -> bool | None:
        return self.VALUES.get(first_value(values)) if len(values.get("", [])) == 1 else None

    def form_values(
        self, settings: Mapping[str, Any], layout: Mapping[str, Any], response: Any
    ) -> dict[str, list[str]]:
        return {"": [key for key, value in self.VALUES.items() if value is response]}

    def grade(self, settings: Mapping[str, Any], response: Any, points: float) -> Grade:
        if not isinstance(response, bool):
            return Grade(0.0, points)
        feedback = settings.get("feedback_true" if response else "feedback_false")
        right = response == settings["answer"]
        return Grade(points if right else 0.0, points, feedback=(feedback,) if feedback else ())
