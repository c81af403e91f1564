"""What a production site still lacks, for the admins' banner and the start-up log. Pure:
it reads the app's config values and the operator facts, nothing else."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

from qualify.legal.operator import OperatorFacts


class OperatorWarning(enum.StrEnum):
    FACTS_MISSING = "facts_missing"  # imprint and privacy notice show placeholders
    NO_SMTP = "no_smtp"  # mails pile up in the instance folder; nobody gets reset links
    NO_REDIS = "no_redis"  # rate limits count per process, so they multiply


LOG_TEXT = {
    OperatorWarning.FACTS_MISSING: (
        "Operator facts are missing in the operator file (QUALIFY_OPERATOR_FILE): %s. "
        "The imprint and privacy notice show placeholders until they are filled in."
    ),
    OperatorWarning.NO_SMTP: (
        "QUALIFY_SMTP_URL is not set: mails are kept in the instance folder and nobody "
        "receives them (no password reset links)."
    ),
    OperatorWarning.NO_REDIS: (
        "QUALIFY_REDIS_URL is not set: rate limits are counted per app process. Set it when "
        "more than one process serves the site."
    ),
}


def operator_warnings(
    config: Mapping[str, Any], facts: OperatorFacts
) -> tuple[OperatorWarning, ...]:
    """The warnings for a production site; development and tests have none."""
    if config.get("ENV_NAME") != "production":
        return ()
    found = []
    if facts.missing():
        found.append(OperatorWarning.FACTS_MISSING)
    if not config.get("SMTP_URL"):
        found.append(OperatorWarning.NO_SMTP)
    if not config.get("REDIS_URL"):
        found.append(OperatorWarning.NO_REDIS)
    return tuple(found)


def log_lines(warnings: tuple[OperatorWarning, ...], facts: OperatorFacts) -> list[str]:
    """The start-up log lines, in English for the operator's logs."""
    missing = ", ".join(facts.missing())
    return [
        LOG_TEXT[w] % missing if w is OperatorWarning.FACTS_MISSING else LOG_TEXT[w]
        for w in warnings
    ]
