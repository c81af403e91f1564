"""Parse a course's quiz.yaml into a QuizSpec: its settings and question pool. Pure."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from qualify.assessment.questiontypes import parse_question
from qualify.core.contentfile import (
    ID_PATTERN,
    Fields,
    Problem,
    Report,
    UniqueIds,
    display_path,
    has_errors,
    load_yaml_text,
)
from qualify.core.contentwrite import dump_yaml, plain_data
from qualify.core.messages import Message

E = TypeVar("E", bound=enum.StrEnum)
QUIZ_FILE = "quiz.yaml"
# Moodle's split_category_path: a single '/' separates, '//' is a slash inside a name.
DEFAULT_PASS_MARK = 70
DEFAULT_PER_PAGE = 5
SETTING_ORDER = (
    "pass_mark",
    "draw",
    "max_attempts",
    "wait_minutes",
    "time_limit_minutes",
    "questions_per_page",
    "shuffle_options",
    "review",
    "counts",
)
SETTING_KEYS = frozenset(SETTING_ORDER)


class Review(enum.StrEnum):
    """What a learner sees after submitting."""

    SCORE = "score"  # the total only
    CORRECTNESS = "correctness"  # which answers were right and wrong
    FEEDBACK = "feedback"  # also the right answers and all feedback texts


class Counts(enum.StrEnum):
    """Which graded attempt is the learner's result."""

    BEST = "best"
    LAST = "last"


