"""Quiz rules that need no database: drawing questions, when an attempt may start, deadlines,
and which attempt counts. Pure: plain values in, plain values out.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from qualify.assessment.quizfile import Counts, QuizSettings, Review

T = TypeVar("T")

# Answers that arrive this long after the deadline still count: the clock in the browser,
# the network and a slow click should not cost a learner the last answers.
GRACE = dt.timedelta(seconds=60)


def draw_questions(
    pool: Sequence[T],
    tags_of: Callable[[T], Sequence[str]],
    settings: QuizSettings,
    rng: random.Random,
) -> list[T]:
    """The questions of one attempt, in pool order: so many per tag, or N of all, or all."""
    if settings.draw_per_tag:
        drawn: list[T] = []
        for tag, count in settings.draw_per_tag:
            candidates = [q for q in pool if tag in tags_of(q) and q not in drawn]
            drawn += rng.sample(candidates, min(count, len(candidates)))
    elif settings.draw and settings.draw < len(pool):
        drawn = rng.sample(list(pool), settings.draw)
    else:
        drawn = list(pool)
    order = {id(q): i for i, q in enumerate(pool)}
    return sorted(drawn, key=lambda q: order[id(q)])


class Refusal(enum.StrEnum):
    NO_ATTEMPTS_LEFT = "no_attempts_left"
    WAITING = "waiting"


@dataclass(frozen=True)
class PastAttempt:
    """What the rules need to know of an attempt already made."""

    submitted_at: dt.datetime | None  # None while it is open


@dataclass(frozen=True)
class StartDecision:
    allowed: bool
    refusal: Refusal | None = None
    available_at: dt.datetime | None = None  # when waiting ends
    attempts_left: int | None = None  # after this one; None: unlimited


def may_start(
    settings: QuizSettings,
    past: Sequence[PastAttempt],
    extra_grants: Sequence[dt.datetime],
    now: dt.datetime,
) -> StartDecision:
    """Whether a learner may start a new attempt now.

    A trainer's extra attempt adds one to the limit and, granted after the last attempt,
    also waives the waiting time: the trainer wants the learner to try again now.
    """
    left = None
    if settings.max_attempts is not None:
        left = settings.max_attempts + len(extra_grants) - len(past)
        if left <= 0:
            return StartDecision(False, Refusal.NO_ATTEMPTS_LEFT, attempts_left=0)
        left -= 1
    submitted = [a.submitted_at for a in past if a.submitted_at is not None]
    if settings.wait_minutes and submitted:
        last = max(submitted)
        waived = any(granted > last for granted in extra_grants)
        available_at = last + dt.timedelta(minutes=settings.wait_minutes)
        if now < available_at and not waived:
            return StartDecision(False, Refusal.WAITING, available_at, left)
    return StartDecision(True, attempts_left=left)


def deadline(
    started_at: dt.datetime, settings: QuizSettings, extra_percent: int = 0
) -> dt.datetime | None:
    """The time limit, lengthened by a learner's accommodation (whole minutes, rounded up)."""
    minutes = time_limit(settings, extra_percent)
    return None if minutes is None else started_at + dt.timedelta(minutes=minutes)


def time_limit(settings: QuizSettings, extra_percent: int = 0) -> int | None:
    if settings.time_limit_minutes is None:
        return None
    return math.ceil(settings.time_limit_minutes * (100 + extra_percent) / 100)


def accepts_answers(deadline_at: dt.datetime | None, now: dt.datetime) -> bool:
    """Answers sent after the deadline (and its grace) are not stored."""
    return deadline_at is None or now <= deadline_at + GRACE


def submission_time(deadline_at: dt.datetime | None, now: dt.datetime) -> dt.datetime:
    """A late submission is graded as at the deadline."""
    return min(now, deadline_at) if deadline_at is not None else now


@dataclass(frozen=True)
class GradedAttempt:
    percent: float
    passed: bool
    submitted_at: dt.datetime


@dataclass(frozen=True)
class QuizResult:
    """A learner's result in a quiz by the quiz's rule (`counts: best` or `counts: last`).

    The one shape that dashboards, trainer pages, qualification rules and certificates use.
    """

    counted_percent: float
    """The percent of the attempt that counts: the best one, or the last one."""
    passed: bool
    passed_at: dt.datetime | None


def quiz_result(attempts: Sequence[GradedAttempt], counts: Counts) -> QuizResult | None:
    """The learner's result from graded attempts: the best one, or the last one."""
    if not attempts:
        return None
    ordered = sorted(attempts, key=lambda a: a.submitted_at)
    if counts is Counts.LAST:
        last = ordered[-1]
        return QuizResult(last.percent, last.passed, last.submitted_at if last.passed else None)
    first_pass = next((a.submitted_at for a in ordered if a.passed), None)
    return QuizResult(max(a.percent for a in ordered), first_pass is not None, first_pass)


def review_shown(
    review: Review, *, certifying: bool, passed: bool, attempts_exhausted: bool
) -> Review:
    """What a learner may see of a submitted attempt. A quiz that leads to a certificate
    shows at most which answers were right and wrong (no right answers, no feedback texts)
    until the learner has passed it or has no attempt left, whatever its file says:
    otherwise every attempt hands out the key to the next one. Then it shows what its file
    says (`feedback` by default). A file's `score` is never widened."""
    if certifying and not passed and not attempts_exhausted and review is Review.FEEDBACK:
        return Review.CORRECTNESS
    return review


def is_answered(response: object) -> bool:
    """Whether a saved response holds an answer (a matching with no pair chosen does not)."""
    if isinstance(response, dict):
        return any(is_answered(value) for value in response.values())
    return response not in (None, "", [], ())


def paginate(questions: Sequence[T], per_page: int) -> list[list[T]]:
    """Split an attempt's questions into pages; at least one page, even when empty."""
    size = max(1, per_page)
    return [list(questions[i : i + size]) for i in range(0, len(questions), size)] or [[]]
