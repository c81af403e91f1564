"""How GIFT answers become quiz.yaml entries: weights, numbers, options, ids. Pure."""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any

from qualify.assessment.gift.common import GiftError, Source
from qualify.core.messages import Message

WEIGHT = re.compile(r"%\s*(-?[0-9]+(?:\.[0-9]*)?)\s*%")
NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,4})?")


def option_id(position: int) -> str:
    return "abcdefghijklmnopqrstuvwxyz"[position] if position < 26 else f"o{position + 1}"


def yaml_number(spelled: str) -> int | float | str:
    """A number as YAML should show it; the string itself if a float would change it."""
    if re.fullmatch(r"[+-]?[0-9]{1,15}", spelled):
        return int(spelled)
    as_float = float(spelled)
    if math.isfinite(as_float) and Decimal(repr(as_float)) == Decimal(spelled):
        return as_float
    return spelled


def weight_value(weight: float) -> int | float:
    return int(weight) if weight == int(weight) else round(weight, 5)


def join_texts(parts: list[dict[str, str] | str]) -> dict[str, str]:
    """Concatenate texts per language; a plain string belongs to every language."""
    codes = dict.fromkeys(code for part in parts if isinstance(part, dict) for code in part)
    joined = {
        code: "".join(part if isinstance(part, str) else part.get(code, "") for part in parts)
        for code in codes
    }
    return {code: text.strip() for code, text in joined.items() if text.strip()}


def gap_option(option: dict[str, Any]) -> dict[str, Any]:
    entry: dict[str, Any] = {"text": option["text"]}
    if option["weight"] == 100.0:
        entry["correct"] = True
    if option["feedback"]:
        entry["feedback"] = option["feedback"]
    return entry


def choice_options(kind: str, options: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Options with `correct`, and `weight` only where it differs from qualify's default."""
    weights = [option["weight"] for option in options]
    if kind == "single_choice":
        defaults = [100.0 if w > 0 else 0.0 for w in weights]
        emit = [abs(w - d) > 1e-9 for w, d in zip(weights, defaults, strict=True)]
    else:
        share = 100.0 / max(1, sum(w > 0 for w in weights))
        defaults = [share if w > 0 else -share for w in weights]
        differs = any(abs(w - d) > 0.01 for w, d in zip(weights, defaults, strict=True))
        emit = [differs] * len(options)
    out = []
    for position, (option, weight, with_weight) in enumerate(
        zip(options, weights, emit, strict=True)
    ):
        entry: dict[str, Any] = {"id": option_id(position), "text": option["text"]}
        if weight > 0:
            entry["correct"] = True
        if with_weight:
            entry["weight"] = weight_value(weight)
        if option["feedback"]:
            entry["feedback"] = option["feedback"]
        out.append(entry)
    return out


def read_weight(part: Source) -> tuple[float | None, Source]:
    """A leading %50% or %-100%, as a number from -100 to 100."""
    if not part.text.startswith("%"):
        return None, part
    match = WEIGHT.match(part.text)
    if not match:
        raise GiftError(
            part.line,
            Message("malformed weight in %(text)r: write %%50%% or %%-100%%", text=part.text[:20]),
        )
    weight = float(match.group(1))
    if not -100 <= weight <= 100:
        raise GiftError(
            part.line,
            Message("weight %(weight)s%% is out of range (-100%% to 100%%)", weight=match.group(1)),
        )
    return weight, part[match.end() :].strip()


def split_feedback(part: Source) -> tuple[Source, Source | None]:
    at = part.find("#")
    if at < 0:
        return part, None
    return part[:at].strip(), part[at + 1 :].strip()


def _number(spelled: str, line: int) -> int | float | str:
    if not NUMBER.fullmatch(spelled):
        raise GiftError(line, Message("not a number: %(text)r", text=spelled[:30]))
    return yaml_number(spelled)


def number_answer(value: str, line: int) -> dict[str, Any]:
    """1234.5, 1234.5:0.01 (tolerance) or 1200..1300 (range)."""
    range_at = value.find("..", 1)
    if range_at > 0:
        low, high = value[:range_at].strip(), value[range_at + 2 :].strip()
        bounds = _number(low, line), _number(high, line)
        if Decimal(low) > Decimal(high):
            raise GiftError(line, Message("the range %(range)r ends below its start", range=value))
        return {"min": bounds[0], "max": bounds[1]}
    colon = value.find(":", 1)
    if colon > 0:
        number, tolerance = value[:colon].strip(), value[colon + 1 :].strip()
        answer = {"value": _number(number, line), "tolerance": _number(tolerance, line)}
        if Decimal(tolerance) < 0:
            raise GiftError(line, Message("the tolerance in %(answer)r is negative", answer=value))
        return answer
    return {"value": _number(value, line)}
