"""The pure rules of handing in and marking: word limits, states, pass marks."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from qualify.assignments.handing_in import (
    MAX_CHARACTERS,
    State,
    draft_problem,
    editable,
    hand_in_problem,
    mark_problem,
    passes,
    state_of,
)


def test_word_limits_are_checked_when_handing_in() -> None:
    assert hand_in_problem("", 2, 4) == "Write your text before you hand it in."
    assert hand_in_problem("eins", 2, 4) == "Your text has 1 words; it needs at least 2."
    assert hand_in_problem("a b c d e", 2, 4) == "Your text has 5 words; it may have at most 4."
    assert hand_in_problem("a b\n\nc", 2, 4) is None
    assert hand_in_problem("a", None, None) is None


def test_a_draft_may_be_short_but_not_endless() -> None:
    assert draft_problem("") is None and draft_problem("kurz") is None
    assert draft_problem("x" * (MAX_CHARACTERS + 1)) is not None
    assert hand_in_problem("x" * (MAX_CHARACTERS + 1), None, None) is not None


def test_states_and_who_may_write() -> None:
    assert state_of(False, False, None) is State.DRAFT
    assert state_of(True, False, None) is State.HANDED_IN
    assert state_of(True, True, True) is State.PASSED
    assert state_of(True, True, False) is State.FAILED
    assert [s for s in State if editable(s)] == [State.NOT_STARTED, State.DRAFT, State.FAILED]


def test_a_fail_needs_a_comment_and_points_stay_in_range() -> None:
    assert mark_problem(4, 10, False, "  ") is not None
    assert mark_problem(4, 10, False, "Die Analyse fehlt.") is None
    assert mark_problem(9, 10, True, "") is None
    assert mark_problem(11, 10, True, "") is not None
    assert mark_problem(-1, 10, False, "x") is not None


def test_the_pass_mark_is_exact() -> None:
    assert passes(7, 10, 70) and not passes(6, 10, 70)
    assert not passes(2, 3, 67) and passes(2, 3, 66)  # 66.67 %


@given(st.integers(0, 100), st.integers(1, 100), st.integers(1, 100))
def test_passing_agrees_with_the_percentage(points: int, max_points: int, pass_mark: int) -> None:
    points = min(points, max_points)
    assert passes(points, max_points, pass_mark) == (points / max_points * 100 >= pass_mark - 1e-9)
