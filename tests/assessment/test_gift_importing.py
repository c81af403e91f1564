"""plan_import: what `qualify quiz import-gift` decides, without files, click or Flask."""

from __future__ import annotations

from qualify.assessment.gift import (
    Refusal,
    check_questions,
    is_missing_translation,
    plan_import,
    read_gift,
)
from qualify.assessment.quizfile import load_quiz_text
from qualify.core.contentfile import Problem

QUIZ = """pass_mark: 60
questions:
  # Grundfragen
  - id: farbe
    type: true_false
    answer: true
    prompt: {de: Der Himmel ist blau., en: The sky is blue.}
    feedback: {de: Ja., en: Yes.}
"""

GIFT = "::Gras:: Welche Farbe hat Gras?{=Grün ~Rot####Gras ist grün.}\n\nOhne Feedback?{T}\n"


def plan(gift: str = GIFT, quiz: str = QUIZ):  # noqa: ANN201 - ImportPlan
    return plan_import(gift, quiz, gift_path="in.gift", quiz_path="kurs/quiz.yaml")


def test_an_accepted_plan_appends_the_questions_and_keeps_the_quiz() -> None:
    result = plan()
    assert result.refusal is None
    assert len(result.ids) == 2
    assert result.ids[0] == "gras" and result.ids[1].startswith("ohne-feedback-")
    assert result.quiz_text.startswith(QUIZ)
    spec, problems = load_quiz_text(result.quiz_text, "kurs/quiz.yaml", "kurs")
    assert spec is not None, problems
    assert [q["id"] for q in spec.questions] == ["farbe", *result.ids]


def test_missing_english_is_counted_not_shown() -> None:
    result = plan()
    # Gras: prompt, two options, feedback; the other: prompt. All German only.
    assert result.untranslated == 5
    assert not any("version" in p.message for p in result.problems)
    assert [(p.path, p.line, p.severity) for p in result.problems] == [("in.gift", 3, "warning")]
    assert "has no feedback" in result.problems[0].message


def test_texts_in_both_languages_count_nothing() -> None:
    both = (
        '<span lang="de" class="multilang">Ja?</span><span lang="en" class="multilang">Yes?</span>'
        '{T####<span lang="de" class="multilang">So.</span>'
        '<span lang="en" class="multilang">So.</span>}'
    )
    result = plan(both)
    assert result.refusal is None and result.untranslated == 0 and result.problems == ()


def test_is_missing_translation_tells_the_checks_warnings_apart() -> None:
    problems = check_questions(read_gift("Nur deutsch?{T}"), "in.gift")
    missing = [p for p in problems if is_missing_translation(p)]
    others = [p for p in problems if not is_missing_translation(p)]
    assert [p.message for p in missing] == ["prompt: no 'en' version"]
    assert len(others) == 1 and others[0].message.endswith("has no feedback")


def test_unreadable_gift_is_refused_with_its_line() -> None:
    result = plan("Gut?{T}\n\nSchlecht?{\n=a\n")
    assert result.refusal is Refusal.QUESTIONS and result.quiz_text == "" and result.ids == ()
    [problem] = result.problems
    assert (problem.path, problem.line, problem.severity) == ("in.gift", 3, "error")
    assert "unclosed brace" in problem.message


def test_an_id_already_in_the_quiz_is_refused() -> None:
    result = plan("::farbe::Schon da?{T}")
    assert result.refusal is Refusal.QUESTIONS
    errors = [p for p in result.problems if p.severity == "error"]
    assert [(p.path, p.line) for p in errors] == [("in.gift", 1)]
    assert "'farbe' already exists in kurs/quiz.yaml" in errors[0].message


def test_a_quiz_that_is_no_mapping_is_unreadable() -> None:
    assert plan(quiz="- pass_mark: 60\n- questions:\n").refusal is Refusal.UNREADABLE
    invalid = plan(quiz="pass_mark: [60\n")
    assert invalid.refusal is Refusal.UNREADABLE
    assert invalid.problems[0].path == "kurs/quiz.yaml"
    assert "invalid YAML" in invalid.problems[0].message


def test_errors_in_the_quiz_itself_ask_to_fix_it_first() -> None:
    result = plan(quiz=QUIZ.replace("answer: true", "answer: maybe"))
    assert result.refusal is Refusal.QUIZ and result.quiz_text == ""
    errors = [p for p in result.problems if p.severity == "error"]
    assert [(p.path, p.line) for p in errors] == [("kurs/quiz.yaml", 6)]


def test_an_empty_quiz_becomes_a_new_quiz() -> None:
    result = plan(quiz="")
    assert result.refusal is None and result.quiz_text.startswith("questions:\n")


def test_gift_problems_are_shown_in_the_readers_language() -> None:
    german = {
        "error": "Fehler",
        "weight %(weight)s%% is out of range (-100%% to 100%%)": (
            "Gewicht %(weight)s %% liegt nicht zwischen -100 %% und 100 %%"
        ),
        "question id %(id)r already exists in %(quiz)s": (
            "Frage-ID %(id)r gibt es schon in %(quiz)s"
        ),
    }

    def in_german(problem: Problem) -> str:
        return problem.localized(lambda msgid: german.get(msgid, msgid))

    [unreadable] = plan("Zahl?{#\n=1\n=%150%2\n}").problems
    assert str(unreadable) == "in.gift:3: error: weight 150% is out of range (-100% to 100%)"
    assert in_german(unreadable) == (
        "in.gift:3: Fehler: Gewicht 150 % liegt nicht zwischen -100 % und 100 %"
    )
    [taken] = [p for p in plan("::farbe::Schon da?{T}").problems if p.severity == "error"]
    assert in_german(taken) == "in.gift:1: Fehler: Frage-ID 'farbe' gibt es schon in kurs/quiz.yaml"
