"""What admin pages call roles, account states and audit entries, in the reader's language."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from qualify.accounts.directory import UserStatus
from qualify.accounts.mails import ROLE_LABELS
from qualify.audit.actions import AuditAction

STATUS_LABELS: dict[UserStatus, LazyString] = {
    UserStatus.ACTIVE: _l("Active"),
    UserStatus.UNCONFIRMED: _l("E-mail address not confirmed yet"),
    UserStatus.INVITED: _l("Invited, no password yet"),
    UserStatus.DEACTIVATED: _l("Deactivated"),
    UserStatus.DELETED: _l("Deleted"),
}

ACTION_LABELS: dict[AuditAction, LazyString] = {
    AuditAction.USER_CREATED: _l("Account created"),
    AuditAction.ROLE_CHANGED: _l("Role changed"),
    AuditAction.USER_DEACTIVATED: _l("Account deactivated"),
    AuditAction.USER_REACTIVATED: _l("Account reactivated"),
    AuditAction.PASSWORD_RESET_SENT: _l("Link for a new password sent"),
    AuditAction.PASSWORD_SET: _l("New password set"),
    AuditAction.INVITATION_SENT: _l("Invitation sent"),
    AuditAction.INVITATION_RESENT: _l("Invitation sent again"),
    AuditAction.ACCOUNT_DELETED: _l("Account deleted"),
    AuditAction.ESSAY_GRADED: _l("Free-text answers marked"),
    AuditAction.ASSIGNMENT_MARKED: _l("Practice assignment marked"),
    AuditAction.EXTRA_ATTEMPT_GRANTED: _l("Extra quiz attempt granted"),
    AuditAction.WORKSHOP_HOURS_CREDITED: _l("Workshop hours credited"),
    AuditAction.CERTIFICATE_REVOKED: _l("Certificate revoked"),
    AuditAction.CERTIFICATE_ISSUED: _l("Certificate issued"),
    AuditAction.CERTIFICATE_RENEWED: _l("Certificate renewed"),
    AuditAction.CERTIFICATE_REISSUED: _l("Certificate issued again with a corrected name"),
    AuditAction.COHORT_CREATED: _l("Group created"),
    AuditAction.COHORT_CHANGED: _l("Group changed"),
    AuditAction.COHORT_MEMBER_ADDED: _l("Participant added to a group"),
    AuditAction.COHORT_MEMBER_REMOVED: _l("Participant removed from a group"),
    AuditAction.WORKSHOP_ADDED: _l("Workshop added to a group"),
    AuditAction.ATTENDANCE_RECORDED: _l("Workshop attendance recorded"),
    AuditAction.EXTRA_TIME_SET: _l("Extra time in timed quizzes set"),
    AuditAction.COURSE_CREATED: _l("Course created"),
    AuditAction.COURSE_DRAFT_SAVED: _l("Course draft saved"),
    AuditAction.COURSE_DRAFT_DISCARDED: _l("Course draft discarded"),
    AuditAction.COURSE_PUBLISHED: _l("Course version published"),
    AuditAction.COURSE_VERSION_RESTORED: _l("Earlier version restored into the draft"),
    AuditAction.COURSE_ARCHIVED: _l("Course archived"),
    AuditAction.COURSE_AUTHOR_GRANTED: _l("Course authoring granted"),
    AuditAction.COURSE_AUTHOR_REVOKED: _l("Course authoring withdrawn"),
    AuditAction.COURSE_OVERWRITTEN_BY_IMPORT: _l("Browser edits replaced by the course files"),
    AuditAction.COURSE_IMAGE_UPLOADED: _l("Image uploaded to a course"),
    AuditAction.COURSE_IMAGE_DELETED: _l("Image deleted from a course"),
}

# The first word of an event's `subject` ("attempt 12", "quiz testkurs", ...).
SUBJECT_LABELS: dict[str, LazyString] = {
    "attempt": _l("Quiz attempt"),
    "quiz": _l("Quiz of the course"),
    "qualification": _l("Qualification"),
    "certificate": _l("Certificate"),
    "cohort": _l("Group"),
    "course": _l("Course"),
    "workshop": _l("Workshop"),
    "assignment": _l("Practice assignment"),
}
# Subjects of more than one part, as whole sentences for the translators.
SUBJECT_SENTENCES: dict[str, tuple[re.Pattern[str], str]] = {
    "workshop": (
        re.compile(r"(?P<workshop>\S+) of cohort (?P<group>\S+)"),
        _l("Workshop %(workshop)s of group %(group)s"),
    ),
    "assignment": (
        re.compile(r"(?P<task>\S+) version (?P<number>\S+)"),
        _l("Practice assignment %(task)s, version %(number)s"),
    ),
}

DETAIL_LABELS: dict[str, LazyString] = {
    "from": _l("Before"),
    "to": _l("After"),
    "role": _l("Role"),
    "reason": _l("Reason"),
    "via": _l("Done through"),
    "hours": _l("Hours"),
    "held_on": _l("Date of the workshop"),
    "title": _l("Workshop"),
    "recorded_by": _l("Recorded for account no."),
    "points": _l("Points per question"),
    "status": _l("Result"),
    "course": _l("Course"),
    "files": _l("Files"),
    "version": _l("Version"),
    "image": _l("Image"),
    "present": _l("Present (account no.)"),
    "name": _l("Name"),
    "trainers": _l("Trainers (account no.)"),
    "qualification": _l("Qualification"),
    "join_link": _l("Link to join"),
    "extra_time_percent": _l("Extra time in %"),
    "code": _l("Certificate code"),
    "supersedes": _l("Replaces certificate"),
    "max_points": _l("Maximum points"),
    "passed": _l("Passed"),
    "certificates": _l("Certificates"),
    "cohort": _l("Group no."),
}

VALUE_LABELS: dict[str, LazyString] = {
    **{role.value: label for role, label in ROLE_LABELS.items()},
    "command line": _l("command line"),
    "graded": _l("graded"),
    "pending_review": _l("waiting for more marks"),
    "rules met": _l("all requirements met"),
    "name corrected": _l("name corrected"),
    "kept": _l("kept"),
    "revoked": _l("revoked"),
}


def action_label(action: str) -> str:
    """The label of a known action; an action unknown to this version shows as stored."""
    try:
        return str(ACTION_LABELS[AuditAction(action)])
    except ValueError:
        return action


def subject_label(subject: str | None) -> str:
    if not subject:
        return ""
    kind, _, rest = subject.partition(" ")
    pattern, sentence = SUBJECT_SENTENCES.get(kind, (None, None))
    if pattern is not None and (parts := pattern.fullmatch(rest)):
        return str(sentence) % parts.groupdict()
    label = SUBJECT_LABELS.get(kind)
    return f"{label} {rest}" if label is not None else subject


def detail_lines(details: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """(label, value) for each stored detail, in a stable order."""
    return [(str(DETAIL_LABELS.get(k, k)), _value(v)) for k, v in sorted((details or {}).items())]


def _value(value: Any) -> str:
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {_value(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value)
    if isinstance(value, bool):
        return str(_l("yes") if value else _l("no"))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str) and value in VALUE_LABELS:
        return str(VALUE_LABELS[value])
    return str(value)
