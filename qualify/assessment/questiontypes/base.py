"""What every question type provides, and the Grade it returns. Pure: no Flask, no database.

A question type is one class: it parses its own YAML keys into JSON-able `settings`, lays a
question out for one attempt (order, opaque tokens: never the key), turns the submitted form
values back into a response, and grades a response against the settings stored with the
attempt. Its inputs and its review are one template, `assessment/questions/<name>.html`.
Authors edit it in the browser through its editor: `editor_values` and `source_from_editor`
(see editing.py) and the template `assessment/editors/<name>.html`.
"""

from __future__ import annotations

import random
import secrets
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from qualify.assessment.questiontypes.editing import (
    EditorValues,
    clean,
    localised_from,
    localised_values,
    number_from,
    put,
    text_of,
)
from qualify.core.contentfile import Fields

Localised = Mapping[str, str]
# Submitted values of one question by part: "" is the question's own input, other keys name
# a part (a gap, a pair, an item); each value list is what the browser sent for that name.
FormValues = Mapping[str, Sequence[str]]

MAX_RESPONSE_CHARS = 20_000  # longer text is cut: no learner writes more in one answer


@dataclass(frozen=True)
class Grade:
    """Points for one response, with per-part results and the feedback to show."""

    points: float
    max_points: float
    pending: bool = False  # a person still has to grade it (essays)
    parts: tuple[bool, ...] = ()  # per gap, pair or item: right or not
    feedback: tuple[Localised, ...] = ()  # feedback written for the answers given

    @property
    def correct(self) -> bool:
        return not self.pending and self.points >= self.max_points

    @property
    def partial(self) -> bool:
        return 0 < self.points < self.max_points


def scaled(points: float, fraction: float) -> float:
    """`fraction` of `points`, clamped to [0, points] and rounded for stable storage."""
    return round(points * min(1.0, max(0.0, fraction)), 4)


def new_tokens(keys: Iterable[str]) -> dict[str, str]:
    """Map fresh random tokens to keys: the HTML shows tokens, which reveal nothing."""
    return {secrets.token_urlsafe(8): key for key in keys}


def first_value(values: FormValues, part: str = "") -> str:
    """The single text the browser sent for a part, trimmed and cut to a sane length."""
    sent = values.get(part) or [""]
    return str(sent[0])[:MAX_RESPONSE_CHARS].strip()


class QuestionType(ABC):
    """One kind of question; instances are stateless singletons in the registry."""

    name: ClassVar[str]
    keys: ClassVar[frozenset[str]]  # YAML keys this type reads besides the common ones
    manual: ClassVar[bool] = False  # graded by a trainer, not by the server
    prompt_required: ClassVar[bool] = True

    @abstractmethod
    def parse_settings(self, fields: Fields) -> dict[str, Any]:
        """Read the type's own keys; report problems (with lines) to fields.report."""

    def present(self, settings: Mapping[str, Any], rng: random.Random, shuffle: bool) -> dict:
        """How the question is laid out in one attempt; stored with the attempt."""
        return {}

    @abstractmethod
    def response_from_form(
        self, settings: Mapping[str, Any], layout: Mapping[str, Any], values: FormValues
    ) -> Any:
        """Turn submitted values into a JSON-able response; unknown values are dropped."""

    @abstractmethod
    def form_values(
        self, settings: Mapping[str, Any], layout: Mapping[str, Any], response: Any
    ) -> dict[str, list[str]]:
        """The inverse of response_from_form: what to pre-fill when the page is shown again."""

    @abstractmethod
    def grade(self, settings: Mapping[str, Any], response: Any, points: float) -> Grade:
        """Grade a response (any JSON value, even a forged one) against stored settings."""

    def editor_values(self, source: Mapping[str, Any]) -> dict[str, str]:
        """A question's quiz.yaml mapping as the inputs of its editor."""
        tags = source.get("tags")
        values = {
            "id": text_of(source.get("id")),
            "name": text_of(source.get("name")),
            "points": text_of(source.get("points")),
            "tags": ", ".join(map(str, tags)) if isinstance(tags, list) else text_of(tags),
            "category": text_of(source.get("category")),
            **localised_values("prompt", source.get("prompt")),
            **localised_values("feedback", source.get("feedback")),
        }
        return {**values, **self.settings_editor_values(source)}

    def source_from_editor(self, values: EditorValues) -> dict[str, Any]:
        """The quiz.yaml mapping for what the editor sent: the inverse of editor_values.
        Empty inputs leave their key out; the quiz parser checks the result."""
        source: dict[str, Any] = {}
        put(source, "id", clean(values.get("id")))
        put(source, "name", clean(values.get("name")))
        source["type"] = self.name
        put(source, "points", number_from(values.get("points")))
        tags = [tag for tag in (clean(t) for t in clean(values.get("tags")).split(",")) if tag]
        put(source, "tags", tags)
        put(source, "category", clean(values.get("category")))
        put(source, "prompt", localised_from(values, "prompt"))
        source.update(self.settings_from_editor(values))
        put(source, "feedback", localised_from(values, "feedback"))
        return source

    @abstractmethod
    def settings_editor_values(self, source: Mapping[str, Any]) -> dict[str, str]:
        """The editor inputs for this type's own keys (`keys`)."""

    @abstractmethod
    def settings_from_editor(self, values: EditorValues) -> dict[str, Any]:
        """This type's own keys from its editor's inputs (the inverse of the above)."""


class TextInputType(QuestionType):
    """A question answered by typing one text (numbers, words, essays): the response is the
    text as sent, trimmed; grading reads it."""

    def response_from_form(
        self, settings: Mapping[str, Any], layout: Mapping[str, Any], values: FormValues
    ) -> str:
        return first_value(values)

    def form_values(
        self, settings: Mapping[str, Any], layout: Mapping[str, Any], response: Any
    ) -> dict[str, list[str]]:
        return {"": [response]} if isinstance(response, str) and response else {}


def build_registry(types: Sequence[QuestionType]) -> Mapping[str, QuestionType]:
    """The closed registry: built once, refuses two types with one name."""
    registry: dict[str, QuestionType] = {}
    for question_type in types:
        if question_type.name in registry:
            raise ValueError(f"question type {question_type.name!r} registered twice")
        registry[question_type.name] = question_type
    return registry
