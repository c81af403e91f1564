"""Settings from the environment: production refuses to start without a secret key."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualify.config import ConfigError, load_config


def test_production_without_secret_key_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="QUALIFY_SECRET_KEY is not set"):
        load_config(tmp_path, PRODUCTION)


PRODUCTION = {"QUALIFY_ENV": "production", "QUALIFY_BASE_URL": "https://q.example"}


@pytest.mark.parametrize("key", ["short", "a" * 40, "abab" * 10])
def test_production_rejects_a_short_or_plain_key(tmp_path: Path, key: str) -> None:
    with pytest.raises(ConfigError, match="at least 32"):
        load_config(tmp_path, {**PRODUCTION, "QUALIFY_SECRET_KEY": key})


def test_production_refuses_debug_mode(tmp_path: Path) -> None:
    key = "0123456789abcdef" * 4
    with pytest.raises(ConfigError, match="FLASK_DEBUG"):
        load_config(tmp_path, {**PRODUCTION, "QUALIFY_SECRET_KEY": key, "FLASK_DEBUG": "1"})


def test_production_needs_the_base_url(tmp_path: Path) -> None:
    """L8: certificates print it; the development default must never reach one."""
    key = "0123456789abcdef" * 4
    with pytest.raises(ConfigError, match="QUALIFY_BASE_URL"):
        load_config(tmp_path, {"QUALIFY_ENV": "production", "QUALIFY_SECRET_KEY": key})
    assert load_config(tmp_path, {**PRODUCTION, "QUALIFY_SECRET_KEY": key})["BASE_URL"]


def test_development_generates_and_keeps_a_key(tmp_path: Path) -> None:
    first = load_config(tmp_path, {})["SECRET_KEY"]
    assert len(first) == 64
    assert load_config(tmp_path, {})["SECRET_KEY"] == first


def test_settings_come_from_qualify_variables(tmp_path: Path) -> None:
    config = load_config(
        tmp_path,
        {
            "QUALIFY_DATABASE_URL": "postgresql+psycopg://db/qualify",
            "QUALIFY_CONTENT_DIR": "/srv/content",
            "QUALIFY_BASE_URL": "https://q.example/",
            "QUALIFY_REDIS_URL": "redis://127.0.0.1:6379/0",
        },
    )
    assert config["DATABASE_URL"] == "postgresql+psycopg://db/qualify"
    assert config["CONTENT_DIR"] == Path("/srv/content")
    assert config["BASE_URL"] == "https://q.example"
    assert config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"
    assert load_config(tmp_path, {})["DATABASE_URL"].startswith(f"sqlite:///{tmp_path}")


def test_unknown_environment_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="QUALIFY_ENV"):
        load_config(tmp_path, {"QUALIFY_ENV": "staging"})


def test_retention_and_proxy_settings_have_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path, {})
    assert config["UNCONFIRMED_ACCOUNT_DAYS"] == 30
    assert config["AUDIT_RETENTION_DAYS"] == 730
    assert config["RECORD_RETENTION_DAYS"] == 90
    assert config["PROXY_COUNT"] == 0
    assert config["OPERATOR_FILE"] == tmp_path / "operator.toml"
    assert config["REVIEW_MONTHS"] == 12


def test_retention_and_proxy_settings_are_read(tmp_path: Path) -> None:
    config = load_config(
        tmp_path,
        {
            "QUALIFY_UNCONFIRMED_ACCOUNT_DAYS": "14",
            "QUALIFY_AUDIT_RETENTION_DAYS": " 365 ",
            "QUALIFY_RECORD_RETENTION_DAYS": "30",
            "QUALIFY_PROXY_COUNT": "2",
            "QUALIFY_OPERATOR_FILE": "/etc/qualify/operator.toml",
            "QUALIFY_REVIEW_MONTHS": "18",
        },
    )
    assert config["REVIEW_MONTHS"] == 18
    assert (config["UNCONFIRMED_ACCOUNT_DAYS"], config["AUDIT_RETENTION_DAYS"]) == (14, 365)
    assert (config["RECORD_RETENTION_DAYS"], config["PROXY_COUNT"]) == (30, 2)
    assert config["OPERATOR_FILE"] == Path("/etc/qualify/operator.toml")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("QUALIFY_UNCONFIRMED_ACCOUNT_DAYS", "0"),
        ("QUALIFY_AUDIT_RETENTION_DAYS", "zwei Jahre"),
        ("QUALIFY_RECORD_RETENTION_DAYS", "-5"),
        ("QUALIFY_PROXY_COUNT", "-1"),
        ("QUALIFY_PROXY_COUNT", "1.5"),
        ("QUALIFY_PROXY_COUNT", "١"),
        ("QUALIFY_REVIEW_MONTHS", "0"),
    ],
)
def test_wrong_numbers_are_a_clear_error(tmp_path: Path, name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=f"{name} must be a whole number"):
        load_config(tmp_path, {name: value})


def test_no_proxies_is_allowed(tmp_path: Path) -> None:
    assert load_config(tmp_path, {"QUALIFY_PROXY_COUNT": "0"})["PROXY_COUNT"] == 0


def test_times_are_shown_in_german_time_unless_the_site_says_otherwise(tmp_path: Path) -> None:
    assert load_config(tmp_path, {})["BABEL_DEFAULT_TIMEZONE"] == "Europe/Berlin"
    chosen = load_config(tmp_path, {"QUALIFY_TIME_ZONE": "Europe/Vienna"})
    assert chosen["BABEL_DEFAULT_TIMEZONE"] == "Europe/Vienna"


def test_an_unknown_time_zone_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="QUALIFY_TIME_ZONE must be a time zone"):
        load_config(tmp_path, {"QUALIFY_TIME_ZONE": "Europe/Magdeburg"})
