"""Progress rules: percent done and where to continue."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from qualify.courses.progress import course_progress


def test_nothing_done_resumes_at_first_lesson() -> None:
    progress = course_progress([10, 11, 12], set())
    assert (progress.percent, progress.lessons_done, progress.resume_lesson_id) == (0, 0, 10)


def test_resumes_at_last_opened_lesson_if_unfinished() -> None:
    assert course_progress([10, 11, 12], {10}, last_opened_id=12).resume_lesson_id == 12


def test_after_finished_lesson_resumes_at_next_unfinished_wrapping_round() -> None:
    assert course_progress([10, 11, 12], {11, 12}, last_opened_id=12).resume_lesson_id == 10


def test_all_done_is_complete_with_nothing_to_resume() -> None:
    progress = course_progress([10, 11], {10, 11}, last_opened_id=11)
    assert (
        progress.lessons_done == progress.lessons_total
        and progress.percent == 100
        and progress.resume_lesson_id is None
    )


def test_completions_of_other_courses_do_not_count() -> None:
    assert course_progress([1, 2], {2, 99}).lessons_done == 1


@given(
    st.lists(st.integers(), unique=True, max_size=20),
    st.sets(st.integers()),
    st.none() | st.integers(),
)
def test_progress_is_consistent(lessons: list[int], done: set[int], last: int | None) -> None:
    progress = course_progress(lessons, done, last)
    assert 0 <= progress.percent <= 100
    assert progress.lessons_done == len(set(lessons) & done)
    if progress.resume_lesson_id is None:
        assert set(lessons) <= done
    else:
        assert progress.resume_lesson_id in lessons and progress.resume_lesson_id not in done
