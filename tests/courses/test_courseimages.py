"""Images in a course folder and in its lessons: checked with file and line, rendered as
addresses of the site, refused without alt text or from elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualify.courses.coursefile import load_course, render_markdown
from qualify.courses.courseimages import ImageLinks
from qualify.courses.imagefile import ImageFacts, image_name, inspect_image
from tests.courses.images import SVG, picture
from tests.courses.test_checks import LESSON_DE, LESSON_EN, found, write_course


def add_image(folder: Path, data: bytes, stem: str = "verein") -> str:
    facts = inspect_image(data)
    assert isinstance(facts, ImageFacts)
    name = image_name(stem, facts)
    (folder / "images").mkdir(exist_ok=True)
    (folder / "images" / name).write_bytes(data)
    return name


def with_image(name: str, alt_de: str = "Ein Foto vom Vorstand", alt_en: str = "The board") -> dict:
    return {
        "verein.de.md": f"{LESSON_DE}\nMehr Text.\n\n![{alt_de}](images/{name})\n",
        "verein.en.md": f"{LESSON_EN}\nMore text.\n\n![{alt_en}](images/{name})\n",
    }


def test_a_course_carries_its_images_and_its_html_points_at_them(tmp_path: Path) -> None:
    name = image_name("verein", inspect_image(picture("PNG", (40, 30))))  # type: ignore[arg-type]
    folder = write_course(tmp_path, lessons=with_image(name))
    add_image(folder, picture("PNG", (40, 30)))
    spec, problems = load_course(folder)
    assert spec is not None, problems
    assert problems == []
    assert [(i.name, i.facts.width, i.facts.height) for i in spec.images] == [(name, 40, 30)]
    html = spec.lessons[0].html["de"]
    assert (
        f'<img src="/courses/kurs/images/{name}" alt="Ein Foto vom Vorstand" width="40" '
        'height="30" loading="lazy"' in html
    )


@pytest.mark.parametrize("alt", ["", "   "])
def test_an_image_without_alt_text_is_an_error_with_file_and_line(tmp_path: Path, alt: str) -> None:
    data = picture("PNG")
    name = image_name("verein", inspect_image(data))  # type: ignore[arg-type]
    folder = write_course(tmp_path, lessons=with_image(name, alt_en=alt))
    add_image(folder, data)
    spec, problems = load_course(folder)
    assert spec is None
    line = LESSON_EN.count("\n") + 4  # after the lesson: a blank line, a text, a blank line
    assert found(problems, "verein.en.md") == [
        (
            line,
            "error",
            f"image 'images/{name}' has no alt text: describe it between the brackets, "
            "![what the picture shows](...)",
        )
    ]
    assert found(problems, "verein.de.md") == []


def test_the_line_of_an_image_inside_a_long_paragraph(tmp_path: Path) -> None:
    body = "Erste Zeile\nzweite Zeile\n![](images/fehlt-0123456789.png) dritte Zeile\n"
    folder = write_course(tmp_path, lessons={"verein.de.md": LESSON_DE + "\n" + body})
    _spec, problems = load_course(folder)
    line = LESSON_DE.count("\n") + 4
    assert [p[0] for p in found(problems, "verein.de.md")] == [line, line]


def test_external_unknown_and_odd_image_addresses_are_errors(tmp_path: Path) -> None:
    body = (
        "![Logo](https://example.org/logo.png)\n\n"
        "![Plan](images/plan-0123456789.png)\n\n"
        "![Karte](../andere/karte.png)\n\n"
        "![Pixel](//tracker.example/p.gif)\n"
    )
    folder = write_course(tmp_path, lessons={"verein.de.md": LESSON_DE + "\n" + body})
    spec, problems = load_course(folder)
    assert spec is None
    start = LESSON_DE.count("\n") + 2
    assert found(problems, "verein.de.md") == [
        (
            start,
            "error",
            "image 'https://example.org/logo.png' is not on this site: put it into images/",
        ),
        (start + 2, "error", "image 'plan-0123456789.png' is not in this course's images/"),
        (start + 4, "error", "image address '../andere/karte.png' must be images/<name>"),
        (
            start + 6,
            "error",
            "image '//tracker.example/p.gif' is not on this site: put it into images/",
        ),
    ]


def test_files_in_images_are_checked_by_their_bytes_and_names(tmp_path: Path) -> None:
    folder = write_course(tmp_path)
    (folder / "images").mkdir()
    (folder / "images" / "logo-0123456789.png").write_bytes(SVG)
    (folder / "images" / "foto.png").write_bytes(picture("JPEG"))
    spec, problems = load_course(folder)
    assert spec is None
    expected = image_name("foto", inspect_image(picture("JPEG")))  # type: ignore[arg-type]
    assert found(problems, "logo-0123456789.png") == [
        (
            1,
            "error",
            "image refused: the file is not a PNG, JPEG or WebP image (SVG, GIF and others "
            "are not accepted)",
        )
    ]
    assert found(problems, "foto.png") == [
        (
            1,
            "error",
            f"rename the file to {expected!r}: an image's name ends in the first digits of its "
            "SHA-256 and its type, so its address never changes meaning",
        )
    ]


def test_an_image_no_lesson_shows_is_a_warning(tmp_path: Path) -> None:
    folder = write_course(tmp_path)
    name = add_image(folder, picture("WEBP"))
    spec, problems = load_course(folder)
    assert spec is not None and len(spec.images) == 1
    assert found(problems, name) == [(1, "warning", "no lesson shows this image")]


def test_a_draft_may_show_images_stored_for_the_course(tmp_path: Path) -> None:
    data = picture("PNG", (8, 6))
    facts = inspect_image(data)
    assert isinstance(facts, ImageFacts)
    name = image_name("verein", facts)
    folder = write_course(tmp_path, lessons=with_image(name))
    spec, problems = load_course(folder, stored_images={name: facts})
    assert spec is not None, problems
    assert spec.images == ()  # stored already: nothing to import
    assert 'width="8" height="6"' in spec.lessons[0].html["en"]


def test_the_renderer_shows_outside_images_as_their_alt_text_only() -> None:
    html = render_markdown(
        "![Logo](https://example.org/x.png) ![Daten](data:image/png;base64,AAAA) "
        "![Bild](images/a-0123456789.png)",
        ImageLinks("kurs"),
    )
    assert "<img" in html and html.count("<img") == 1
    assert "example.org" not in html and "data:" not in html
    assert "Logo" in html and "Daten" in html
    assert 'src="/courses/kurs/images/a-0123456789.png"' in html
    assert 'onerror="' not in render_markdown('![x" onerror="alert(1)](images/a.png)')
