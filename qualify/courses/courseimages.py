"""A course's images (`<course>/images/<name>`) and the lessons' references to them.

Pure: no Flask, no database. Lessons write `![alt text](images/<name>)`; every image needs
alt text, must be an image of its own course, and is never fetched from elsewhere. The
renderer turns `images/<name>` into the address that serves it, IMAGE_URL.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it.token import Token

from qualify.core.contentfile import Problem, Report, display_path
from qualify.core.messages import Message
from qualify.courses.imagefile import ImageFacts, ImageRefusal, image_name, inspect_image

IMAGES_DIR = "images"
IMAGE_URL = "/courses/{course}/images/{name}"  # courses.image in courses/views.py
_LOCAL = re.compile(r"images/([^/?#\s]+)")
_EXTERNAL = re.compile(r"(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


@dataclass(frozen=True)
class ImageSpec:
    name: str
    data: bytes = field(repr=False)
    facts: ImageFacts


def image_url(course_id: str, name: str) -> str:
    return IMAGE_URL.format(course=course_id, name=name)


def load_images(
    folder: Path, root: Path | None = None
) -> tuple[tuple[ImageSpec, ...], list[Problem]]:
    """Every file in the course's images/ folder, checked by its bytes and its name."""
    images_dir = folder / IMAGES_DIR
    if not images_dir.is_dir():
        return (), []
    images, problems = [], []
    for path in sorted(images_dir.iterdir()):
        if path.name.startswith(".") or not path.is_file():
            continue
        report = Report(display_path(path, root))
        data = path.read_bytes()
        facts = inspect_image(data)
        if isinstance(facts, ImageRefusal):
            report.error(1, Message("image refused: %(reason)s", reason=facts.message()))
        elif path.name != (expected := image_name(path.name, facts)):
            report.error(
                1,
                Message(
                    "rename the file to %(name)r: an image's name ends in the first digits "
                    "of its SHA-256 and its type, so its address never changes meaning",
                    name=expected,
                ),
            )
        else:
            images.append(ImageSpec(path.name, data, facts))
        problems += report.problems
    return tuple(images), problems


@dataclass(frozen=True)
class ImageRef:
    """One `![alt](src)` in a lesson's Markdown, with the line it is on."""

    line: int
    src: str
    alt: str

    @property
    def name(self) -> str | None:
        """The image's name when `src` is `images/<name>`, else None."""
        match = _LOCAL.fullmatch(self.src)
        return match.group(1) if match else None


def image_refs(tokens: list[Token], body: str = "", first_line: int = 1) -> Iterator[ImageRef]:
    """The images of a parsed lesson `body` whose line 1 is line `first_line` of its file.

    A paragraph knows only its first line; an image is placed on the line of the paragraph
    where its `![` is, counting in order (the first line when that cannot be told)."""
    lines = body.splitlines()
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        start, end = token.map or (0, 1)
        openings = (
            [number for number in range(start, end) for _ in range(lines[number].count("!["))]
            if end <= len(lines)
            else []
        )
        images = [child for child in token.children if child.type == "image"]
        for index, child in enumerate(images):
            line = openings[index] if len(openings) == len(images) else start
            yield ImageRef(first_line + line, str(child.attrs.get("src", "")), child.content)


def image_problems(refs: Iterator[ImageRef], known: Collection[str], report: Report) -> None:
    """Every image needs alt text and must be one of this course's images (`known`)."""
    for ref in refs:
        if not ref.alt.strip():
            report.error(
                ref.line,
                Message(
                    "image %(address)r has no alt text: describe it between the brackets, "
                    "![what the picture shows](...)",
                    address=ref.src,
                ),
            )
        if ref.name is None and _EXTERNAL.match(ref.src):
            report.error(
                ref.line,
                Message(
                    "image %(address)r is not on this site: put it into images/",
                    address=ref.src,
                ),
            )
        elif ref.name is None:
            report.error(
                ref.line,
                Message("image address %(address)r must be images/<name>", address=ref.src),
            )
        elif ref.name not in known:
            report.error(
                ref.line,
                Message("image %(name)r is not in this course's images/", name=ref.name),
            )


@dataclass(frozen=True)
class ImageLinks:
    """How a course's lesson images become addresses: the course and the images' sizes."""

    course_id: str
    sizes: Mapping[str, tuple[int, int]] = field(default_factory=dict)


def link_images(tokens: list[Token], links: ImageLinks | None) -> None:
    """Point `images/<name>` at the course's image address (with width and height, loaded
    lazily); render any other image as its alt text, so no lesson loads outside pictures."""
    for token in tokens:
        for child in token.children or []:
            if child.type != "image":
                continue
            ref = ImageRef(0, str(child.attrs.get("src", "")), child.content)
            if ref.name is None:
                child.type, child.tag, child.attrs, child.children = "text", "", {}, None
            elif links is not None:
                child.attrs["src"] = image_url(links.course_id, ref.name)
                if ref.name in links.sizes:
                    width, height = links.sizes[ref.name]
                    child.attrs.update(width=str(width), height=str(height))
                child.attrs["loading"] = "lazy"


def referenced_names(tokens: list[Token]) -> set[str]:
    """The names of this course's images a parsed lesson shows."""
    return {name for ref in image_refs(tokens) if (name := ref.name) is not None}
