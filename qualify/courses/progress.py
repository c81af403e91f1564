"""Progress through a course: percent done and where to continue. Pure functions."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class CourseProgress:
    lessons_total: int
    lessons_done: int
    resume_lesson_id: int | None
    """The lesson to open next; None when every lesson is done."""

    @property
    def percent(self) -> int:
        if self.lessons_total == 0:
            return 0
        return round(100 * self.lessons_done / self.lessons_total)


def course_progress(
    lesson_ids: Sequence[int], done_ids: Collection[int], last_opened_id: int | None = None
) -> CourseProgress:
    """Summarise progress over lessons in course order.

    Continue where the learner left off: the last opened lesson if it is not done yet,
    otherwise the first unfinished lesson after it, wrapping round to the start.
    """
    done = [lesson_id for lesson_id in lesson_ids if lesson_id in done_ids]
    return CourseProgress(
        lessons_total=len(lesson_ids),
        lessons_done=len(done),
        resume_lesson_id=_resume_lesson(lesson_ids, set(done_ids), last_opened_id),
    )


def _resume_lesson(
    lesson_ids: Sequence[int], done: set[int], last_opened_id: int | None
) -> int | None:
    if not lesson_ids:
        return None
    start = lesson_ids.index(last_opened_id) if last_opened_id in lesson_ids else 0
    for offset in range(len(lesson_ids)):
        candidate = lesson_ids[(start + offset) % len(lesson_ids)]
        if candidate not in done:
            return candidate
    return None
