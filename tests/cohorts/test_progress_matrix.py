"""The progress matrix, the weekly passes and the chart geometry: pure functions."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from qualify.assessment.policy import QuizResult
from qualify.learners.progress_chart import HEIGHT, WIDTH, bar_chart
from qualify.learners.progress_matrix import (
    AT_RISK,
    CourseState,
    ParticipantFacts,
    QualificationState,
    RequiredCourse,
    Sort,
    chosen,
    matrix_row,
    weekly_passes,
)

TODAY = dt.date(2027, 3, 15)
NOON = dt.time(12, tzinfo=dt.UTC)
COURSES = (RequiredCourse(1, "Eins", 4, None), RequiredCourse(2, "Zwei", 2, 75))


def facts(
    user_id: int = 1, name: str = "Ada", quiet: int = 0, **changes: object
) -> ParticipantFacts:
    values = {
        "user_id": user_id,
        "name": name,
        "email": f"{name.lower()}@example.org",
        "organisation": "",
        "joined_at": dt.datetime.combine(TODAY - dt.timedelta(days=60), NOON),
        "enrolled": frozenset(),
        "lessons_done": {},
        "results": {},
        "hours": 0.0,
        "certified": False,
        "last_activity": dt.datetime.combine(TODAY - dt.timedelta(days=quiet), NOON),
    }
    return ParticipantFacts(**(values | changes))


def passed(percent: float) -> QuizResult:
    return QuizResult(percent, True, dt.datetime(2027, 3, 1, tzinfo=dt.UTC))


def row(f: ParticipantFacts, hours_due: float = 8, running: bool = True):
    return matrix_row(f, COURSES, hours_due, TODAY, at_risk_days=14, running=running)


def test_cells_say_not_started_in_progress_passed_failed_and_below_the_minimum() -> None:
    r = row(facts(enrolled=frozenset({1}), lessons_done={1: 1}, results={2: passed(70)}))
    assert [(c.state, c.percent, c.score) for c in r.cells] == [
        (CourseState.IN_PROGRESS, 25, None),
        (CourseState.PASSED, 0, 70),
    ]
    assert [c.below_minimum for c in r.cells] == [False, True]
    failed = row(facts(results={1: QuizResult(40, False, None)})).cells[0]
    assert (failed.state, failed.score) == (CourseState.FAILED, 40)
    assert row(facts()).cells[0].state is CourseState.NOT_STARTED


def test_the_qualification_is_complete_when_its_rules_say_so() -> None:
    """Whether every requirement is met is the qualification rules' answer (lessons,
    electives and the assignment included: tests/certificates/test_rules.py)."""
    both = {1: passed(90), 2: passed(80)}
    assert row(facts(results=both, hours=8, requirements_met=True)).state is (
        QualificationState.COMPLETE
    )
    assert row(facts(results=both, hours=8)).state is QualificationState.IN_PROGRESS
    assert row(facts(certified=True)).state is QualificationState.CERTIFIED
    assert row(facts()).state is QualificationState.NOT_STARTED
    assert row(facts(hours=2)).state is QualificationState.IN_PROGRESS


def test_at_risk_after_the_cohorts_quiet_days_while_it_runs_and_work_remains() -> None:
    assert row(facts(quiet=14)).at_risk
    assert not row(facts(quiet=13)).at_risk
    assert not row(facts(quiet=30), running=False).at_risk
    assert not row(facts(quiet=30, certified=True)).at_risk
    never = row(facts(last_activity=None))  # counted from joining, 60 days ago
    assert (never.at_risk, never.quiet_days) == (True, 60)


def test_filter_and_order() -> None:
    rows = [
        row(facts(1, "cem", quiet=3)),
        row(facts(2, "Ada", quiet=20)),
        row(facts(3, "ben", quiet=1, certified=True)),
    ]
    assert [r.facts.name for r in chosen(rows, None, Sort.NAME)] == ["Ada", "ben", "cem"]
    assert [r.facts.name for r in chosen(rows, None, Sort.QUIET_FIRST)] == ["Ada", "cem", "ben"]
    assert [r.facts.name for r in chosen(rows, None, Sort.ACTIVE_FIRST)] == ["ben", "cem", "Ada"]
    assert [r.facts.name for r in chosen(rows, AT_RISK, Sort.NAME)] == ["Ada"]
    assert [r.facts.name for r in chosen(rows, "certified", Sort.NAME)] == ["ben"]


def test_weeks_run_monday_to_sunday_and_add_up() -> None:
    first, last = dt.date(2027, 3, 3), dt.date(2027, 3, 22)  # a Wednesday, a Monday
    days = [dt.date(2027, 3, 1), dt.date(2027, 3, 7), dt.date(2027, 3, 8), dt.date(2027, 3, 30)]
    weeks = weekly_passes(days, first, last)
    assert [(w.starts_on.day, w.passed, w.total) for w in weeks] == [
        (1, 2, 2),  # the pass before the start counts in the first week
        (8, 1, 3),
        (15, 0, 3),
        (22, 0, 3),  # the pass after the last day does not count
    ]
    assert weekly_passes(days, first, first - dt.timedelta(days=10)) == []


@given(
    st.lists(st.dates(dt.date(2027, 1, 1), dt.date(2027, 12, 31)), max_size=60),
    st.dates(dt.date(2027, 1, 1), dt.date(2027, 6, 30)),
    st.integers(0, 200),
)
def test_weekly_totals_count_every_pass_up_to_the_last_day_once(
    days: list[dt.date], first: dt.date, length: int
) -> None:
    last = first + dt.timedelta(days=length)
    weeks = weekly_passes(days, first, last)
    assert sum(w.passed for w in weeks) == len([d for d in days if d <= last])
    assert all(w.starts_on.weekday() == 0 for w in weeks)
    assert [w.total for w in weeks] == sorted(w.total for w in weeks)


@given(st.lists(st.integers(0, 5000), max_size=120))
def test_bars_stay_inside_the_picture_and_keep_their_order(values: list[int]) -> None:
    chart = bar_chart(values)
    assert [bar.value for bar in chart.bars] == values
    for bar in chart.bars:
        assert bar.x >= 0
        assert bar.x + bar.width <= WIDTH
        assert 0 <= bar.y <= chart.baseline <= HEIGHT
        assert abs(bar.y + bar.height - chart.baseline) < 0.02
    tallest = max(values, default=0)
    assert chart.ticks[-1].value >= tallest and chart.ticks[0].value == 0
    assert len(chart.labelled) <= 8
