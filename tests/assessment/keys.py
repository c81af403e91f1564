"""What a learner who knows the answers (or gets all wrong) sends for a question: form values
built from the stored spec and layout, the way the question's template would send them."""

from __future__ import annotations

from typing import Any

from qualify.assessment.models import AttemptQuestion


def _choice(settings: dict[str, Any], layout: dict[str, Any], right: bool) -> dict:
    correct = {o["id"] for o in settings["options"] if o["correct"]}
    if settings["options"] and "weight" in settings["options"][0]:
        weights = {o["id"]: o.get("weight") for o in settings["options"]}
        if any(w is not None for w in weights.values()):
            correct = {o for o, w in weights.items() if w and w > 0}
    picks = [t for t, o in layout["tokens"].items() if (o in correct) == right]
    return {"": picks}


def _true_false(settings: dict[str, Any], layout: dict[str, Any], right: bool) -> dict:
    truth = settings["answer"] if right else not settings["answer"]
    return {"": ["true" if truth else "false"]}


def _numeric(settings: dict[str, Any], layout: dict[str, Any], right: bool) -> dict:
    best = next(a for a in settings["answers"] if a["weight"] == 100)
    value = best["value"] if "value" in best else best["min"]
    return {"": [value.replace(".", ",") if right else "-987654321"]}


def _accepted(answers: list[dict[str, Any]]) -> str:
    return next(a["text"] for a in answers if a["weight"] == 100)


def _short_text(settings: dict[str, Any], layout: dict[str, Any], right: bool) -> dict:
    return {"": [f"  {_accepted(settings['answers']).upper()} " if right else "zzz falsch"]}


def _matching(settings: dict[str, Any], layout: dict[str, Any], right: bool) -> dict:
    choices = [token for token, _key in layout["choices"]]
    token_of = {key: token for token, key in layout["choices"]}
    values = {}
    for row, pair_id in layout["rows"]:
        right_token = token_of[pair_id]
        wrong_token = choices[(choices.index(right_token) + 1) % len(choices)]
        values[row] = [right_token if right else wrong_token]
    return values


def _ordering(settings: dict[str, Any], layout: dict[str, Any], right: bool) -> dict:
    order = [item["id"] for item in settings["items"]]
    n = len(order)
    position = {item_id: i + 1 if right else (i + 1) % n + 1 for i, item_id in enumerate(order)}
    return {token: [str(position[item_id])] for token, item_id in layout["items"]}


def _cloze(settings: dict[str, Any], layout: dict[str, Any], right: bool) -> dict:
    values = {}
    for n, gap in enumerate(settings["gaps"]):
        if "options" in gap:
            correct = {o["id"] for o in gap["options"] if o["correct"]}
            pick = [t for t, o in layout["gaps"][n] if (o in correct) == right][0]
        else:
            pick = _accepted(gap["answers"]) if right else "zzz falsch"
        values[str(n + 1)] = [pick]
    return values


ANSWERS = {
    "single_choice": lambda s, la, r: _choice(s, la, r) if r else {"": _choice(s, la, r)[""][:1]},
    "multiple_choice": _choice,
    "true_false": _true_false,
    "numeric": _numeric,
    "short_text": _short_text,
    "matching": _matching,
    "ordering": _ordering,
    "cloze": _cloze,
}


def form_answer(question: AttemptQuestion, *, right: bool) -> dict[str, list[str]]:
    return ANSWERS[question.spec["type"]](question.spec["settings"], question.layout, right)


def page_answers(questions: list[AttemptQuestion], *, right: bool) -> dict[int, dict]:
    return {q.position: form_answer(q, right=right) for q in questions}
