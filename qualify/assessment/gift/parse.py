"""Read GIFT, Moodle's text format for questions, into quiz.yaml question mappings. Pure.

Follows Moodle's own reader (question/format/gift/format.php): blank lines separate
questions, `//` lines are comments, the first `{` and `}` enclose the answers, and the type
follows from what is inside them. It is stricter where Moodle silently guesses: an answer
without `=` or `~`, a second answer block or a brace without its partner is an error, with
the line it is on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from qualify.assessment.gift.answers import (
    choice_options,
    gap_option,
    join_texts,
    number_answer,
    option_id,
    read_weight,
    split_feedback,
    weight_value,
)
from qualify.assessment.gift.common import (
    GiftError,
    Source,
    html_to_text,
    short_hash,
    slugify,
    split_format,
    split_languages,
)
from qualify.assessment.questiontypes import CATEGORY_SEPARATOR
from qualify.assessment.questiontypes.cloze import MARKER
from qualify.core.contentfile import EXPECTED_LOCALES
from qualify.core.messages import Message

COMMENT_ID = re.compile(r"\[id:((?:\\\]|[^\]\x00-\x1f])+)\]")
COMMENT_TAG = re.compile(r"\[tag:((?:\\\]|[^\]<>\x00-\x1f])+)\]")
COMMENT_UNIT = re.compile(r"\[unit:((?:\\\]|[^\]\x00-\x1f])+)\]")
COMMENT_POINTS = re.compile(r"\[points:([^\]\n]*)\]")
TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
CATEGORY = "$CATEGORY:"
CONTEXT_SEGMENTS = frozenset({"$system$", "$course$", "$cat$", "$coursecategory$", "$module$"})
BLANK = "_____"  # where Moodle puts the missing word when it is not a cloze here


@dataclass(frozen=True)
class GiftQuestion:
    """One question read from GIFT: the line it starts on, and its quiz.yaml mapping."""

    line: int
    mapping: dict[str, Any]


def read_gift(text: str, language: str = "de") -> list[GiftQuestion]:
    """Each question with its line and its mapping in quiz.yaml's authoring format; texts
    without language spans go to `language`. Raises GiftError (with a 1-based line) for
    anything it cannot read."""
    if language not in EXPECTED_LOCALES:
        raise GiftError(
            1,
            Message(
                "unknown language %(language)r (%(known)s)",
                language=language,
                known=", ".join(EXPECTED_LOCALES),
            ),
        )
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    reader = _Reader(language)
    block: list[str] = []
    for number, line in enumerate([*lines, ""], 1):
        if line.strip():
            block.append(line.strip())
        elif block:
            reader.block(number - len(block), block)
            block = []
    if not reader.questions:
        raise GiftError(1, Message("no questions found (questions are separated by blank lines)"))
    return reader.questions


class _Reader:
    def __init__(self, language: str) -> None:
        self.language = language
        self.questions: list[GiftQuestion] = []
        self.ids: dict[str, int] = {}
        self.category_path: str | None = None
        self.category_tag: str | None = None

    def block(self, first: int, lines: list[str]) -> None:
        comments = [line for line in lines if line.startswith("//")]
        content = ["" if line.startswith("//") else line for line in lines]
        start = next((i for i, line in enumerate(content) if line), None)
        if start is not None and content[start].startswith(CATEGORY):
            self.category(content[start][len(CATEGORY) :])
            start = next((i for i, line in enumerate(content) if line and i > start), None)
        if start is None:
            return
        source = Source.decode("\n".join(content[start:]), first + start)
        self.questions.append(self.question(source, "\n".join(comments)))

    def category(self, path: str) -> None:
        """Moodle's `$CATEGORY: $course$/top/A/B` -> category `A/B` and tag `b` for the
        questions that follow. Like Moodle, the path is taken as written (no GIFT escapes);
        `//` stays, as it is Moodle's slash inside a name."""
        segments = [_one_line(s) for s in CATEGORY_SEPARATOR.split(path)]
        named = [s for s in segments if s and s.lower() not in CONTEXT_SEGMENTS]
        if named and named[0].lower() == "top":  # the top category of Moodle's context
            named = named[1:]
        if not named:
            self.category_path = self.category_tag = None
            return
        self.category_path = "/".join(named)
        name = Source.decode(named[-1].replace("//", "/"), 1).text
        self.category_tag = slugify(name) or f"topic-{short_hash(name)}"

    def question(self, source: Source, comments: str) -> GiftQuestion:
        parts = _cut(source)
        kind, settings = self.answers(parts.inner, parts.fmt)
        kind, settings, prompt = self.wording(parts, kind, settings)
        if kind in ("single_choice", "multiple_choice"):
            settings = {"options": choice_options(kind, settings["options"])}
        words = prompt or (settings["text"] if kind == "cloze" else {})
        mapping = self.head(source, comments, parts.title, kind, words)
        if prompt:
            mapping["prompt"] = prompt
        mapping.update(settings)
        mapping.update(_unit(comments, kind, source.line))
        feedback = self.texts(parts.general, parts.fmt)
        if feedback:
            mapping["feedback"] = feedback
        return GiftQuestion(source.line, mapping)

    def wording(
        self, parts: _Parts, kind: str, settings: dict[str, Any]
    ) -> tuple[str, dict[str, Any], dict[str, str]]:
        """Type, keys and prompt once the text is placed: all before the braces is the
        prompt; text after them is Moodle's missing word, a one-gap cloze where one fits,
        else a prompt with a blank where the answers were."""
        if not parts.after.text.strip():
            return kind, settings, self.texts(parts.before, parts.fmt, marker=False)
        cloze = self.cloze(parts.before, parts.after, parts.fmt, kind, settings)
        if cloze is not None:
            return "cloze", cloze, {}
        halves = [
            self.texts(parts.before, parts.fmt, False, False),
            BLANK,
            self.texts(parts.after, parts.fmt, False, False),
        ]
        return kind, settings, join_texts(halves)

    def head(
        self,
        source: Source,
        comments: str,
        title: str | None,
        kind: str,
        words: dict[str, str],
    ) -> dict[str, Any]:
        """The keys before the texts: id, name, type, points, category, tags."""
        ident = self.ident(source, comments, title, words)
        mapping: dict[str, Any] = {"id": ident}
        if title and title != ident:
            mapping["name"] = title  # Moodle's question name, as written
        mapping["type"] = kind
        points = _points(comments, source.line)
        if points is not None and points != 1:
            mapping["points"] = points
        if self.category_path:
            mapping["category"] = self.category_path
        tags = self.tags(comments)
        if tags:
            mapping["tags"] = tags
        return mapping

    def ident(self, source: Source, comments: str, title: str | None, texts: dict[str, str]) -> str:
        """[id:...] (Moodle's ID number), else the title, else words of the text + a hash."""
        ident, explicit = "", True
        given = COMMENT_ID.search(comments)
        if given:
            raw = given.group(1).replace("\\]", "]").strip()
            ident = slugify(raw)
            if not ident:
                raise GiftError(
                    source.line,
                    Message("[id:%(written)s] has no letters or digits for an id", written=raw),
                )
        elif title:
            ident = slugify(title)
        if not ident:
            explicit = False
            words = " ".join(MARKER.sub(" ", texts.get(self.language, "")).split()[:6])
            stem = slugify(words, 40) or "q"
            ident = f"{stem}-{short_hash(source.text)}"
        if ident in self.ids:
            if explicit:
                raise GiftError(
                    source.line,
                    Message(
                        "question id %(id)r is used twice in this file (first at line %(first)d)",
                        id=ident,
                        first=self.ids[ident],
                    ),
                )
            number = 2
            while f"{ident}-{number}" in self.ids:
                number += 1
            ident = f"{ident}-{number}"
        self.ids[ident] = source.line
        return ident

    def tags(self, comments: str) -> list[str]:
        tags = [self.category_tag] if self.category_tag else []
        for raw in COMMENT_TAG.findall(comments):
            name = raw.replace("\\]", "]").strip()
            tag = slugify(name) or f"topic-{short_hash(name)}"
            if name and tag not in tags:
                tags.append(tag)
        return tags

    def texts(
        self, part: Source | None, fmt: str, marker: bool = True, strip: bool = True
    ) -> dict[str, str]:
        """A formatted text per language: multilang spans, else the import language."""
        if part is None:
            return {}
        if marker:
            fmt, part = split_format(part.strip(), fmt)
        versions = split_languages(part.text, unescape_spans=False)
        if versions is None:
            versions = {self.language: part.text}
        if fmt == "html":
            versions = {code: html_to_text(text) for code, text in versions.items()}
        if not strip:
            return versions
        return {code: text.strip() for code, text in versions.items() if text.strip()}

    def raw_texts(self, part: Source) -> dict[str, str]:
        """A plain text per language (matching answers): Moodle never formats these."""
        versions = split_languages(part.text, unescape_spans=True) or {self.language: part.text}
        return {code: text.strip() for code, text in versions.items() if text.strip()}

    def answers(self, inner: Source, fmt: str) -> tuple[str, dict[str, Any]]:
        """The question type and its keys, decided as Moodle decides."""
        if not inner.text:
            return "essay", {}
        if inner.keys.startswith("#"):
            return "numeric", self.numeric(inner[1:], fmt)
        if "~" in inner.keys:
            return self.choice(inner, fmt)
        if "=" in inner.keys and "->" in inner.keys:
            return "matching", self.matching(inner, fmt)
        hash_at = inner.find("#")
        head = inner[:hash_at] if hash_at >= 0 else inner
        if head.text.strip() in TRUE_FALSE:
            return "true_false", self.true_false(inner, fmt)
        return "short_text", {"answers": self.text_answers(inner, fmt)}

    def entries(self, inner: Source, markers: str) -> list[tuple[str, Source]]:
        parts = inner.split(markers)
        head = parts[0][1]
        if head.text.strip():
            raise GiftError(
                head.line,
                Message(
                    "unknown answer syntax %(text)r: each answer starts with = (right) or ~ "
                    "(wrong); {T} or {F} for true/false, {#...} for a number, {} for an essay",
                    text=head.text.strip()[:40],
                ),
            )
        return [(marker, part.strip()) for marker, part in parts[1:]]

    def choice(self, inner: Source, fmt: str) -> tuple[str, dict[str, Any]]:
        entries = self.entries(inner, "~=")
        options = []
        for marker, part in entries:
            weight, part = read_weight(part)
            if marker == "=" and weight is not None:
                raise GiftError(
                    part.line,
                    Message("a weight follows ~ (%(example)s), not =", example="~%50%answer"),
                )
            text, feedback = split_feedback(part)
            texts = self.texts(text, fmt)
            if not texts:
                raise GiftError(part.line, Message("an answer is empty"))
            options.append(
                {
                    "text": texts,
                    "weight": 100.0 if marker == "=" else (weight or 0.0),
                    "feedback": self.texts(feedback, fmt),
                }
            )
        single = any(marker == "=" for marker, _ in entries)
        return ("single_choice" if single else "multiple_choice"), {"options": options}

    def true_false(self, inner: Source, fmt: str) -> dict[str, Any]:
        """{T#shown to the wrong#shown to the right}, as in Moodle."""
        first = inner.find("#")
        answer = TRUE_FALSE[(inner[:first] if first >= 0 else inner).text.strip()]
        wrong = right = None
        if first >= 0:
            rest = inner[first + 1 :]
            second = rest.find("#")
            wrong, right = (rest, None) if second < 0 else (rest[:second], rest[second + 1 :])
        settings: dict[str, Any] = {"answer": answer}
        shown = {
            "feedback_true": right if answer else wrong,
            "feedback_false": wrong if answer else right,
        }
        for key, part in shown.items():
            texts = self.texts(part, fmt)
            if texts:
                settings[key] = texts
        return settings

    def text_answers(self, inner: Source, fmt: str) -> list[Any]:
        answers: list[Any] = []
        for _, part in self.entries(inner, "="):
            weight, part = read_weight(part)
            text_part, feedback_part = split_feedback(part)
            text = split_format(text_part, fmt)[1].text.strip()
            if not text:
                raise GiftError(part.line, Message("an answer is empty"))
            feedback = self.texts(feedback_part, fmt)
            if weight in (None, 100.0) and not feedback:
                answers.append(text)
                continue
            answer: dict[str, Any] = {"text": text}
            if weight not in (None, 100.0):
                answer["weight"] = weight_value(weight)
            if feedback:
                answer["feedback"] = feedback
            answers.append(answer)
        return answers

    def numeric(self, body: Source, fmt: str) -> dict[str, Any]:
        tilde = body.find("~")
        if tilde >= 0:
            raise GiftError(
                body.line_at(tilde),
                Message(
                    "feedback for any other number (~#...) is not supported: put it in the "
                    "general feedback (####...)"
                ),
            )
        parts = body.split("=")
        chunks = [part.strip() for _, part in parts[1:]]
        if parts[0][1].text.strip():
            chunks.insert(0, parts[0][1].strip())  # Moodle: one answer may go without '='
        if not chunks:
            raise GiftError(body.line, Message("a numeric question needs a number after {#"))
        answers = []
        for chunk in chunks:
            weight, chunk = read_weight(chunk)
            value, feedback_part = split_feedback(chunk)
            answer = number_answer(value.text.strip(), value.line)
            feedback = self.texts(feedback_part, fmt)
            if weight not in (None, 100.0):
                answer["weight"] = weight_value(weight)
            if feedback:
                answer["feedback"] = feedback
            answers.append(answer)
        only = answers[0]
        if len(answers) == 1 and "value" in only and not {"weight", "feedback"} & only.keys():
            settings = {"answer": only["value"]}
            if "tolerance" in only:
                settings["tolerance"] = only["tolerance"]
            return settings
        return {"answers": answers}

    def matching(self, inner: Source, fmt: str) -> dict[str, Any]:
        pairs: list[dict[str, Any]] = []
        distractors: list[dict[str, str]] = []
        for _, part in self.entries(inner, "="):
            arrow = part.find("->")
            if arrow < 0:
                raise GiftError(
                    part.line, Message("a matching pair needs '->': %(text)r", text=part.text[:40])
                )
            hash_at = part.find("#")
            if hash_at >= 0:
                raise GiftError(
                    part.line_at(hash_at),
                    Message("matching pairs take no feedback (write \\# for a # in the text)"),
                )
            answer = self.raw_texts(part[arrow + 2 :])
            if not answer:
                raise GiftError(part.line, Message("a matching pair needs an answer after '->'"))
            prompt = self.texts(part[:arrow], fmt)
            if prompt:
                pairs.append({"id": option_id(len(pairs)), "prompt": prompt, "answer": answer})
            else:
                distractors.append(answer)  # Moodle's "= -> extra answer"
        settings: dict[str, Any] = {"pairs": pairs}
        if distractors:
            settings["distractors"] = distractors
        return settings

    def cloze(
        self, before: Source, after: Source, fmt: str, kind: str, settings: dict[str, Any]
    ) -> dict[str, Any] | None:
        """A missing word as a one-gap cloze: a drop-down for `~` answers with one right
        answer, typed for `=` answers. Other answers keep their type (Moodle's way)."""
        if kind == "short_text":
            gap: dict[str, Any] = {"answers": settings["answers"]}
        elif kind in ("single_choice", "multiple_choice"):
            options = settings["options"]
            weights = [option["weight"] for option in options]
            if any(w not in (0.0, 100.0) for w in weights) or weights.count(100.0) != 1:
                return None
            gap = {"options": [gap_option(option) for option in options]}
        else:
            return None
        head, tail = self.texts(before, fmt, False, False), self.texts(after, fmt, False, False)
        if any(MARKER.search(text) for text in [*head.values(), *tail.values()]):
            return None  # the text has its own {1}: it would read as a second gap
        return {"text": join_texts([head, "{1}", tail]), "gaps": [gap]}


