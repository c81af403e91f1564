"""The operator file: checked against its schema, every problem named with file and key."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from qualify.config import ConfigError
from qualify.legal.operator import (
    FACTS,
    OperatorFacts,
    OperatorFileError,
    load_operator_facts,
    parse_operator_facts,
)

REPO = Path(__file__).parent.parent.parent
EXAMPLE = REPO / "docs" / "operator.example.toml"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "operator.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_example_is_valid_and_complete() -> None:
    facts = load_operator_facts(EXAMPLE)
    assert facts.missing() == []
    assert facts.get("dpo.email") == "datenschutz@example.org"
    assert facts.get("accessibility.statement_date") == dt.date(2026, 12, 5)
    assert facts.get("hosting.server_log_days") == 14
    assert facts.get("vat_id") is None  # an empty optional text counts as not given


def test_a_missing_file_means_every_required_fact_is_missing(tmp_path: Path) -> None:
    facts = load_operator_facts(tmp_path / "nowhere.toml")
    assert facts.source is None
    required = [key for key, fact in FACTS.items() if fact.required and fact.default is None]
    assert facts.missing() == required
    assert "name" in required and "dpo.name" in required and "register" not in required


def test_the_supervisory_authority_defaults_to_saxony_anhalt() -> None:
    facts = OperatorFacts()
    assert facts.get("supervisory_authority.name") == (
        "Landesbeauftragter für den Datenschutz Sachsen-Anhalt"
    )
    assert facts.get("supervisory_authority.address") == "Magdeburg"


def test_unknown_keys_are_named_with_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, 'nmae = "Netzwerk"\n[dpo]\nmail = "x@example.org"\n')
    with pytest.raises(OperatorFileError) as refusal:
        load_operator_facts(path)
    message = str(refusal.value)
    assert str(path) in message
    assert "unknown key 'nmae'" in message and "unknown key 'dpo.mail'" in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("phone = 391000000\n", "'phone' must be a text in quotes, not 391000000"),
        ('[hosting]\nserver_log_days = "14"\n', "'hosting.server_log_days' must be a whole"),
        ("[hosting]\nserver_log_days = true\n", "'hosting.server_log_days' must be a whole"),
        ("[hosting]\nserver_log_days = -1\n", "'hosting.server_log_days' must be a whole"),
        (
            "[accessibility]\nstatement_date = 2026-01-02T10:00:00\n",
            "'accessibility.statement_date' must be a date",
        ),
        ('dpo = "Chris"\n', "'dpo' must be a table ([dpo])"),
    ],
)
def test_wrong_types_are_refused(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(OperatorFileError, match=None) as refusal:
        load_operator_facts(write(tmp_path, text))
    assert expected in str(refusal.value)


def test_a_broken_file_is_a_config_error_naming_it(tmp_path: Path) -> None:
    path = write(tmp_path, 'name = "unterminated\n')
    with pytest.raises(ConfigError, match="not a valid TOML file") as refusal:
        load_operator_facts(path)
    assert str(path) in str(refusal.value)


def test_texts_are_trimmed_and_blank_ones_count_as_missing(tmp_path: Path) -> None:
    facts = parse_operator_facts({"name": "  Netzwerk  ", "phone": "   "}, tmp_path / "f.toml")
    assert facts.get("name") == "Netzwerk"
    assert "phone" in facts.missing() and "name" not in facts.missing()


def test_asking_for_a_key_outside_the_schema_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        OperatorFacts().get("adress")
