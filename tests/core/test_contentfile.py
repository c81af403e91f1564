"""The shared content-file reader: YAML syntax errors name the line where the mistake is."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from qualify.assessment.quizfile import load_quiz
from qualify.content import load_content
from qualify.core.contentfile import Problem, Report, load_yaml_text
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
