"""The shared content-file reader: YAML syntax errors name the line where the mistake is."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from qualify.assessment.quizfile import load_quiz
from qualify.content import load_content
from qualify.core.contentfile import Fields, Problem, Report, UniqueIds, load_yaml_text
from qualify.core.messages import Message
from qualify.courses.coursefile import load_course
from tests.conftest import FIXTURES


def yaml_errors(text: str, line_offset: int = 0) -> list[Problem]:
    report = Report("file.yaml")
    assert load_yaml_text(text, report, line_offset=line_offset) is None
    return report.problems


def only_line(text: str, line_offset: int = 0) -> int:
    problems = yaml_errors(text, line_offset)
    assert len(problems) == 1, problems
    assert problems[0].severity == "error"
    assert problems[0].message.startswith("invalid YAML: ")
    return problems[0].line


def numbered(count: int) -> list[str]:
    return [f"key{n}: value {n}" for n in range(1, count + 1)]


def test_unclosed_bracket_on_the_last_of_904_lines_is_reported_at_line_904() -> None:
    lines = [*numbered(903), "tags: [a, b"]
    assert only_line("\n".join(lines) + "\n") == 904
    assert only_line("\n".join(lines)) == 904  # without a final newline too


def test_unclosed_brace_is_reported_where_it_opens() -> None:
    lines = numbered(10)
    lines[3] = "draw: {basics: 2, advanced: 1"
    assert only_line("\n".join(lines) + "\n") == 4


def test_unclosed_bracket_in_the_middle_is_reported_where_it_opens() -> None:
    lines = numbered(10)
    lines[6] = "tags: [a, b"
    assert only_line("\n".join(lines) + "\n") == 7


def test_unclosed_quote_is_reported_where_it_opens() -> None:
    lines = numbered(10)
    lines[4] = 'prompt: "Welche Farbe hat der Himmel?'
    assert only_line("\n".join(lines) + "\n") == 5
    lines[4] = "prompt: 'Welche Farbe hat der Himmel?"
    assert only_line("\n".join(lines) + "\n") == 5


def test_unclosed_bracket_before_blank_lines_is_reported_at_its_line() -> None:
    assert only_line("a: 1\nb: [\n\n\n") == 2
    assert only_line("\n\n[\n\n") == 3


def test_the_message_says_which_construct_starts_on_the_line() -> None:
    (problem,) = yaml_errors("a: 1\nb: {x: 1\nc: 2\n")
    assert problem.message == (
        "invalid YAML: expected ',' or '}', but got ':'"
        " (while parsing a flow mapping that starts on this line)"
    )


def test_a_character_yaml_does_not_allow_is_reported_at_its_line() -> None:
    assert only_line("a: 1\nb: 2\nc: \x00\nd: 4\n") == 3


def test_bad_indentation_is_reported_at_the_misindented_line() -> None:
    """Not at the start of the enclosing mapping, which may be the first line of the file."""
    text = "questions:\n  - id: a\n    type: essay\n   points: 2\nkey: value\n"
    assert only_line(text) == 4
    text = "a:\n  b: 1\n c: 2\nd: 3\n"
    assert only_line(text) == 3


def test_duplicate_key_is_reported_at_the_second_occurrence() -> None:
    lines = numbered(12)
    lines[9] = "key2: again"
    assert only_line("\n".join(lines) + "\n") == 10


def test_line_offset_is_added_after_keeping_the_line_inside_the_text() -> None:
    assert only_line("title: X\nminutes: [5\n", line_offset=1) == 3
    assert only_line("title: 'X\nminutes: 5\nsources: [a]", line_offset=1) == 2


def test_unclosed_quote_in_a_lesson_header_names_its_line(tmp_path: Path) -> None:
    course = tmp_path / "content" / "testkurs"
    shutil.copytree(FIXTURES / "content" / "testkurs", course)
    lesson = course / "lessons" / "erste-lektion.de.md"
    lesson.write_text(lesson.read_text().replace("title: Erste Lektion", "title: 'Erste Lektion"))
    spec, problems = load_course(course)
    assert spec is None
    assert [(Path(p.path).name, p.line) for p in problems if p.severity == "error"] == [
        ("erste-lektion.de.md", 2)
    ]


def test_content_check_names_the_line_of_an_unclosed_bracket_at_the_end_of_a_quiz(
    tmp_path: Path,
) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", content)
    quiz = content / "testkurs" / "quiz.yaml"
    text = quiz.read_text() + "    tags: [farben, himmel\n"
    quiz.write_text(text)
    last = len(text.splitlines())
    spec, problems = load_quiz(content / "testkurs")
    assert spec is None
    assert [p.line for p in problems] == [last]
    checked = load_content(content, None)
    assert not checked.ok
    assert [(p.path, p.line) for p in checked.problems if p.severity == "error"] == [
        ("content/testkurs/quiz.yaml", last)
    ]


YAMLISH = st.lists(
    st.sampled_from(
        [
            "a",
            "b: ",
            "- ",
            "  ",
            "\t",
            "[",
            "]",
            "{",
            "}",
            ",",
            "'",
            '"',
            "\n",
            "\n",
            "#",
            ":",
            "&x ",
            "*x",
            "!",
            "|",
            ">",
            "%",
            "@",
            "?",
            "---",
            "\r",
            "\u2028",
            "\\",
            "é",
        ]
    ),
    max_size=40,
).map("".join)


@given(text=st.one_of(YAMLISH, st.text(max_size=60)), offset=st.integers(0, 3))
def test_a_reported_line_is_always_a_line_of_the_text(text: str, offset: int) -> None:
    report = Report("file.yaml")
    load_yaml_text(text, report, line_offset=offset)
    last = max(1, len(text.splitlines()))
    for problem in report.problems:
        assert offset + 1 <= problem.line <= offset + last, (text, problem)


# A list of mappings with unique ids


def listed(text: str, line_offset: int = 0, **options: object) -> tuple[list[str], list[str]]:
    """The ids unique_items yields for `things`, and the problems as 'line: message'."""
    report = Report("file.yaml")
    fields = Fields(load_yaml_text(text, report), report, line_offset=line_offset)
    options = {
        "keys": {"id", "text"},
        "duplicate": lambda item: Message("thing id %(id)r is used twice", id=item),
        **options,
    }
    ids = [thing_id for _thing, thing_id in fields.unique_items("things", **options)]
    return ids, [f"{p.line}: {p.message}" for p in report.problems]


THINGS = """\
things:
  - id: a
    text: A
  - just text
  - id: Bad Id
  - text: no id
  - id: a
    colour: red
  - id: b
