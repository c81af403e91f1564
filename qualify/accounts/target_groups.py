"""The target groups of the funder report, named for people: the choices a person (or a
trainer's participant list) states, and the words a report prints for them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice

from qualify.accounts.models import TargetGroup

NOT_STATED = ""

LABELS = {
    TargetGroup.ADMINISTRATION: _l("Staff of a public administration or job centre"),
    TargetGroup.MIGRANT_ORGANISATION: _l("Member of a migrant organisation"),
    TargetGroup.OTHER: _l("Other"),
}

WHY_WE_ASK = _l(
    "Our funder wants to know whom the qualifications reach. We count this only in groups "
    "of 5 people or more, never for one person. You do not have to answer."
)


def target_group_choices() -> list[SelectChoice]:
    """The radio buttons: each group, and "I prefer not to say" (stored as NULL)."""
    return [
        *(SelectChoice(group.value, label) for group, label in LABELS.items()),
        SelectChoice(NOT_STATED, _l("I prefer not to say")),
    ]


def stored(value: str | None) -> str | None:
    """The form's value as stored: a known group, or None for "not stated"."""
    return value if value in set(TargetGroup) else None
