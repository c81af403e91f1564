"""What every HTML page must have, read from its markup (issue 14): one h1, one main with a
skip link to it, unique ids and references that resolve, a name for every form control, alt
on every image, the language and direction on <html>, and on right-to-left pages each
person's or group's name isolated from the sentence around it.

A stdlib HTMLParser keeps the stack of open elements; that is all the checks need, and the
pages are the site's own templates, which close what they open.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

TEXT_DIRECTION = {"de": "ltr", "en": "ltr", "ar": "rtl"}
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track"}
    | {"wbr"}
)
# Inputs that need no label: hidden, or named by their own value or alt.
UNLABELLED_INPUTS = frozenset({"hidden", "submit", "button", "image", "reset"})
# Text in these cannot hold a <bdi>: the browser shows it as plain text (title, option) or
# it is what the visitor edits (textarea), or it is not shown (script, style).
PLAIN_TEXT = frozenset({"title", "option", "textarea", "script", "style"})
# dir="rtl" isolates too, but lays a Latin name out right to left: "(A)" still turns round.
ISOLATING_DIRECTIONS = frozenset({"ltr", "auto"})
REFERENCE_ATTRIBUTES = ("aria-labelledby", "aria-describedby", "aria-controls")

Attributes = dict[str, str | None]


@dataclass
class Text:
    content: str
    isolated: bool  # inside <bdi>, or an element with dir="ltr"/"auto"
    plain: bool  # inside an element that cannot hold markup (PLAIN_TEXT)
    title: bool = False  # the page's <title>: a name there takes Unicode's isolates instead


@dataclass
class Control:
    tag: str
    attrs: Attributes
    in_label: bool


@dataclass
class Page:
    """The facts of one page that the checks need."""

    html_attrs: Attributes = field(default_factory=dict)
    h1_count: int = 0
    main_ids: list[str | None] = field(default_factory=list)
    links_before_main: list[str] = field(default_factory=list)  # their href, in order
    ids: list[str] = field(default_factory=list)
    references: list[tuple[str, str]] = field(default_factory=list)  # (attribute, id)
    label_targets: set[str] = field(default_factory=set)
    controls: list[Control] = field(default_factory=list)
    images_without_alt: list[str] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)


class PageReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.open: list[tuple[str, Attributes]] = []
        self.in_body = False

    def handle_starttag(self, tag: str, attr_list: list[tuple[str, str | None]]) -> None:
        attrs = dict(attr_list)
        self._note(tag, attrs)
        if tag not in VOID:
            self.open.append((tag, attrs))

    def handle_startendtag(self, tag: str, attr_list: list[tuple[str, str | None]]) -> None:
        self._note(tag, dict(attr_list))

    def handle_endtag(self, tag: str) -> None:
        """Close the element and any left open inside it (<li>, <p> without an end tag)."""
        for depth in range(len(self.open) - 1, -1, -1):
            if self.open[depth][0] == tag:
                del self.open[depth:]
                return

    def handle_data(self, data: str) -> None:
        if not data.strip():
            return
        inside = self.open[1:]  # <html dir="rtl"> is the page's direction, not an isolation
        isolated = any(
            tag == "bdi" or (attrs.get("dir") or "").lower() in ISOLATING_DIRECTIONS
            for tag, attrs in inside
        )
        plain = any(tag in PLAIN_TEXT for tag, _attrs in self.open)
        title = any(tag == "title" for tag, _attrs in self.open)
        self.page.texts.append(Text(data, isolated, plain, title))

    def _note(self, tag: str, attrs: Attributes) -> None:
        page = self.page
        if tag == "html":
            page.html_attrs = attrs
        elif tag == "body":
            self.in_body = True
        elif tag == "h1":
            page.h1_count += 1
        elif tag == "main":
            page.main_ids.append(attrs.get("id"))
        elif tag == "a" and self.in_body and not page.main_ids:
            page.links_before_main.append(attrs.get("href") or "")
        elif tag == "img" and "alt" not in attrs:
            page.images_without_alt.append(attrs.get("src") or "?")
        elif tag == "label" and attrs.get("for"):
            page.label_targets.add(attrs["for"] or "")
            page.references.append(("label for", attrs["for"] or ""))
        if tag in ("input", "select", "textarea"):
            in_label = any(open_tag == "label" for open_tag, _attrs in self.open)
            page.controls.append(Control(tag, attrs, in_label))
        if attrs.get("id"):
            page.ids.append(attrs["id"] or "")
        for attribute in REFERENCE_ATTRIBUTES:
            page.references.extend((attribute, ref) for ref in (attrs.get(attribute) or "").split())


def read_page(html: str) -> Page:
    reader = PageReader()
    reader.feed(html)
    reader.close()
    return reader.page


def control_name(control: Control, label_targets: set[str]) -> bool:
    """Whether the control has an accessible name (its own label, aria or title)."""
    attrs = control.attrs
    return bool(
        control.in_label
        or (attrs.get("id") and attrs["id"] in label_targets)
        or (attrs.get("aria-label") or "").strip()
        or (attrs.get("aria-labelledby") or "").strip()
        or (attrs.get("title") or "").strip()
    )


def describe(control: Control) -> str:
    attrs = control.attrs
    kind = f' type="{attrs["type"]}"' if control.tag == "input" and attrs.get("type") else ""
    return f'<{control.tag}{kind} name="{attrs.get("name") or ""}" id="{attrs.get("id") or ""}">'


def structure_problems(html: str, language: str) -> list[str]:
    """Everything wrong with the page's structure, each said in a line."""
    page = read_page(html)
    problems = []
    lang, direction = page.html_attrs.get("lang"), page.html_attrs.get("dir")
    if (lang, direction) != (language, TEXT_DIRECTION[language]):
        problems.append(
            f'<html lang="{lang}" dir="{direction}">, expected '
            f'lang="{language}" dir="{TEXT_DIRECTION[language]}"'
        )
    if page.h1_count != 1:
        problems.append(f"{page.h1_count} <h1> elements, expected exactly one")
    if len(page.main_ids) != 1 or not page.main_ids[0]:
        problems.append(f"<main> elements with these ids: {page.main_ids}, expected one with an id")
    # A skip link bypasses what comes before <main>; a page with no link before it (the data
    # export, a document on its own) has nothing to skip (WCAG 2.4.1).
    elif page.links_before_main and page.links_before_main[0] != f"#{page.main_ids[0]}":
        problems.append(
            f'the first link goes to "{page.links_before_main[0]}", '
            f'not to <main> (a skip link to "#{page.main_ids[0]}")'
        )
    duplicates = sorted(id_ for id_, count in Counter(page.ids).items() if count > 1)
    if duplicates:
        problems.append(f"ids used more than once: {duplicates}")
    known = set(page.ids)
    problems.extend(
        f'{attribute}="{ref}" names no element on the page'
        for attribute, ref in page.references
        if ref not in known
    )
    problems.extend(
        f"{describe(control)} has no label (label for, a wrapping label, aria-label, "
        "aria-labelledby or title)"
        for control in page.controls
        if not (control.tag == "input" and control.attrs.get("type") in UNLABELLED_INPUTS)
        and not control_name(control, page.label_targets)
    )
    problems.extend(f'<img src="{src}"> has no alt attribute' for src in page.images_without_alt)
    return problems


def unisolated_names(html: str, names: list[str]) -> list[str]:
    """Each name found in the page's text outside <bdi> (or an element with dir="ltr" or
    "auto"), with the text it stands in; text that cannot hold markup is left out."""
    texts = read_page(html).texts
    bare = [
        f'"{name}" is not isolated (<bdi>) in: "{" ".join(text.content.split())}"'
        for text in texts
        if not text.isolated and not text.plain
        for name in names
        if name in text.content
    ]
    return bare + [
        f'"{name}" is not isolated (U+2068 ... U+2069) in the title: "{text.content}"'
        for text in texts
        if text.title
        for name in names
        if name in text.content.replace(f"\u2068{name}\u2069", "")
    ]