@dataclass(frozen=True)
class _Parts:
    """A question cut up: `::title::[format]before{inner####general}after`."""

    title: str | None
    fmt: str
    before: Source
    inner: Source
    general: Source | None
    after: Source


def _cut(source: Source) -> _Parts:
    title, rest = _split_title(source.strip(), source.line)
    opening, closing = _answer_braces(rest, source.line)
    fmt, before = split_format(rest[:opening], "moodle")
    inner, general = _split_general_feedback(rest[opening + 1 : closing].strip())
    return _Parts(title, fmt, before, inner, general, rest[closing + 1 :])


def _split_title(source: Source, line: int) -> tuple[str | None, Source]:
    """`::title::` at the start, if any, and the rest."""
    if not source.keys.startswith("::"):
        return None, source
    end = source.find("::", 2)
    if end < 0:
        raise GiftError(line, Message("the title starts with '::' but is not closed with '::'"))
    return _one_line(source.text[2:end]), source[end + 2 :].strip()


def _answer_braces(src: Source, line: int) -> tuple[int, int]:
    """Where the one answer block's `{` and `}` are; GiftError for any other brace."""
    opening, closing = src.find("{"), src.find("}")
    if opening < 0 and closing < 0:
        raise GiftError(
            line, Message("no answers in braces {...}: a text without answers cannot be imported")
        )
    if opening < 0 or 0 <= closing < opening:
        raise GiftError(
            src.line_at(closing), Message("'}' without '{' before it (write \\} for a brace)")
        )
    if closing < 0:
        raise GiftError(
            src.line_at(opening),
            Message(
                "unclosed brace: '{' has no '}' (a blank line ends a question; write \\{ for a "
                "brace)"
            ),
        )
    nested = src.find("{", opening + 1, closing)
    if nested >= 0:
        raise GiftError(
            src.line_at(nested), Message("'{' inside the answers (write \\{ for a brace)")
        )
    after = src[closing + 1 :]
    extra = [i for i in (after.find("{"), after.find("}")) if i >= 0]
    if extra:
        raise GiftError(
            after.line_at(min(extra)),
            Message(
                "a question has one answer block {...}: separate questions with a blank line, "
                "write \\{ and \\} for braces in a text"
            ),
        )
    return opening, closing


