"""Quiz rules without a database: draws, attempt limits, waiting, deadlines, which counts."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualify.assessment import policy
from qualify.assessment.quizfile import Counts, QuizSettings, Review

NOW = dt.datetime(2026, 12, 2, 12, 0, tzinfo=dt.UTC)
POOL = [("a", ["recht"]), ("b", ["recht"]), ("c", ["praxis"]), ("d", ["praxis"]), ("e", [])]


def tags(item: tuple[str, list[str]]) -> list[str]:
    return item[1]


def minutes(n: int) -> dt.timedelta:
    return dt.timedelta(minutes=n)


def test_draw_all_n_or_per_tag_keeps_pool_order() -> None:
    rng = random.Random(3)
    assert policy.draw_questions(POOL, tags, QuizSettings(), rng) == POOL
    three = policy.draw_questions(POOL, tags, QuizSettings(draw=3), rng)
    assert len(three) == 3 and three == sorted(three)
    per_tag = QuizSettings(draw_per_tag=(("recht", 1), ("praxis", 2)))
    drawn = policy.draw_questions(POOL, tags, per_tag, rng)
    assert [tags(q) for q in drawn].count(["recht"]) == 1
    assert [q[0] for q in drawn if q[1] == ["praxis"]] == ["c", "d"]


@given(st.integers(min_value=0, max_value=2**32), st.integers(min_value=1, max_value=5))
def test_draw_never_repeats_a_question(seed: int, n: int) -> None:
    drawn = policy.draw_questions(POOL, tags, QuizSettings(draw=n), random.Random(seed))
    assert len({q[0] for q in drawn}) == len(drawn) == n


def test_unlimited_attempts_without_waiting() -> None:
    past = [policy.PastAttempt(NOW - minutes(1))] * 5
    decision = policy.may_start(QuizSettings(), past, [], NOW)
    assert decision.allowed and decision.attempts_left is None


def test_attempt_limit_counts_every_attempt_and_extra_grants() -> None:
    settings = QuizSettings(max_attempts=2)
    one = [policy.PastAttempt(NOW - minutes(30))]
    assert policy.may_start(settings, one, [], NOW) == policy.StartDecision(True, attempts_left=0)
    two = one + [policy.PastAttempt(NOW - minutes(10))]
    refused = policy.may_start(settings, two, [], NOW)
    assert not refused.allowed and refused.refusal is policy.Refusal.NO_ATTEMPTS_LEFT
    assert policy.may_start(settings, two, [NOW - minutes(5)], NOW).allowed


def test_waiting_time_after_the_last_submission() -> None:
    settings = QuizSettings(wait_minutes=60)
    past = [policy.PastAttempt(NOW - minutes(200)), policy.PastAttempt(NOW - minutes(20))]
    decision = policy.may_start(settings, past, [], NOW)
    assert not decision.allowed and decision.refusal is policy.Refusal.WAITING
    assert decision.available_at == NOW + minutes(40)
    assert policy.may_start(settings, past, [], NOW + minutes(40)).allowed


def test_a_grant_after_the_last_attempt_waives_the_wait_an_older_one_does_not() -> None:
    settings = QuizSettings(wait_minutes=60, max_attempts=5)
    past = [policy.PastAttempt(NOW - minutes(20))]
    assert policy.may_start(settings, past, [NOW - minutes(10)], NOW).allowed
    assert not policy.may_start(settings, past, [NOW - minutes(30)], NOW).allowed


def test_deadline_grace_and_submission_time() -> None:
    assert policy.deadline(NOW, QuizSettings()) is None
    end = policy.deadline(NOW, QuizSettings(time_limit_minutes=30))
    assert end == NOW + minutes(30)
    assert policy.accepts_answers(end, end + policy.GRACE)
    assert not policy.accepts_answers(end, end + policy.GRACE + dt.timedelta(seconds=1))
    assert policy.submission_time(end, end + minutes(90)) == end
    assert policy.submission_time(end, NOW + minutes(5)) == NOW + minutes(5)
    assert policy.submission_time(None, NOW) == NOW


@pytest.mark.parametrize(
    ("counts", "expected"),
    [(Counts.BEST, (80.0, True, NOW + minutes(1))), (Counts.LAST, (40.0, False, None))],
)
def test_best_or_last_attempt_counts(counts: Counts, expected: tuple) -> None:
    attempts = [
        policy.GradedAttempt(50.0, False, NOW),
        policy.GradedAttempt(80.0, True, NOW + minutes(1)),
        policy.GradedAttempt(40.0, False, NOW + minutes(2)),
    ]
    result = policy.quiz_result(attempts, counts)
    assert (result.counted_percent, result.passed, result.passed_at) == expected
    assert policy.quiz_result([], counts) is None


def test_pages_split_questions() -> None:
    assert policy.paginate(list(range(7)), 3) == [[0, 1, 2], [3, 4, 5], [6]]
    assert policy.paginate([], 5) == [[]]


@pytest.mark.parametrize(
    ("certifying", "passed", "exhausted", "shown"),
    [
        (False, False, False, Review.FEEDBACK),
        (True, False, False, Review.CORRECTNESS),  # right and wrong, not the key
        (True, True, False, Review.FEEDBACK),
        (True, False, True, Review.FEEDBACK),
    ],
)
def test_a_certifying_quiz_keeps_the_key_until_passed_or_exhausted(
    certifying: bool, passed: bool, exhausted: bool, shown: Review
) -> None:
    def level(review: Review) -> Review:
        return policy.review_shown(
            review, certifying=certifying, passed=passed, attempts_exhausted=exhausted
        )

    assert level(Review.FEEDBACK) is shown
    assert level(Review.CORRECTNESS) is Review.CORRECTNESS  # never more than the file says
    assert level(Review.SCORE) is Review.SCORE
