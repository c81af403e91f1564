"""Qualification rules: what a qualification requires and whether a learner has met it. Pure.

A qualification (certificates/<id>.yaml, read by qualificationfile.py) requires courses with
a minimum score and a share of their lessons read, elective groups ("2 of these 3"),
in-person workshop hours, a practice assignment a trainer marks, a trainer's sign-off, and
may be valid for a time and then renewed. `evaluate` checks a RuleSet against the Evidence
the services read from the database; `standing` says what is due for one learner now.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from qualify.assessment.policy import QuizResult
from qualify.assessment.quizfile import DEFAULT_PASS_MARK

ALL_LESSONS = 100
"""`lessons: all`: every lesson of the course is done (the share is in percent)."""


@dataclass(frozen=True)
class Requirement:
    """A course to pass: its quiz with at least `min_percent` (None: the quiz's own pass
    mark), and at least `lessons_percent` of its lessons marked as done."""

    course_id: str
    min_percent: int | None = None
    lessons_percent: int = ALL_LESSONS


@dataclass(frozen=True)
class ElectiveGroup:
    """Pass `choose` of these courses (each on its own terms)."""

    choose: int
    options: tuple[Requirement, ...]


@dataclass(frozen=True)
class Assignment:
    """A practice task handed in on its own and marked by a trainer: the essay question
    `question_id` of the quiz of `course_id` (never drawn into quiz attempts) holds its
    prompt, points, word limits and marking criteria. Passed with `min_percent` of its
    points (None: the quiz's pass mark)."""

    course_id: str
    question_id: str
    min_percent: int | None = None
    description: Mapping[str, str] = field(default_factory=dict)
    line: int = field(default=0, compare=False)
    """Where `question` is written in the qualification's file (for the content check)."""


@dataclass(frozen=True)
class RuleSet:
    """Everything a learner must have for an award (or for a renewal)."""

    courses: tuple[Requirement, ...] = ()
    electives: tuple[ElectiveGroup, ...] = ()
    workshop_hours: int = 0
    assignment: Assignment | None = None
    sign_off: bool = False

    @property
    def course_ids(self) -> tuple[str, ...]:
        """Every course that counts, in the file's order: required, electives, assignment."""
        ids = [r.course_id for r in self.courses]
        ids += [r.course_id for group in self.electives for r in group.options]
        ids += [self.assignment.course_id] if self.assignment else []
        return tuple(dict.fromkeys(ids))


@dataclass(frozen=True)
class Validity:
    """A certificate valid for `months`; from `window_months` before it expires (and after
    it has expired) meeting `renewal` issues a new one that supersedes it."""

    months: int
    renewal: RuleSet
    window_months: int = 3


@dataclass(frozen=True)
class QualificationSpec:
    id: str
    title: dict[str, str]
    description: dict[str, str]
    requirements: tuple[Requirement, ...]
    workshop_hours: int = 0
    """In-person workshop hours a trainer must credit before the award (0: none)."""
    workshop_description: dict[str, str] = field(default_factory=dict)
    electives: tuple[ElectiveGroup, ...] = ()
    assignment: Assignment | None = None
    sign_off: bool = False
    """The award waits until a trainer confirms it (the cohort's award page)."""
    validity: Validity | None = None
    audience: dict[str, str] = field(default_factory=dict)
    """Who the qualification is for, per language."""

    @property
    def rules(self) -> RuleSet:
        return RuleSet(
            self.requirements, self.electives, self.workshop_hours, self.assignment, self.sign_off
        )

    @classmethod
    def with_rules(
        cls,
        id: str,  # noqa: A002
        rules: RuleSet,
        *,
        title: dict[str, str],
        description: dict[str, str],
        workshop_description: dict[str, str],
        validity: Validity | None,
        audience: dict[str, str],
    ) -> QualificationSpec:
        """A qualification whose award rules are `rules` (the inverse of `.rules`)."""
        return cls(
            id,
            title,
            description,
            rules.courses,
            rules.workshop_hours,
            workshop_description,
            rules.electives,
            rules.assignment,
            rules.sign_off,
            validity,
            audience,
        )


@dataclass(frozen=True)
class LessonCount:
    done: int
    total: int


@dataclass(frozen=True)
class AssignmentResult:
    """A learner's practice assignment as the rules see it."""

    percent: float | None = None
    """The score of the latest marked version (None: never marked)."""
    waiting: bool = False
    """A version is handed in and not marked yet."""


@dataclass(frozen=True)
class Evidence:
    """What one learner has done, as the rules need it; keyed by course id (slug)."""

    available: frozenset[str] = frozenset()
    """Courses that exist with a quiz; a rule naming another cannot be met yet."""
    results: Mapping[str, QuizResult] = field(default_factory=dict)
    """The counted quiz result per course."""
    lessons: Mapping[str, LessonCount] = field(default_factory=dict)
    workshop_hours: float = 0
    assignments: Mapping[tuple[str, str], AssignmentResult] = field(default_factory=dict)
    """Per (course id, question id): the learner's practice assignment."""
    signed_off: bool = False
    pass_marks: Mapping[str, int] = field(default_factory=dict)
    """Each course's quiz pass mark: an assignment's pass mark when it names none."""
    assignment_questions: frozenset[tuple[str, str]] | None = None
    """The essay questions that exist as (course id, question id); None: not read (then
    an assignment is available when its course is)."""


@dataclass(frozen=True)
class CourseCheck:
    course_id: str
    available: bool
    min_percent: int | None
    result: QuizResult | None
    lessons_needed: int
    lessons_done: int
    lessons_total: int

    @property
    def quiz_met(self) -> bool:
        result = self.result
        if result is None or not result.passed:
            return False
        return self.min_percent is None or result.counted_percent >= self.min_percent

    @property
    def below_minimum(self) -> bool:
        """The quiz is passed, but not with the score the qualification asks for."""
        return bool(self.result and self.result.passed and not self.quiz_met)

    @property
    def lessons_missing(self) -> int:
        return max(0, self.lessons_needed - self.lessons_done)

    @property
    def met(self) -> bool:
        return self.available and self.quiz_met and not self.lessons_missing


@dataclass(frozen=True)
class ElectiveCheck:
    choose: int
    options: tuple[CourseCheck, ...]

    @property
    def chosen(self) -> int:
        return sum(1 for option in self.options if option.met)

    @property
    def met(self) -> bool:
        return self.chosen >= self.choose

    @property
    def attainable(self) -> bool:
        return sum(1 for option in self.options if option.available) >= self.choose


@dataclass(frozen=True)
class AssignmentCheck:
    """The practice assignment against its pass mark."""

    course_id: str
    question_id: str
    available: bool
    min_percent: int
    result: AssignmentResult

    @property
    def met(self) -> bool:
        percent = self.result.percent
        return self.available and percent is not None and percent >= self.min_percent

    @property
    def waiting(self) -> bool:
        """Handed in and not marked yet (a failed earlier version may have a score)."""
        return self.result.waiting

    @property
    def failed(self) -> bool:
        """Marked below the pass mark, and no new version waits: revise and hand in again."""
        return self.result.percent is not None and not self.met and not self.waiting


@dataclass(frozen=True)
class Eligibility:
    courses: tuple[CourseCheck, ...] = ()
    electives: tuple[ElectiveCheck, ...] = ()
    workshop_hours_needed: float = 0
    workshop_hours_done: float = 0
    assignment: AssignmentCheck | None = None
    sign_off_needed: bool = False
    signed_off: bool = False

    @property
    def attainable(self) -> bool:
        """Every course it names exists: otherwise it cannot be earned (yet)."""
        return (
            all(c.available for c in self.courses)
            and all(group.attainable for group in self.electives)
            and (self.assignment is None or self.assignment.available)
        )

    @property
    def unavailable(self) -> tuple[str, ...]:
        checks = [*self.courses, *(o for g in self.electives for o in g.options)]
        checks += [self.assignment] if self.assignment else []
        return tuple(c.course_id for c in checks if not c.available)

    @property
    def workshop_hours_missing(self) -> float:
        return max(0.0, self.workshop_hours_needed - self.workshop_hours_done)

    @property
    def work_done(self) -> bool:
        """Everything the learner does is met; only a trainer's sign-off may be missing."""
        return (
            all(c.met for c in self.courses)
            and all(group.met for group in self.electives)
            and not self.workshop_hours_missing
            and (self.assignment is None or self.assignment.met)
        )

    @property
    def waiting_for_sign_off(self) -> bool:
        return self.work_done and self.sign_off_needed and not self.signed_off

    @property
    def earned(self) -> bool:
        return self.work_done and (self.signed_off or not self.sign_off_needed)

    @property
    def met_courses(self) -> tuple[CourseCheck, ...]:
        """The courses that count on the certificate: required and chosen electives."""
        chosen = [o for group in self.electives for o in group.options if o.met]
        return tuple(c for c in (*self.courses, *chosen) if c.met)


def evaluate(rules: RuleSet, evidence: Evidence) -> Eligibility:
    """Check each part of the rules against what the learner has done."""
    return Eligibility(
        tuple(_check(r, evidence) for r in rules.courses),
        tuple(
            ElectiveCheck(group.choose, tuple(_check(r, evidence) for r in group.options))
            for group in rules.electives
        ),
        rules.workshop_hours,
        evidence.workshop_hours,
        _assignment_check(rules.assignment, evidence),
        rules.sign_off,
        evidence.signed_off,
    )


def _check(requirement: Requirement, evidence: Evidence) -> CourseCheck:
    lessons = evidence.lessons.get(requirement.course_id, LessonCount(0, 0))
    return CourseCheck(
        requirement.course_id,
        requirement.course_id in evidence.available,
        requirement.min_percent,
        evidence.results.get(requirement.course_id),
        lessons_needed(requirement.lessons_percent, lessons.total),
        min(lessons.done, lessons.total),
        lessons.total,
    )


def _assignment_check(assignment: Assignment | None, evidence: Evidence) -> AssignmentCheck | None:
    if assignment is None:
        return None
    key = (assignment.course_id, assignment.question_id)
    known = evidence.assignment_questions
    return AssignmentCheck(
        assignment.course_id,
        assignment.question_id,
        assignment.course_id in evidence.available and (known is None or key in known),
        assignment_pass_mark(assignment, evidence.pass_marks.get(assignment.course_id)),
        evidence.assignments.get(key, AssignmentResult()),
    )


def assignment_pass_mark(assignment: Assignment, quiz_pass_mark: int | None) -> int:
    """The assignment's `min_percent`, else its course quiz's pass mark (else the default)."""
    if assignment.min_percent is not None:
        return assignment.min_percent
    return quiz_pass_mark if quiz_pass_mark is not None else DEFAULT_PASS_MARK


def lessons_needed(percent: int, total: int) -> int:
    """Lessons to read for a share of a course: rounded up, so 80 % of 22 is 18."""
    return math.ceil(total * percent / 100)


# What is due for one learner and one qualification ------------------------------------


class Due(enum.StrEnum):
    NOTHING = "nothing"
    ISSUE = "issue"
    RENEW = "renew"


@dataclass(frozen=True)
class Held:
    """The learner's current certificate for the qualification, as the rules see it."""

    issued_at: dt.datetime
    expires_at: dt.datetime | None
    revoked: bool = False


@dataclass(frozen=True)
class Standing:
    """Where a learner stands: the rules that apply now (the full rules without a
    certificate, the renewal rules once renewal is open; None while a certificate is held
    and not yet renewable, or was revoked) and what is due."""

    eligibility: Eligibility | None
    renewal: bool = False
    renewal_opens: dt.datetime | None = None

    @property
    def due(self) -> Due:
        if self.eligibility is None or not self.eligibility.earned:
            return Due.NOTHING
        return Due.RENEW if self.renewal else Due.ISSUE


def renewal_opens(validity: Validity | None, held: Held | None) -> dt.datetime | None:
    """When the holder of `held` may renew: `window_months` before it expires."""
    if validity is None or held is None or held.expires_at is None:
        return None
    return add_months(held.expires_at, -validity.window_months)


def standing(
    spec: QualificationSpec,
    evidence: Evidence,
    renewal_evidence: Evidence | None,
    held: Held | None,
    now: dt.datetime,
) -> Standing:
    """What applies to the learner now. `renewal_evidence` counts only what was done since
    renewal opened (the services read it from `renewal_opens`); None before that."""
    if held is None:
        return Standing(evaluate(spec.rules, evidence))
    opens = renewal_opens(spec.validity, held)
    if held.revoked or opens is None or spec.validity is None or now < opens:
        return Standing(None, renewal_opens=opens)
    renewal = renewal_evidence or Evidence(available=evidence.available)
    return Standing(evaluate(spec.validity.renewal, renewal), True, opens)


def expiry(
    spec: QualificationSpec, now: dt.datetime, held: Held | None = None
) -> dt.datetime | None:
    """When a certificate issued now expires: `months` after issue, or, for a renewal before
    the old one expired, after the old expiry (renewing early costs no time)."""
    if spec.validity is None:
        return None
    start = now
    if held is not None and held.expires_at is not None and held.expires_at > now:
        start = held.expires_at
    return add_months(start, spec.validity.months)


def add_months(when: dt.datetime, months: int) -> dt.datetime:
    """The same day and time `months` later (or earlier); the 31st becomes the month's last."""
    index = when.year * 12 + when.month - 1 + months
    year, month = divmod(index, 12)
    day = min(when.day, calendar.monthrange(year, month + 1)[1])
    return when.replace(year=year, month=month + 1, day=day)