@dataclass(frozen=True)
class QuizSettings:
    pass_mark: int = DEFAULT_PASS_MARK
    draw: int | None = None  # questions per attempt from the whole pool (None: all)
    draw_per_tag: tuple[tuple[str, int], ...] = ()  # or so many per topic tag
    max_attempts: int | None = None  # None: unlimited
    wait_minutes: int = 0
    time_limit_minutes: int | None = None
    questions_per_page: int = DEFAULT_PER_PAGE
    shuffle_options: bool = True
    review: Review = Review.FEEDBACK
    counts: Counts = Counts.BEST

    def as_json(self) -> dict[str, Any]:
        return {
            "pass_mark": self.pass_mark,
            "draw": self.draw,
            "draw_per_tag": [list(item) for item in self.draw_per_tag],
            "max_attempts": self.max_attempts,
            "wait_minutes": self.wait_minutes,
            "time_limit_minutes": self.time_limit_minutes,
            "questions_per_page": self.questions_per_page,
            "shuffle_options": self.shuffle_options,
            "review": str(self.review),
            "counts": str(self.counts),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> QuizSettings:
        values = dict(data)
        values["draw_per_tag"] = tuple((tag, n) for tag, n in values.get("draw_per_tag", ()))
        values["review"] = Review(values.get("review", Review.FEEDBACK))
        values["counts"] = Counts(values.get("counts", Counts.BEST))
        return cls(**{k: v for k, v in values.items() if k in cls.__dataclass_fields__})

    @property
    def per_attempt(self) -> int | None:
        """Questions drawn per attempt, or None for the whole pool."""
        if self.draw_per_tag:
            return sum(n for _tag, n in self.draw_per_tag)
        return self.draw

    def questions_per_attempt(self, pool_size: int) -> int:
        """How many questions a learner gets from a pool of this size."""
        return min(self.per_attempt or pool_size, pool_size)


@dataclass(frozen=True)
class QuizSpec:
    course_id: str
    settings: QuizSettings
    questions: tuple[dict[str, Any], ...] = field(default=())
    sources: tuple[dict[str, Any], ...] = field(default=(), compare=False)
    """Each question's mapping as written in quiz.yaml (plain data): what an export writes."""


def load_quiz(folder: Path, root: Path | None = None) -> tuple[QuizSpec | None, list[Problem]]:
    path = folder / QUIZ_FILE
    if not path.is_file():
        report = Report(display_path(path, root))
        report.error(1, Message("every course needs a quiz.yaml"))
        return None, report.problems
    return load_quiz_text(path.read_text(encoding="utf-8"), display_path(path, root), folder.name)


def load_quiz_text(text: str, path: str, course_id: str) -> tuple[QuizSpec | None, list[Problem]]:
    """A quiz.yaml's text, checked as load_quiz checks the file; problems name `path`."""
    report = Report(path)
    node = load_yaml_text(text, report)
    if node is None:
        return None, report.problems
    spec = parse_quiz(course_id, Fields(node, report))
    return (None if has_errors(report.problems) else spec), report.problems


def parse_quiz(course_id: str, fields: Fields) -> QuizSpec:
    """Settings and questions of one quiz mapping; problems go to fields.report."""
    fields.unknown_keys(SETTING_KEYS | {"questions"})
    questions, sources = [], []
    ids = UniqueIds(
        fields.report, lambda item: Message("question id %(id)r is used twice", id=item)
    )
    for item, line in fields.items("questions"):
        question = parse_question(Fields(item, fields.report, where=line))
        if question is None:
            continue
        ids.add(question["id"], line)
        questions.append(question)
        sources.append(plain_data(item))
    if not questions and fields.has("questions"):
        fields.report.error(
            fields.line_at("questions"), Message("a quiz needs at least one question")
        )
    settings = _parse_settings(fields)
    _check_draw(settings, questions, fields)
    return QuizSpec(course_id, settings, tuple(questions), tuple(sources))


def _optional_int(fields: Fields, key: str, minimum: int, maximum: int) -> int | None:
    return fields.integer(key, minimum=minimum, maximum=maximum) if fields.has(key) else None


def _parse_settings(fields: Fields) -> QuizSettings:
    draw, per_tag = _parse_draw(fields)
    return QuizSettings(
        pass_mark=fields.integer("pass_mark", default=DEFAULT_PASS_MARK, minimum=1, maximum=100)
        or DEFAULT_PASS_MARK,
        draw=draw,
        draw_per_tag=per_tag,
        max_attempts=_optional_int(fields, "max_attempts", 1, 1000),
        wait_minutes=_optional_int(fields, "wait_minutes", 0, 60 * 24 * 365) or 0,
        time_limit_minutes=_optional_int(fields, "time_limit_minutes", 1, 60 * 24),
        questions_per_page=_optional_int(fields, "questions_per_page", 1, 100) or DEFAULT_PER_PAGE,
        shuffle_options=fields.boolean("shuffle_options", default=True) is not False,
        review=_choice(fields, "review", Review, Review.FEEDBACK),
        counts=_choice(fields, "counts", Counts, Counts.BEST),
    )


def _choice(fields: Fields, key: str, kind: type[E], default: E) -> E:
    value = fields.text(key, required=False)
    if not value:
        return default
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        fields.report.error(
            fields.line_at(key),
            Message("%(key)r must be one of %(allowed)s", key=key, allowed=allowed),
        )
        return default


def _parse_draw(fields: Fields) -> tuple[int | None, tuple[tuple[str, int], ...]]:
    """`draw: 10` from the whole pool, or `draw: {tag: count, ...}` per topic tag."""
    if not fields.has("draw"):
        return None, ()
    value = fields.node["draw"]
    if not isinstance(value, dict):
        return fields.integer("draw", minimum=1), ()
    per_tag = []
    for tag, count in value.items():
        ok_count = isinstance(count, int) and not isinstance(count, bool) and count >= 1
        if not (isinstance(tag, str) and ID_PATTERN.match(tag)) or not ok_count:
            fields.report.error(
                fields.line_at("draw"),
                Message("draw: %(tag)r must be a tag id with a count of 1 or more", tag=tag),
            )
            continue
        per_tag.append((tag, count))
    return None, tuple(per_tag)


def _check_draw(settings: QuizSettings, questions: list[dict[str, Any]], fields: Fields) -> None:
    line = fields.line_at("draw")
    if settings.draw and settings.draw > len(questions):
        fields.report.error(
            line,
            Message(
                "draw is %(draw)d but the pool has only %(count)d questions",
                draw=settings.draw,
                count=len(questions),
            ),
        )
    for tag, count in settings.draw_per_tag:
        tagged = sum(tag in q["tags"] for q in questions)
        if count > tagged:
            fields.report.error(
                line,
                Message(
                    "draw takes %(count)d questions tagged %(tag)r, but the pool has %(tagged)d",
                    count=count,
                    tag=tag,
                    tagged=tagged,
                ),
            )


def quiz_yaml(spec: QuizSpec) -> str:
    """The quiz.yaml text that load_quiz reads back as `spec`: the settings that differ from
    the defaults, then each question as it was written (`spec.sources`)."""
    if len(spec.sources) != len(spec.questions):
        raise ValueError(f"the quiz of {spec.course_id!r} lacks the questions as written")
    return dump_yaml({**settings_mapping(spec.settings), "questions": list(spec.sources)})


def settings_mapping(settings: QuizSettings) -> dict[str, Any]:
    """The quiz.yaml keys for `settings`, leaving out what the defaults say already."""
    values = settings.as_json()
    if settings.draw_per_tag:
        values["draw"] = dict(settings.draw_per_tag)
    defaults = QuizSettings().as_json()
    return {key: values[key] for key in SETTING_ORDER if values[key] != defaults[key]}
