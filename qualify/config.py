"""Settings read from QUALIFY_* environment variables and validated at start-up."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytz

from qualify.core.locales import DEFAULT_LOCALE

DEFAULT_TIME_ZONE = "Europe/Berlin"  # where the network's people are


class ConfigError(RuntimeError):
    """The environment does not describe a runnable site."""


def load_config(instance_path: Path, environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Build the Flask config from the environment (QUALIFY_ENV, QUALIFY_DATABASE_URL, ...)."""
    env = os.environ if environ is None else environ
    mode = env.get("QUALIFY_ENV", "development")
    if mode not in {"development", "production", "testing"}:
        raise ConfigError(f"QUALIFY_ENV must be development, production or testing, not {mode!r}")
    if mode == "production" and env.get("FLASK_DEBUG", "").lower() not in ("", "0", "false"):
        raise ConfigError("FLASK_DEBUG must not be set on a production site.")
    if mode == "production" and not env.get("QUALIFY_BASE_URL"):
        raise ConfigError(
            "QUALIFY_BASE_URL is not set: certificates print it as their verification link "
            "(e.g. https://qualify.example.org)."
        )
    site_dir = Path.cwd()
    config: dict[str, Any] = {
        "ENV_NAME": mode,
        "SECRET_KEY": _secret_key(env, mode, instance_path),
        "DATABASE_URL": env.get(
            "QUALIFY_DATABASE_URL", f"sqlite:///{instance_path / 'qualify.sqlite3'}"
        ),
        "CONTENT_DIR": Path(env.get("QUALIFY_CONTENT_DIR", site_dir / "course_content")),
        "CERTIFICATES_DIR": Path(env.get("QUALIFY_CERTIFICATES_DIR", site_dir / "certificates")),
        "BASE_URL": env.get("QUALIFY_BASE_URL", "http://127.0.0.1:5000").rstrip("/"),
        "REDIS_URL": env.get("QUALIFY_REDIS_URL"),
        "SMTP_URL": env.get("QUALIFY_SMTP_URL"),
        "MAIL_SENDER": env.get("QUALIFY_MAIL_SENDER", "qualify <noreply@localhost>"),
        "MAIL_FOLDER": instance_path / "mails",
        # The key that signs certificate PDFs and badges (certificates/keys.py): files kept
        # out of the database, the same on every app server.
        "SIGNING_DIR": Path(env.get("QUALIFY_SIGNING_DIR", instance_path / "signing")),
        # Who runs the site (imprint, privacy notice): a TOML file, see docs/operating.md.
        "OPERATOR_FILE": Path(env.get("QUALIFY_OPERATOR_FILE", instance_path / "operator.toml")),
        # How long data is kept (the worker's housekeeping removes what is older); the
        # privacy notice quotes these figures. RECORD_RETENTION_DAYS: ended login sessions
        # and finished outbox jobs (sent mails).
        "UNCONFIRMED_ACCOUNT_DAYS": _whole_number(env, "QUALIFY_UNCONFIRMED_ACCOUNT_DAYS", 30, 1),
        "AUDIT_RETENTION_DAYS": _whole_number(env, "QUALIFY_AUDIT_RETENTION_DAYS", 730, 1),
        "RECORD_RETENTION_DAYS": _whole_number(env, "QUALIFY_RECORD_RETENTION_DAYS", 90, 1),
        # A lesson's `reviewed:` date is due again after this many months (the content
        # check warns; courses/currency.py).
        "REVIEW_MONTHS": _whole_number(env, "QUALIFY_REVIEW_MONTHS", 12, 1),
        # Reverse proxies in front of the app whose X-Forwarded-* headers are trusted.
        "PROXY_COUNT": _whole_number(env, "QUALIFY_PROXY_COUNT", 0, 0),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": mode == "production",
        "REMEMBER_COOKIE_SECURE": mode == "production",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_DURATION": dt.timedelta(days=14),
        "BABEL_DEFAULT_LOCALE": DEFAULT_LOCALE,
        # Times are stored in UTC and shown in the site's time zone: its learners and
        # trainers are in Saxony-Anhalt, and "submitted at 07:59" an hour off misleads.
        "BABEL_DEFAULT_TIMEZONE": _time_zone(env, "QUALIFY_TIME_ZONE", DEFAULT_TIME_ZONE),
        "BABEL_TRANSLATION_DIRECTORIES": str(Path(__file__).parent / "translations"),
        "WTF_CSRF_TIME_LIMIT": None,
        # The largest upload is a course image of 2 MB (courses/imagefile.MAX_BYTES) with
        # its form around it; anything larger is answered 413 before a view reads it.
        "MAX_CONTENT_LENGTH": 3 * 1024 * 1024,
    }
    storage = config["REDIS_URL"] or "memory://"
    config.update(RATELIMIT_STORAGE_URI=storage, RATELIMIT_HEADERS_ENABLED=True)
    return config


def _time_zone(env: Mapping[str, str], name: str, default: str) -> str:
    """An IANA time zone name ("Europe/Berlin"), or a ConfigError naming the variable."""
    zone = (env.get(name) or "").strip() or default
    try:
        pytz.timezone(zone)  # Flask-Babel converts with pytz, which brings its own zones
    except pytz.UnknownTimeZoneError:
        message = f"{name} must be a time zone such as Europe/Berlin, not {zone!r}."
        raise ConfigError(message) from None
    return zone


def _whole_number(env: Mapping[str, str], name: str, default: int, minimum: int) -> int:
    """An integer setting of at least `minimum`, or a ConfigError naming the variable."""
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    text = raw.strip()
    value = int(text) if text.isascii() and text.isdigit() else None
    if value is None or value < minimum:
        raise ConfigError(f"{name} must be a whole number of at least {minimum}, not {raw!r}.")
    return value


def _secret_key(env: Mapping[str, str], mode: str, instance_path: Path) -> str:
    key = env.get("QUALIFY_SECRET_KEY")
    if key:
        if mode == "production" and (len(key) < 32 or len(set(key)) < 10):
            raise ConfigError(
                "QUALIFY_SECRET_KEY must be a random value of at least 32 characters in "
                "production, e.g. the output of "
                "`python -c 'import secrets; print(secrets.token_hex(32))'`."
            )
        return key
    if mode == "production":
        raise ConfigError(
            "QUALIFY_SECRET_KEY is not set. Set it to a long random value, e.g. the output of "
            "`python -c 'import secrets; print(secrets.token_hex(32))'`."
        )
    return _instance_secret_key(instance_path)


def _instance_secret_key(instance_path: Path) -> str:
    """Generate a development key once and keep it, so sessions survive restarts."""
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key
