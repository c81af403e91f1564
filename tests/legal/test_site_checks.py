"""The admins' warnings on a production site, computed from config values and facts."""

from __future__ import annotations

from pathlib import Path

from qualify.legal.operator import OperatorFacts, load_operator_facts
from qualify.legal.site_checks import OperatorWarning, log_lines, operator_warnings

EXAMPLE = Path(__file__).parent.parent.parent / "docs" / "operator.example.toml"
COMPLETE = load_operator_facts(EXAMPLE)
RUNNING = {"ENV_NAME": "production", "SMTP_URL": "smtp://mail:25", "REDIS_URL": "redis://r:6379"}


def test_a_complete_production_site_has_no_warnings() -> None:
    assert operator_warnings(RUNNING, COMPLETE) == ()


def test_each_gap_gives_its_warning() -> None:
    assert operator_warnings(RUNNING, OperatorFacts()) == (OperatorWarning.FACTS_MISSING,)
    assert operator_warnings({**RUNNING, "SMTP_URL": None}, COMPLETE) == (OperatorWarning.NO_SMTP,)
    assert operator_warnings({**RUNNING, "REDIS_URL": ""}, COMPLETE) == (OperatorWarning.NO_REDIS,)
    bare = {"ENV_NAME": "production", "SMTP_URL": None, "REDIS_URL": None}
    assert operator_warnings(bare, OperatorFacts()) == tuple(OperatorWarning)


def test_development_and_tests_get_no_warnings() -> None:
    for mode in ("development", "testing"):
        bare = {"ENV_NAME": mode, "SMTP_URL": None, "REDIS_URL": None}
        assert operator_warnings(bare, OperatorFacts()) == ()


def test_the_log_names_the_missing_facts() -> None:
    facts = OperatorFacts({"name": "Netzwerk"})
    lines = log_lines((OperatorWarning.FACTS_MISSING, OperatorWarning.NO_REDIS), facts)
    assert "QUALIFY_OPERATOR_FILE): legal_form, address, representative," in lines[0]
    assert "dpo.email" in lines[0]
    assert "QUALIFY_REDIS_URL" in lines[1] and "more than one process" in lines[1]