def _split_general_feedback(inner: Source) -> tuple[Source, Source | None]:
    """The answers and the general feedback after the last `####`."""
    at = inner.keys.rfind("####")
    if at < 0:
        return inner, None
    return inner[:at].strip(), inner[at + 4 :]


def _unit(comments: str, kind: str, line: int) -> dict[str, str]:
    """qualify's own `// [unit:kg]` for a numeric question."""
    unit = COMMENT_UNIT.search(comments)
    if not unit:
        return {}
    if kind != "numeric":
        raise GiftError(line, Message("[unit:...] is only for numeric questions"))
    return {"unit": unit.group(1).replace("\\]", "]").strip()}


def _one_line(title: str) -> str:
    """A title as a question name: line breaks (Moodle writes `\\n`) and tabs become a space."""
    return re.sub(r"\s*[\x00-\x1f\x7f]+\s*", " ", title).strip()


def _points(comments: str, line: int) -> int | None:
    """qualify's own `// [points:2]` (like `[unit:kg]`): GIFT has neither, Moodle ignores them."""
    match = COMMENT_POINTS.search(comments)
    if not match:
        return None
    spelled = match.group(1).strip()
    if not re.fullmatch(r"[0-9]{1,6}", spelled):
        raise GiftError(
            line, Message("[points:%(written)s] must be a whole number", written=spelled)
        )
    return int(spelled)
