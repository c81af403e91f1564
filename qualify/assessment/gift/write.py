"""Write quiz questions (specs as load_quiz returns them) as GIFT for Moodle. Pure.

Questions are grouped by `category`, each group after a `$CATEGORY: path` line. Per question:
a comment with Moodle's `[id:...]` and `[tag:...]` (and qualify's own `[points:...]` and
`[unit:...]`, which Moodle ignores), `::name::` (the id when the question has no name), then
`[plain]` text, or `[html]` with one `<span lang=".." class="multilang">` per language when
texts exist in several languages and no single language was asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from qualify.assessment.gift.common import (
    escape,
    multilang,
    number_text,
    text_to_html,
)
from qualify.assessment.questiontypes import QUESTION_TYPES
from qualify.core.contentfile import EXPECTED_LOCALES
from qualify.core.messages import Message

Localised = Mapping[str, str]
# The grades Moodle accepts on import (question_bank::fraction_options_full), in percent.
MOODLE_GRADES = (
    100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667,
    14.28571, 12.5, 11.11111, 10, 5, 0,
)  # fmt: skip


class _NotExportable(Exception):
    """The question has no GIFT form; the message (a Message) says why."""

    def __init__(self, reason: Message) -> None:
        super().__init__(reason)
        self.reason = reason


def write_gift(
    specs: Iterable[Mapping[str, Any]], language: str | None = None
) -> tuple[str, list[Message]]:
    """GIFT text for the questions, and warnings (Messages) about what could not be written.

    With `language`, texts are written in that language (German where it is missing); without
    it, texts in several languages are written as multilang spans, so both travel.
    """
    blocks: list[str] = []
    warnings: list[Message] = []
    for category, group in _by_category(specs).items():
        written = []
        for spec in group:
            writer = _QuestionWriter(spec, language)
            try:
                written.append(writer.write())
            except _NotExportable as refused:
                warnings.append(
                    Message(
                        "question %(id)r (%(type)s) is not exported: %(reason)s",
                        id=spec["id"],
                        type=spec["type"],
                        reason=refused.reason,
                    )
                )
                continue
            warnings.extend(
                Message("question %(id)r: %(warning)s", id=spec["id"], warning=warning)
                for warning in writer.warnings
            )
        if category and written:
            blocks.append(f"$CATEGORY: {category}")
        blocks.extend(written)
    return ("\n\n".join(blocks) + "\n" if blocks else ""), warnings


def _by_category(specs: Iterable[Mapping[str, Any]]) -> dict[str | None, list[Mapping[str, Any]]]:
    """Questions per category path, in the quiz's order: those without one first, as GIFT
    cannot go back to no category once a `$CATEGORY:` line has been written."""
    groups: dict[str | None, list[Mapping[str, Any]]] = {None: []}
    for spec in specs:
        groups.setdefault(spec.get("category"), []).append(spec)
    return groups


def _localised(value: Any) -> Iterator[Localised]:
    """Every text-per-language mapping inside a spec."""
    if isinstance(value, Mapping):
        texts = value and set(value) <= set(EXPECTED_LOCALES)
        if texts and all(isinstance(text, str) for text in value.values()):
            yield value
            return
        for key, item in value.items():
            if key != "grader_info":  # not exported
                yield from _localised(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _localised(item)


class _QuestionWriter:
    def __init__(self, spec: Mapping[str, Any], language: str | None) -> None:
        self.spec = spec
        self.settings: Mapping[str, Any] = spec.get("settings") or {}
        self.language = language
        self.warnings: list[Message] = []
        self.multilang = language is None and any(len(t) > 1 for t in _localised(spec))
        self.html = self.multilang or self._arrow_in_formatted_text()
        self.format = "html" if self.html else "plain"

    def _arrow_in_formatted_text(self) -> bool:
        """'->' in a matching term, or in feedback on a typed answer, makes Moodle read the
        answers as matching pairs; HTML can write it as '-&gt;'."""
        if self.spec["type"] == "matching":
            localised = [pair["prompt"] for pair in self.settings.get("pairs", [])]
        else:
            typed = [self.settings, *self.settings.get("gaps", [])]
            localised = [a["feedback"] for part in typed for a in part.get("answers", [])]
        return any("->" in text for texts in localised for text in self.pick(texts).values())

    def write(self) -> str:
        kind = self.spec["type"]
        if kind == "cloze":
            return self.header() + self.cloze()
        block = {
            "single_choice": self.choice,
            "multiple_choice": self.choice,
            "true_false": self.true_false,
            "short_text": self.short_text,
            "numeric": self.numeric,
            "matching": self.matching,
            "essay": self.essay,
        }.get(kind)
        if block is None:
            raise _NotExportable(Message("GIFT has no such question type"))
        answers = block()  # before the text: it may refuse the question
        return self.header() + self.piece(self.spec.get("prompt") or {}, guard=False) + answers

    def header(self) -> str:
        tokens = [f"[id:{self.spec['id']}]"]
        tokens += [f"[tag:{tag}]" for tag in self.spec.get("tags", [])]
        if self.spec.get("points", 1) != 1:
            tokens.append(f"[points:{self.spec['points']}]")
        if self.spec["type"] == "numeric" and self.settings.get("unit"):
            unit = self.settings["unit"].replace("]", "\\]")
            tokens.append(f"[unit:{unit}]")
        name = self.spec.get("name") or self.spec["id"]
        return f"// {' '.join(tokens)}\n::{escape(name)}::[{self.format}]"

    # Texts

    def pick(self, texts: Localised) -> dict[str, str]:
        """The texts to write: all languages, or the one asked for (German if missing)."""
        if self.language is None or not texts:
            return dict(texts)
        text = texts.get(self.language) or texts.get("de") or next(iter(texts.values()))
        return {self.language: text}

    def piece(self, texts: Localised, guard: bool = True) -> str:
        """A formatted text (question, option, feedback) in the question's format."""
        chosen = self.pick(texts)
        if self.multilang:
            body = multilang(chosen, convert=True)
        else:
            body = next(iter(chosen.values()), "")
            body = text_to_html(body) if self.html else body
        return self.guarded(escape(body)) if guard else escape(body)

    def raw_piece(self, texts: Localised) -> str:
        """A text Moodle never formats (a matching answer): spans only to carry languages."""
        chosen = self.pick(texts)
        return escape(
            multilang(chosen, convert=False) if self.multilang else "".join(chosen.values())
        )

    def guarded(self, written: str) -> str:
        """A text starting with '[' or '%' would read as a format or a weight: mark it."""
        return f"[{self.format}]{written}" if written.startswith(("[", "%")) else written

    def feedback(self, texts: Localised | None) -> str:
        return f"#{self.piece(texts)}" if texts else ""

    def block(self, lines: list[str], opening: str = "{") -> str:
        general = self.spec.get("feedback")
        if general:
            lines = [*lines, f"####{self.piece(general)}"]
        return opening + "\n" + "".join(f"\t{line}\n" for line in lines) + "}"

    def inline(self, answer: str) -> str:
        general = self.spec.get("feedback")
        return "{" + answer + (f"####{self.piece(general)}" if general else "") + "}"

    def weight(self, weight: float) -> str:
        if not any(abs(abs(weight) - grade) < 1e-4 for grade in MOODLE_GRADES):
            self.warnings.append(
                Message(
                    "weight %(weight)s%% is not a Moodle grade: import into Moodle with "
                    "'nearest grade'",
                    weight=number_text(weight),
                )
            )
        return f"%{number_text(weight)}%"

    def shuffle_lost(self) -> None:
        if self.settings.get("shuffle") is not None:
            self.warnings.append(Message("'shuffle' is lost (Moodle shuffles by its own setting)"))

    # Question types

    def choice(self) -> str:
        self.shuffle_lost()
        options = self.settings["options"]
        weights = QUESTION_TYPES[self.spec["type"]].weights(options)
        single = self.spec["type"] == "single_choice"
        lines = []
        for option in options:
            weight = weights[option["id"]]
            if single and weight >= 100:
                marker = "="
            elif weight == 0:
                marker = "~"
            else:
                marker = "~" + self.weight(weight)
            lines.append(marker + self.piece(option["text"]) + self.feedback(option["feedback"]))
        return self.block(lines)

    def true_false(self) -> str:
        answer = self.settings["answer"]
        right = self.settings.get("feedback_true" if answer else "feedback_false")
        wrong = self.settings.get("feedback_false" if answer else "feedback_true")
        written = "TRUE" if answer else "FALSE"
        if wrong or right:
            written += f"#{self.piece(wrong) if wrong else ''}"
        if right:
            written += f"#{self.piece(right)}"
        return self.inline(written)

    def text_answers(self, settings: Mapping[str, Any]) -> list[str]:
        """Typed answers (short_text, a cloze gap) as `=%50%text#feedback` lines."""
        if settings.get("pattern"):
            if not settings["answers"]:
                raise _NotExportable(Message("GIFT has no patterns (regular expressions)"))
            self.warnings.append(Message("the pattern is lost: GIFT has no regular expressions"))
        if settings.get("case_sensitive"):
            self.warnings.append(
                Message("case sensitivity is lost: Moodle's GIFT import ignores case")
            )
        lines = []
        for answer in settings["answers"]:
            if "->" in answer["text"]:
                raise _NotExportable(
                    Message("the answer %(answer)r contains '->'", answer=answer["text"])
                )
            weight = "" if answer["weight"] >= 100 else self.weight(answer["weight"])
            text = self.guarded(escape(answer["text"]))
            lines.append(f"={weight}{text}{self.feedback(answer['feedback'])}")
        return lines

    def short_text(self) -> str:
        return self.block(self.text_answers(self.settings))

    def numeric(self) -> str:
        if self.settings.get("unit"):
            self.warnings.append(
                Message(
                    "the unit %(unit)r travels in a comment that only qualify reads: Moodle's "
                    "GIFT has no units",
                    unit=self.settings["unit"],
                )
            )
        answers = self.settings["answers"]

        def spelled(answer: Mapping[str, Any]) -> str:
            if "value" not in answer:
                return f"{answer['min']}..{answer['max']}"
            tolerance = answer.get("tolerance") or "0"
            return answer["value"] + ("" if tolerance == "0" else f":{tolerance}")

        only = answers[0]
        if len(answers) == 1 and only["weight"] >= 100 and not only["feedback"]:
            return self.inline("#" + spelled(only))
        lines = [
            "=" + ("" if a["weight"] >= 100 else self.weight(a["weight"]))
            + spelled(a) + self.feedback(a["feedback"])
            for a in answers
        ]  # fmt: skip
        return self.block(lines, opening="{#")

    def matching(self) -> str:
        self.shuffle_lost()
        lines = [
            f"={self.piece(pair['prompt'])} -> {self.raw_piece(pair['answer'])}"
            for pair in self.settings["pairs"]
        ]
        lines += [f"= -> {self.raw_piece(text)}" for text in self.settings["distractors"]]
        return self.block(lines)

    def essay(self) -> str:
        for key in ("min_words", "max_words", "grader_info"):
            if self.settings.get(key):
                self.warnings.append(
                    Message("%(key)r is lost: GIFT essays have no such setting", key=key)
                )
        return self.inline("")

    def cloze(self) -> str:
        """One gap only: Moodle's 'missing word', text before and after the braces."""
        gaps = self.settings["gaps"]
        if len(gaps) != 1:
            raise _NotExportable(
                Message("%(count)d gaps; GIFT has one missing word per question", count=len(gaps))
            )
        texts = self.pick(self.settings["text"])
        if self.spec.get("prompt"):
            self.warnings.append(Message("the instruction (prompt) is put in front of the text"))
            prompt = self.pick(self.spec["prompt"])
            texts = {code: f"{prompt.get(code, '')}\n{text}" for code, text in texts.items()}
        halves = {code: text.split("{1}", 1) for code, text in texts.items()}
        before = {code: parts[0] for code, parts in halves.items()}
        after = {code: parts[1] if len(parts) > 1 else "" for code, parts in halves.items()}
        gap = gaps[0]
        if "options" in gap:
            lines = [
                ("=" if option["correct"] else "~")
                + self.piece(option["text"]) + self.feedback(option["feedback"])
                for option in gap["options"]
            ]  # fmt: skip
        else:
            lines = self.text_answers(gap)
        if not any(text.strip() for text in after.values()):
            self.warnings.append(
                Message("the gap ends the text, so GIFT reads it back as an ordinary question")
            )
        return self.span_text(before) + self.block(lines) + self.span_text(after)

    def span_text(self, texts: dict[str, str]) -> str:
        """Text around a gap, spaces kept; empty when no language has any."""
        if not any(text.strip() for text in texts.values()):
            return ""
        if self.multilang:
            return escape(multilang(texts, convert=True))
        text = next(iter(texts.values()))
        return escape(text_to_html(text) if self.html else text)