"""


def test_unique_items_yields_each_mapping_and_reports_problems_at_their_lines() -> None:
    ids, problems = listed(THINGS)
    assert ids == ["a", "Bad Id", "", "a", "b"]
    assert problems == [
        "4: expected a mapping of keys and values",
        "5: 'id' must be lowercase letters, digits and hyphens, not 'Bad Id'",
        "6: missing 'id'",
        "8: unknown key 'colour'",
        "7: thing id 'a' is used twice",
    ]


def test_unique_items_keeps_the_line_offset() -> None:
    _ids, problems = listed(THINGS, line_offset=10)
    assert [p.split(":")[0] for p in problems] == ["14", "15", "16", "18", "17"]


def test_unique_items_yields_fields_of_the_item() -> None:
    report = Report("file.yaml")
    fields = Fields(load_yaml_text(THINGS, report), report)
    items = list(
        fields.unique_items(
            "things",
            keys={"id", "text", "colour"},
            duplicate=lambda item: Message("%(id)r", id=item),
        )
    )
    assert [(item.line, item.text("text", required=False)) for item, _ in items] == [
        (2, "A"),
        (5, ""),
        (6, "no id"),
        (7, ""),
        (9, ""),
    ]


def test_unique_items_can_number_items_without_an_id() -> None:
    text = "things:\n  - text: x\n  - text: y\n  - id: '1'\n  - id: z\n"
    ids, problems = listed(text, ids_by_position=True)
    assert ids == ["1", "2", "1", "z"]
    assert problems == ["4: thing id '1' is used twice"]


def test_unique_items_can_take_any_text_as_id() -> None:
    text = "things:\n  - course: Any Text\n  - {}\n  - course: Any Text\n"
    ids, problems = listed(text, id_key="course", keys={"course"}, check_pattern=False)
    assert ids == ["Any Text", "", "Any Text"]
    assert problems == ["3: missing 'course'", "4: thing id 'Any Text' is used twice"]


def test_unique_items_of_a_missing_list() -> None:
    assert listed("other: 1\n", keys={"id"}) == ([], ["1: missing 'things'"])
    assert listed("other: 1\n", required=False) == ([], [])
    assert listed("things: 5\n") == ([], ["1: 'things' must be a list"])


def test_unique_ids_report_an_id_met_again_and_skip_empty_ones() -> None:
    report = Report("file.yaml")
    ids = UniqueIds(report, lambda item: Message("lesson %(id)r is listed twice", id=item))
    assert [ids.add("", 1), ids.add("", 2), ids.add("a", 3), ids.add("b", 4)] == [True] * 4
    assert ids.add("a", 5) is False
    assert [(p.line, p.message) for p in report.problems] == [(5, "lesson 'a' is listed twice")]
