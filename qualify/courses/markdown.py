"""Lesson Markdown: the site's one renderer and the running text the content checks read.

Pure: no Flask, no database. Raw HTML is escaped, never passed through; a lesson's images
are linked by courseimages.link_images.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token

from qualify.courses.courseimages import ImageLinks, link_images


def markdown_renderer() -> MarkdownIt:
    """CommonMark plus tables and strikethrough; raw HTML is escaped, never passed through."""
    return MarkdownIt("commonmark", {"html": False, "typographer": True}).enable(
        ["table", "strikethrough", "replacements", "smartquotes"]
    )


_MARKDOWN = markdown_renderer()


# A star between two letters is the German gender star (Teilnehmer*innen), never emphasis.
_GENDER_STAR = re.compile(r"(?<=[^\W\d_])\*(?=[^\W\d_])")


def parse_markdown(text: str, env: dict | None = None) -> list[Token]:
    return _MARKDOWN.parse(_GENDER_STAR.sub(r"\\*", text), {} if env is None else env)


def render_markdown(text: str, images: ImageLinks | None = None) -> str:
    """The HTML of a lesson body; with `images`, `images/<name>` point at the course's image
    addresses (see courseimages.link_images; other images show their alt text only)."""
    env: dict = {}
    tokens = parse_markdown(text, env)
    link_images(tokens, images)
    return _MARKDOWN.renderer.render(tokens, _MARKDOWN.options, env)


_TEXT_PARSER = MarkdownIt("commonmark", {"html": False}).enable("table")
_BARE_URL = re.compile(r"(?:https?://|www\.)\S+")
_ENDS_SENTENCE = re.compile(r"[.!?…][\"'“”„»«)\]]*$")


def plain_text(markdown: str, *, headings: bool = False) -> str:
    """The running text of a lesson body: one block (paragraph, list item, table row) a line.

    Drops Markdown syntax, link addresses, code blocks and, unless `headings`, headings and
    table header rows. Every block ends as a sentence, so a list item or a table row is not
    run together with the next block. Used for readability figures and glossary checks.
    """
    blocks: list[str] = []
    row: list[str] | None = None
    skipping = False
    for token in _TEXT_PARSER.parse(_GENDER_STAR.sub(r"\\*", markdown)):
        if token.type in ("heading_open", "thead_open"):
            skipping = not headings
        elif token.type in ("heading_close", "thead_close"):
            skipping = False
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close":
            if row is not None and not skipping:
                blocks.append(", ".join(cell for cell in row if cell))
            row = None
        elif token.type == "inline" and not skipping:
            text = _inline_text(token.children or [])
            if row is not None:
                row.append(text)
            else:
                blocks.append(text)
    return "\n".join(_as_sentence(block) for block in blocks if block)


def _inline_text(children: Sequence[Token]) -> str:
    parts, in_autolink = [], False
    for child in children:
        if child.type == "link_open" and child.markup == "autolink":
            in_autolink = True
        elif child.type == "link_close":
            in_autolink = False
        elif child.type in ("text", "code_inline") and not in_autolink:
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join(_BARE_URL.sub(" ", "".join(parts)).split())


def _as_sentence(block: str) -> str:
    if _ENDS_SENTENCE.search(block):
        return block
    return block.rstrip(":;,") + "."
