"""The qualification rules as pure functions: each part, the whole, and what is due; with
property-based tests that more work never takes a met rule away."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualify.assessment.policy import QuizResult
from qualify.certificates.ruledata import counting_courses, spec_data, spec_from_data
from qualify.certificates.rules import (
    Assignment,
    AssignmentResult,
    Due,
    ElectiveGroup,
    Evidence,
    Held,
    LessonCount,
    QualificationSpec,
    Requirement,
    RuleSet,
    Validity,
    add_months,
    evaluate,
    expiry,
    lessons_needed,
    standing,
)

T0 = dt.datetime(2027, 1, 31, 10, tzinfo=dt.UTC)
COURSES = ("a", "b", "c", "d", "e")


def passed(percent: float = 80) -> QuizResult:
    return QuizResult(percent, True, T0)


def failed(percent: float = 40) -> QuizResult:
    return QuizResult(percent, False, None)


def evidence(**changes: object) -> Evidence:
    return Evidence(**({"available": frozenset(COURSES)} | changes))


def test_a_course_needs_its_quiz_above_the_minimum_and_its_lessons() -> None:
    rules = RuleSet((Requirement("a", 75),))
    read_all = {"a": LessonCount(22, 22)}
    assert evaluate(rules, evidence(results={"a": passed(80)}, lessons=read_all)).earned
    below = evaluate(rules, evidence(results={"a": passed(70)}, lessons=read_all))
    assert not below.earned and below.courses[0].below_minimum
    unread = evaluate(rules, evidence(results={"a": passed(80)}, lessons={"a": LessonCount(0, 22)}))
    assert not unread.earned and unread.courses[0].lessons_missing == 22
    assert not evaluate(rules, evidence(results={"a": failed()}, lessons=read_all)).earned


def test_the_quizs_own_pass_mark_counts_when_no_minimum_is_given() -> None:
    rules = RuleSet((Requirement("a", None, 0),))
    assert evaluate(rules, evidence(results={"a": passed(61)})).earned
    assert not evaluate(rules, evidence(results={"a": failed(99)})).earned  # not passed


@pytest.mark.parametrize(
    ("percent", "total", "needed"),
    [(100, 22, 22), (80, 22, 18), (50, 7, 4), (0, 22, 0), (100, 0, 0)],
)
def test_a_share_of_lessons_is_rounded_up(percent: int, total: int, needed: int) -> None:
    assert lessons_needed(percent, total) == needed


def test_electives_need_so_many_of_their_courses() -> None:
    rules = RuleSet(electives=(ElectiveGroup(2, tuple(Requirement(c, None, 0) for c in "abc")),))
    one = evaluate(rules, evidence(results={"a": passed()}))
    assert not one.earned and one.electives[0].chosen == 1
    two = evaluate(rules, evidence(results={"a": passed(), "c": passed()}))
    assert two.earned and [c.course_id for c in two.met_courses] == ["a", "c"]
    missing_two = evaluate(rules, Evidence(available=frozenset({"a"})))
    assert not missing_two.attainable and missing_two.unavailable == ("b", "c")


def test_the_assignment_counts_only_its_latest_marked_version() -> None:
    rules = RuleSet(assignment=Assignment("e", "praxis", 60))
    assert not evaluate(rules, evidence(results={"e": passed(90)})).earned  # the quiz: no
    waiting = evaluate(rules, evidence(assignments={("e", "praxis"): AssignmentResult(None, True)}))
    assert not waiting.earned and waiting.assignment.waiting and not waiting.assignment.failed
    failed = evaluate(rules, evidence(assignments={("e", "praxis"): AssignmentResult(50.0)}))
    assert not failed.earned and failed.assignment.failed
    assert not evaluate(
        rules, evidence(assignments={("e", "other"): AssignmentResult(90.0)})
    ).earned
    assert evaluate(rules, evidence(assignments={("e", "praxis"): AssignmentResult(60.0)})).earned


def test_an_assignment_without_minimum_needs_its_quizs_pass_mark() -> None:
    rules = RuleSet(assignment=Assignment("e", "praxis"))
    marked = {("e", "praxis"): AssignmentResult(65.0)}
    assert evaluate(rules, evidence(assignments=marked, pass_marks={"e": 60})).earned
    assert not evaluate(rules, evidence(assignments=marked, pass_marks={"e": 70})).earned
    assert not evaluate(rules, evidence(assignments=marked)).earned  # default: 70


def test_an_assignment_whose_question_does_not_exist_cannot_be_earned() -> None:
    rules = RuleSet(assignment=Assignment("e", "praxis", 50))
    marked = {("e", "praxis"): AssignmentResult(90.0)}
    missing = evaluate(rules, evidence(assignments=marked, assignment_questions=frozenset()))
    assert not missing.attainable and missing.unavailable == ("e",)
    there = frozenset({("e", "praxis")})
    assert evaluate(rules, evidence(assignments=marked, assignment_questions=there)).earned


def test_sign_off_waits_until_the_work_is_done() -> None:
    rules = RuleSet((Requirement("a", None, 0),), sign_off=True)
    not_yet = evaluate(rules, evidence(signed_off=True))
    assert not not_yet.earned and not not_yet.waiting_for_sign_off
    done = evaluate(rules, evidence(results={"a": passed()}))
    assert done.work_done and done.waiting_for_sign_off and not done.earned
    assert evaluate(rules, evidence(results={"a": passed()}, signed_off=True)).earned


def test_workshop_hours() -> None:
    rules = RuleSet(workshop_hours=16)
    assert evaluate(rules, evidence(workshop_hours=15.5)).workshop_hours_missing == 0.5
    assert evaluate(rules, evidence(workshop_hours=16)).earned


# Properties ---------------------------------------------------------------------------

requirements = st.builds(
    Requirement,
    st.sampled_from(COURSES),
    st.none() | st.integers(1, 100),
    st.sampled_from([0, 50, 80, 100]),
)
rule_sets = st.builds(
    RuleSet,
    st.lists(requirements, max_size=3).map(tuple),
    st.lists(
        st.builds(
            lambda choose, options: ElectiveGroup(min(choose, len(options)), tuple(options)),
            st.integers(1, 3),
            st.lists(requirements, min_size=2, max_size=3),
        ),
        max_size=2,
    ).map(tuple),
    st.integers(0, 24),
    st.none()
    | st.builds(
        Assignment, st.sampled_from(COURSES), st.just("praxis"), st.none() | st.integers(1, 100)
    ),
    st.booleans(),
)
results = st.builds(QuizResult, st.floats(0, 100), st.booleans(), st.just(T0))
lesson_counts = st.integers(0, 10).flatmap(
    lambda total: st.builds(LessonCount, st.integers(0, total), st.just(total))
)
evidences = st.builds(
    Evidence,
    st.frozensets(st.sampled_from(COURSES)),
    st.dictionaries(st.sampled_from(COURSES), results),
    st.dictionaries(st.sampled_from(COURSES), lesson_counts),
    st.floats(0, 30),
    st.dictionaries(
        st.tuples(st.sampled_from(COURSES), st.just("praxis")),
        st.builds(AssignmentResult, st.none() | st.floats(0, 100), st.booleans()),
    ),
    st.booleans(),
)


def better(a: QuizResult | None, b: QuizResult) -> QuizResult:
    """A result at least as good as both: passed if either passed, the higher score."""
    if a is None:
        return b
    return QuizResult(max(a.counted_percent, b.counted_percent), a.passed or b.passed, T0)


def more_marked(a: AssignmentResult | None, b: QuizResult) -> AssignmentResult:
    """A mark at least as good (a passed version is final: no later mark replaces it)."""
    if a is None or a.percent is None:
        return AssignmentResult(b.counted_percent)
    return AssignmentResult(max(a.percent, b.counted_percent), a.waiting)


@given(rule_sets, evidences, st.sampled_from(COURSES), results, st.integers(0, 3), st.floats(0, 8))
def test_more_work_never_unmeets_a_met_rule(
    rules: RuleSet,
    before: Evidence,
    course: str,
    result: QuizResult,
    more_lessons: int,
    more_hours: float,
) -> None:
    """Passing a course (or doing better in it), reading lessons, attending workshops, a
    marked assignment and a sign-off only ever add met parts."""
    lessons = dict(before.lessons)  # a course's number of lessons is not the learner's work
    if course in lessons:
        done, total = lessons[course].done, lessons[course].total
        lessons[course] = LessonCount(min(total, done + more_lessons), total)
    after = dataclasses.replace(
        before,
        results={**before.results, course: better(before.results.get(course), result)},
        assignments={
            **before.assignments,
            (course, "praxis"): more_marked(before.assignments.get((course, "praxis")), result),
        },
        lessons=lessons,
        workshop_hours=before.workshop_hours + more_hours,
        signed_off=True,
    )
    old, new = evaluate(rules, before), evaluate(rules, after)
    assert not old.earned or new.earned
    assert not old.work_done or new.work_done
    assert all(n.met for o, n in zip(old.courses, new.courses, strict=True) if o.met)
    assert all(n.met for o, n in zip(old.electives, new.electives, strict=True) if o.met)


@given(rule_sets, evidences)
def test_earned_exactly_when_each_part_is_met(rules: RuleSet, facts: Evidence) -> None:
    e = evaluate(rules, facts)
    parts = [
        *(c.met for c in e.courses),
        *(g.chosen >= g.choose for g in e.electives),
        facts.workshop_hours >= rules.workshop_hours,
        e.assignment is None or e.assignment.met,
        facts.signed_off or not rules.sign_off,
    ]
    assert e.earned == all(parts)
    assert not e.earned or e.attainable


specs = st.builds(
    QualificationSpec,
    st.just("q"),
    st.just({"de": "Q"}),
    st.just({"de": "Q"}),
    st.lists(requirements, max_size=3).map(tuple),
    st.integers(0, 24),
    st.just({}),
    rule_sets.map(lambda r: r.electives),
    st.none()
    | st.builds(
        Assignment, st.sampled_from(COURSES), st.just("praxis"), st.none() | st.integers(1, 100)
    ),
    st.booleans(),
    st.none()
    | st.builds(
        lambda months, window, renewal: Validity(months, renewal, min(window, months - 1)),
        st.integers(2, 60),
        st.integers(0, 6),
        rule_sets,
    ),
    st.just({"de": "Alle"}),
)


@given(specs)
def test_rules_are_stored_and_read_back_unchanged(spec: QualificationSpec) -> None:
    data = spec_data(spec)
    again = spec_from_data(
        spec.id,
        title=spec.title,
        description=spec.description,
        audience=spec.audience,
        workshop_description=spec.workshop_description,
        data=data,
    )
    assert again == spec
    listed = {row["course"] for row in counting_courses(spec)}
    assert set(spec.rules.course_ids) <= listed


# What is due ----------------------------------------------------------------------------

RENEWING = QualificationSpec(
    "q",
    {"de": "Q"},
    {"de": "Q"},
    (Requirement("a", None, 0),),
    validity=Validity(24, RuleSet(workshop_hours=8), window_months=3),
)
DONE = evidence(results={"a": passed()})


def test_without_a_certificate_the_full_rules_apply() -> None:
    assert standing(RENEWING, DONE, None, None, T0).due is Due.ISSUE
    assert standing(RENEWING, evidence(), None, None, T0).due is Due.NOTHING


def test_renewal_opens_months_before_expiry_and_counts_what_was_done_since() -> None:
    issued = Held(T0, add_months(T0, 24))
    early = add_months(T0, 20)
    held_early = standing(RENEWING, DONE, None, issued, early)
    assert held_early.eligibility is None and held_early.due is Due.NOTHING
    assert held_early.renewal_opens == dt.datetime(2028, 10, 31, 10, tzinfo=dt.UTC)
    in_window = add_months(T0, 22)
    not_yet = standing(RENEWING, DONE, evidence(workshop_hours=4), issued, in_window)
    assert not_yet.renewal and not_yet.due is Due.NOTHING
    renew = standing(RENEWING, DONE, evidence(workshop_hours=8), issued, in_window)
    assert renew.due is Due.RENEW
    assert standing(RENEWING, DONE, None, issued, in_window).due is Due.NOTHING


def test_a_revoked_certificate_is_neither_renewed_nor_replaced() -> None:
    revoked = Held(T0, add_months(T0, 24), revoked=True)
    later = add_months(T0, 23)
    assert standing(RENEWING, DONE, evidence(workshop_hours=8), revoked, later).due is Due.NOTHING
    forever = dataclasses.replace(RENEWING, validity=None)
    assert standing(forever, DONE, None, Held(T0, None), later).due is Due.NOTHING


def test_renewing_early_costs_no_time_and_late_starts_anew() -> None:
    held = Held(T0, add_months(T0, 24))
    assert expiry(RENEWING, add_months(T0, 22), held) == add_months(T0, 48)
    late = add_months(T0, 30)
    assert expiry(RENEWING, late, held) == add_months(late, 24)
    assert expiry(dataclasses.replace(RENEWING, validity=None), T0) is None


def test_months_keep_the_day_or_take_the_months_last() -> None:
    assert add_months(T0, 1) == dt.datetime(2027, 2, 28, 10, tzinfo=dt.UTC)
    assert add_months(T0, -3) == dt.datetime(2026, 10, 31, 10, tzinfo=dt.UTC)
    assert add_months(dt.datetime(2028, 1, 31, tzinfo=dt.UTC), 1).day == 29
