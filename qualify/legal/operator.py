"""Who runs the site: the operator facts of the imprint and privacy notice, read from a TOML
file in the instance folder (QUALIFY_OPERATOR_FILE). Pure: no Flask, no database.

A missing file is not an error (the pages then show what is missing); a file with unknown
keys or wrong types is, so a typo never silently drops a fact from the imprint.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qualify.config import ConfigError

EXTENSION = "qualify.operator"
"""The app.extensions key under which create_app keeps the facts it read at start-up."""


class OperatorFileError(ConfigError):
    """The operator file exists but cannot be used; the message names the file and key."""


@dataclass(frozen=True)
class Fact:
    kind: type
    required: bool = True
    default: Any = None


# Keys of the file: top-level facts, then tables. Dotted names ("dpo.email") elsewhere.
SCHEMA: dict[str, Fact | dict[str, Fact]] = {
    "name": Fact(str),
    "legal_form": Fact(str),
    "address": Fact(str),
    "representative": Fact(str),
    "email": Fact(str),
    "phone": Fact(str),
    "register": Fact(str, required=False),
    "vat_id": Fact(str, required=False),
    "content_responsible": Fact(str, required=False),
    "dpo": {
        "name": Fact(str),
        "email": Fact(str),
        "phone": Fact(str, required=False),
        "address": Fact(str, required=False),
    },
    "supervisory_authority": {
        "name": Fact(str, default="Landesbeauftragter für den Datenschutz Sachsen-Anhalt"),
        "address": Fact(str, default="Magdeburg"),
        "url": Fact(str, default="https://datenschutz.sachsen-anhalt.de"),
    },
    "hosting": {
        "provider": Fact(str),
        "mail_provider": Fact(str),
        "server_log_days": Fact(int),
    },
    "accessibility": {
        "email": Fact(str),
        "phone": Fact(str, required=False),
        "enforcement_body": Fact(str),
        "statement_date": Fact(dt.date),
    },
}

TYPE_NAMES = {
    str: "a text in quotes",
    int: "a whole number without quotes",
    dt.date: "a date such as 2026-01-31",
}


def _flat_schema() -> dict[str, Fact]:
    flat: dict[str, Fact] = {}
    for key, spec in SCHEMA.items():
        if isinstance(spec, Fact):
            flat[key] = spec
        else:
            flat.update({f"{key}.{inner}": fact for inner, fact in spec.items()})
    return flat


FACTS = _flat_schema()


@dataclass(frozen=True)
class OperatorFacts:
    """The operator's facts by dotted key; `source` is the file they came from, if any."""

    values: Mapping[str, Any] = field(default_factory=dict)
    source: Path | None = None

    def get(self, key: str) -> Any:
        if key not in FACTS:
            raise KeyError(key)
        value = self.values.get(key)
        return FACTS[key].default if value in (None, "") else value

    def missing(self) -> list[str]:
        """Required facts not given (those with a default count as given)."""
        return [key for key, fact in FACTS.items() if fact.required and self.get(key) is None]


def parse_operator_facts(data: Mapping[str, Any], source: Path) -> OperatorFacts:
    """Check parsed TOML against SCHEMA: every problem at once, naming file and key."""
    problems: list[str] = []
    values: dict[str, Any] = {}
    for key, value in data.items():
        spec = SCHEMA.get(key)
        if spec is None:
            problems.append(f"unknown key {key!r}")
        elif isinstance(spec, Fact):
            _check(key, value, spec, values, problems)
        elif not isinstance(value, dict):
            problems.append(f"{key!r} must be a table ([{key}])")
        else:
            for inner, inner_value in value.items():
                dotted = f"{key}.{inner}"
                if inner not in spec:
                    problems.append(f"unknown key {dotted!r}")
                else:
                    _check(dotted, inner_value, spec[inner], values, problems)
    if problems:
        raise OperatorFileError(f"{source}: " + "; ".join(problems))
    return OperatorFacts(values, source)


def _check(key: str, value: Any, fact: Fact, values: dict[str, Any], problems: list[str]) -> None:
    # Exact types: a TOML datetime is a dt.date subclass and a boolean an int subclass.
    if type(value) is not fact.kind or (fact.kind is int and value < 0):
        problems.append(f"{key!r} must be {TYPE_NAMES[fact.kind]}, not {value!r}")
    else:
        values[key] = value.strip() if isinstance(value, str) else value


def facts_of(extensions: Mapping[str, Any]) -> OperatorFacts:
    """The facts create_app read (from `app.extensions`); empty ones before that."""
    return extensions.get(EXTENSION) or OperatorFacts()


def load_operator_facts(path: Path) -> OperatorFacts:
    """Read the operator file; a file that does not exist gives empty facts."""
    if not path.is_file():
        return OperatorFacts()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise OperatorFileError(f"{path}: not a valid TOML file: {error}") from error
    return parse_operator_facts(data, path)
