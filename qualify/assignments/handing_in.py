"""What a practice assignment is and where a learner's work on it stands. Pure.

A practice assignment is an essay question of a course's quiz that attempts never draw
(certificates/<id>.yaml `assignment: {course, question}`); the learner hands it in on its
own page, a trainer marks it against the question's criteria (`grader_info`), and a failed
mark lets the learner revise it and hand it in again.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

from qualify.assessment.questiontypes.essay import count_words
from qualify.core.messages import Message

MAX_CHARACTERS = 100_000
"""Longer than any hand-in of a few thousand words; a pasted book is refused, not stored."""


@dataclass(frozen=True)
class AssignmentTask:
    """A qualification's practice assignment, as the pages need it (read from its rules by
    certificates, which sits above this package)."""

    qualification_id: int
    qualification_slug: str
    title: Mapping[str, str]
    course_id: str
    question_id: str
    min_percent: int | None = None
    description: Mapping[str, str] = field(default_factory=dict)


class State(enum.StrEnum):
    """Where a learner's work stands (of the latest version)."""

    NOT_STARTED = "not_started"
    DRAFT = "draft"
    HANDED_IN = "handed_in"  # waiting for marking: read-only
    PASSED = "passed"
    FAILED = "failed"  # marked below the pass mark: a new version may be handed in


def state_of(handed_in: bool, marked: bool, passed: bool | None) -> State:
    """The state of a version from its dates and mark (no version: NOT_STARTED)."""
    if not handed_in:
        return State.DRAFT
    if not marked:
        return State.HANDED_IN
    return State.PASSED if passed else State.FAILED


def editable(state: State) -> bool:
    """The learner may write: nothing handed in yet, a draft, or a failed mark to revise."""
    return state in {State.NOT_STARTED, State.DRAFT, State.FAILED}


def draft_problem(text: str) -> Message | None:
    """Why a draft cannot be saved: only its length (drafts may be short or empty)."""
    if len(text) > MAX_CHARACTERS:
        return Message(
            "The text is longer than %(count)s characters; shorten it.", count=MAX_CHARACTERS
        )
    return None


def hand_in_problem(text: str, min_words: int | None, max_words: int | None) -> Message | None:
    """Why the text cannot be handed in: empty, too long, or outside the word limits."""
    if problem := draft_problem(text):
        return problem
    words = count_words(text)
    if words == 0:
        return Message("Write your text before you hand it in.")
    if min_words is not None and words < min_words:
        return Message(
            "Your text has %(words)s words; it needs at least %(min)s.", words=words, min=min_words
        )
    if max_words is not None and words > max_words:
        return Message(
            "Your text has %(words)s words; it may have at most %(max)s.",
            words=words,
            max=max_words,
        )
    return None


def mark_problem(points: int, max_points: int, passed: bool, comment: str) -> Message | None:
    """Why a mark cannot be saved: points out of range, or a fail without a comment (the
    learner must learn what to revise)."""
    if not 0 <= points <= max_points:
        return Message("Give between 0 and %(max)s points.", max=max_points)
    if not passed and not comment.strip():
        return Message("Say in a comment what is missing: the learner revises the text by it.")
    return None


def percent_of(points: int, max_points: int) -> float:
    return round(points * 100 / max_points, 1) if max_points else 0.0


def passes(points: int, max_points: int, pass_mark: int) -> bool:
    """At least `pass_mark` percent of the points (computed exactly, not from the rounding)."""
    return points * 100 >= pass_mark * max_points
