"""What reading and writing GIFT share: escapes, text formats, languages, ids. Pure.

GIFT escapes `~ = # { } :` and newline with a backslash (`\\n`), and a backslash itself as
`\\\\`, exactly as Moodle's qformat_gift does. Texts in several languages travel as Moodle's
multi-language filter spans: `<span lang="de" class="multilang">...</span>`.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from dataclasses import dataclass

from qualify.core.contentfile import EXPECTED_LOCALES
from qualify.core.messages import Message

SPECIAL = "~=#{}:"
FORMATS = ("moodle", "html", "plain", "markdown")  # Moodle's names for text formats
PLACEHOLDER = "\0"  # in Source.keys: an escaped character, never structure


class GiftError(Exception):
    """The GIFT text cannot be read; `line` (1-based) says where, `message` (a Message) what."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(Message("line %(line)d: %(message)s", line=line, message=message))
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Source:
    """A stretch of GIFT with escapes resolved.

    `text` is what the author meant; `keys` has the same length and holds each unescaped
    character as itself and each escaped one as NUL, so searching `keys` for "{" finds only
    structure. `line` is the line `text` starts on; only real newlines count.
    """

    text: str
    keys: str
    line: int

    @classmethod
    def decode(cls, raw: str, line: int) -> Source:
        text, keys, i = [], [], 0
        while i < len(raw):
            char = raw[i]
            following = raw[i + 1] if i + 1 < len(raw) else ""
            if char == "\\" and following and following in SPECIAL + "\\n":
                text.append("\n" if following == "n" else following)
                keys.append(PLACEHOLDER)
                i += 2
                continue
            text.append(char)
            keys.append(char)
            i += 1
        return cls("".join(text), "".join(keys), line)

    def __getitem__(self, part: slice) -> Source:
        start = part.start or 0
        return Source(self.text[part], self.keys[part], self.line + self.keys[:start].count("\n"))

    def __len__(self) -> int:
        return len(self.text)

    def find(self, structure: str, start: int = 0, end: int | None = None) -> int:
        return self.keys.find(structure, start, len(self.keys) if end is None else end)

    def line_at(self, index: int) -> int:
        return self.line + self.keys[: max(0, index)].count("\n")

    def strip(self) -> Source:
        start = len(self.text) - len(self.text.lstrip())
        return self[start : max(start, len(self.text.rstrip()))]

    def split(self, separators: str) -> list[tuple[str, Source]]:
        """Split at each unescaped separator character: [("", head), (sep, part), ...]."""
        parts, marker, start = [], "", 0
        for index, key in enumerate(self.keys):
            if key in separators:
                parts.append((marker, self[start:index]))
                marker, start = key, index + 1
        parts.append((marker, self[start:]))
        return parts


def escape(text: str) -> str:
    """Write text so that GIFT reads it back unchanged (Moodle's repchar)."""
    out = text.replace("\r", "").replace("\\", "\\\\")
    for char in SPECIAL:
        out = out.replace(char, "\\" + char)
    return out.replace("\n", "\\n")


def split_format(source: Source, default: str) -> tuple[str, Source]:
    """A leading `[html]`, `[plain]`, `[markdown]` or `[moodle]` marker, if any."""
    if source.text.startswith("["):
        end = source.text.find("]")
        if end > 0 and source.text[1:end] in FORMATS:
            return source.text[1:end], source[end + 1 :]
    return default, source


# Moodle's multilang filter: runs of <span lang="xx" class="multilang">...</span>.
_SPAN = re.compile(
    r'<span\s(?=[^<>]*\bclass="multilang")(?=[^<>]*\blang="([A-Za-z0-9_-]{1,20})")[^<>]*>'
    r"(.*?)</span>",
    re.DOTALL | re.IGNORECASE,
)
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_PARAGRAPH = re.compile(r"</p>\s*<p(?:\s[^<>]*)?>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")


def html_to_text(markup: str) -> str:
    """Plain text from simple HTML: line and paragraph breaks kept, other tags dropped."""
    text = _PARAGRAPH.sub("\n\n", _BREAK.sub("\n", markup))
    return html.unescape(_TAG.sub("", text))


def text_to_html(text: str) -> str:
    return html.escape(text, quote=False).replace("\n", "<br>")


def language_code(code: str) -> str:
    """'de', 'de_du', 'DE-at' -> 'de'."""
    return re.split(r"[-_]", code.lower(), maxsplit=1)[0]


def split_languages(text: str, unescape_spans: bool) -> dict[str, str] | None:
    """Each language's version of a text with multilang spans, or None if it has none.

    Like Moodle's filter: each run of adjacent spans is replaced by the span (or spans) of the
    language; text outside the spans belongs to every language. Languages other than those
    qualify knows are dropped.
    """
    spans = list(_SPAN.finditer(text))
    if not spans:
        return None
    runs: list[list[re.Match[str]]] = []
    for span in spans:
        if runs and not text[runs[-1][-1].end() : span.start()].strip():
            runs[-1].append(span)
        else:
            runs.append([span])
    languages = dict.fromkeys(language_code(span.group(1)) for span in spans)
    versions = {}
    for language in languages:
        if language not in EXPECTED_LOCALES:
            continue
        out, position = [], 0
        for run in runs:
            out.append(text[position : run[0].start()])
            for span in run:
                if language_code(span.group(1)) == language:
                    content = span.group(2)
                    out.append(html.unescape(content) if unescape_spans else content)
            position = run[-1].end()
        out.append(text[position:])
        versions[language] = "".join(out)
    return versions


def multilang(texts: dict[str, str], convert: bool) -> str:
    """Spans for Moodle's multilang filter, German first; HTML-escaped if `convert`."""
    order = sorted(texts, key=lambda code: (code != "de", code))
    return "".join(
        f'<span lang="{code}" class="multilang">'
        f"{text_to_html(texts[code]) if convert else html.escape(texts[code], quote=False)}"
        "</span>"
        for code in order
    )


_TRANSLITERATE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def slugify(text: str, max_length: int = 60) -> str:
    """An id of lowercase letters, digits and hyphens ('' if nothing is left)."""
    folded = unicodedata.normalize("NFKD", text.lower().translate(_TRANSLITERATE))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > max_length:
        cut = slug[:max_length]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return slug.strip("-")


def short_hash(text: str, length: int = 6) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:length]


def number_text(value: float) -> str:
    """A weight as GIFT writes it: 50, 33.33333, -100."""
    spelled = f"{round(value, 5):.5f}".rstrip("0").rstrip(".")
    return "0" if spelled in ("-0", "") else spelled
