"""The closed registry of question types: parsing, presentation and grading, per type.

Pure: no Flask, no database. A type parses its YAML settings, decides how a question is
shown (option order and opaque tokens, never the key), turns form values into a response,
and grades a response against the settings stored with the attempt.
"""

from __future__ import annotations

import random
import secrets
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from qualify.courses.sourcefile import Fields, Report


@dataclass(frozen=True)
class Grade:
    points: float
    max_points: float

    @property
    def correct(self) -> bool:
        return self.points >= self.max_points

    @property
    def partial(self) -> bool:
        return 0 < self.points < self.max_points


class QuestionType(ABC):
    """Base for one kind of question; subclasses are stateless singletons in the registry."""

    name: ClassVar[str]

    @abstractmethod
    def parse_settings(self, fields: Fields) -> dict[str, Any]:
        """Read the type's own keys from a question's YAML; report problems to fields.report."""

    @abstractmethod
    def settings_keys(self) -> frozenset[str]:
        """The YAML keys this type reads besides the common ones."""

    def present(self, settings: Mapping[str, Any], rng: random.Random) -> dict[str, Any]:
        """How this question is laid out in one attempt (stored with the attempt)."""
        return {}

    @abstractmethod
    def response_from_form(self, layout: Mapping[str, Any], values: Sequence[str]) -> Any:
        """Turn submitted form values into a response; unknown values are dropped."""

    @abstractmethod
    def grade(self, settings: Mapping[str, Any], response: Any, points: float) -> Grade:
        """Grade a response against the settings stored with the attempt."""


class _ChoiceType(QuestionType):
    """Shared by single and multiple choice: options with ids, texts and optional feedback."""

    min_correct: ClassVar[int] = 1
    max_correct: ClassVar[int | None] = None

    def settings_keys(self) -> frozenset[str]:
        return frozenset({"options", "shuffle"})

    def parse_settings(self, fields: Fields) -> dict[str, Any]:
        options, seen = [], set()
        for item, line in fields.items("options"):
            option = Fields(item, fields.report, where=line)
            option.unknown_keys({"id", "text", "correct", "feedback"})
            option_id = option.text("id")
            if option_id in seen:
                fields.report.error(line, f"option id {option_id!r} is used twice")
            seen.add(option_id)
            feedback = option.localised("feedback", required=False)
            options.append(
                {
                    "id": option_id,
                    "text": option.localised("text"),
                    "correct": bool(option.boolean("correct", default=False)),
                    "feedback": feedback,
                }
            )
        self._check_options(options, fields)
        return {"options": options, "shuffle": bool(fields.boolean("shuffle", default=True))}

    def _check_options(self, options: list[dict[str, Any]], fields: Fields) -> None:
        correct = sum(option["correct"] for option in options)
        line = fields.line_at("options")
        if len(options) < 2:
            fields.report.error(line, "a choice question needs at least two options")
        if correct < self.min_correct or (
            self.max_correct is not None and correct > self.max_correct
        ):
            wanted = (
                f"exactly {self.max_correct}"
                if self.max_correct == self.min_correct
                else f"at least {self.min_correct}"
            )
            fields.report.error(
                line, f"{self.name} needs {wanted} correct option(s), has {correct}"
            )

    def present(self, settings: Mapping[str, Any], rng: random.Random) -> dict[str, Any]:
        order = [option["id"] for option in settings["options"]]
        if settings.get("shuffle", True):
            rng.shuffle(order)
        # Tokens are random per attempt: they reveal neither position nor correctness.
        tokens = {secrets.token_urlsafe(8): option_id for option_id in order}
        return {"order": order, "tokens": tokens}

    def response_from_form(self, layout: Mapping[str, Any], values: Sequence[str]) -> list[str]:
        tokens = layout.get("tokens", {})
        chosen = {tokens[v] for v in values if v in tokens}
        return [option_id for option_id in layout.get("order", []) if option_id in chosen]


class SingleChoice(_ChoiceType):
    name = "single_choice"
    max_correct = 1

    def response_from_form(self, layout: Mapping[str, Any], values: Sequence[str]) -> list[str]:
        chosen = super().response_from_form(layout, values)
        return chosen if len(chosen) == 1 else []

    def grade(self, settings: Mapping[str, Any], response: Any, points: float) -> Grade:
        correct = {o["id"] for o in settings["options"] if o["correct"]}
        picked = set(response) if isinstance(response, list) else set()
        return Grade(points if picked and picked == correct else 0.0, points)


class MultipleChoice(_ChoiceType):
    name = "multiple_choice"

    def grade(self, settings: Mapping[str, Any], response: Any, points: float) -> Grade:
        """Each correct pick earns a share, each wrong pick costs one; never below zero."""
        correct = {o["id"] for o in settings["options"] if o["correct"]}
        known = {o["id"] for o in settings["options"]}
        picked = set(response) & known if isinstance(response, list) else set()
        share = points / len(correct)
        earned = share * len(picked & correct) - share * len(picked - correct)
        return Grade(round(max(0.0, earned), 4), points)


class TrueFalse(QuestionType):
    name = "true_false"

    def settings_keys(self) -> frozenset[str]:
        return frozenset({"answer"})

    def parse_settings(self, fields: Fields) -> dict[str, Any]:
        return {"answer": fields.boolean("answer")}

    def response_from_form(self, layout: Mapping[str, Any], values: Sequence[str]) -> bool | None:
        value = values[0] if len(values) == 1 else None
        return {"true": True, "false": False}.get(value or "")

    def grade(self, settings: Mapping[str, Any], response: Any, points: float) -> Grade:
        right = isinstance(response, bool) and response == settings["answer"]
        return Grade(points if right else 0.0, points)


def build_registry(types: Sequence[QuestionType]) -> Mapping[str, QuestionType]:
    registry: dict[str, QuestionType] = {}
    for question_type in types:
        if question_type.name in registry:
            raise ValueError(f"question type {question_type.name!r} registered twice")
        registry[question_type.name] = question_type
    return registry


QUESTION_TYPES: Mapping[str, QuestionType] = build_registry(
    [SingleChoice(), MultipleChoice(), TrueFalse()]
)
COMMON_KEYS = frozenset({"id", "type", "points", "prompt", "feedback"})


def parse_question(fields: Fields) -> dict[str, Any] | None:
    """Parse one question mapping into a JSON-able spec, or None if its type is unknown."""
    report: Report = fields.report
    question_id = fields.ident("id")
    type_name = fields.text("type")
    question_type = QUESTION_TYPES.get(type_name)
    if question_type is None:
        if type_name:
            known = ", ".join(sorted(QUESTION_TYPES))
            report.error(fields.line_at("type"), f"unknown question type {type_name!r} ({known})")
        return None
    fields.unknown_keys(COMMON_KEYS | question_type.settings_keys())
    return {
        "id": question_id,
        "type": type_name,
        "points": fields.integer("points", default=1, minimum=1, maximum=100),
        "prompt": fields.localised("prompt"),
        "feedback": fields.localised("feedback"),
        "settings": question_type.parse_settings(fields),
    }
