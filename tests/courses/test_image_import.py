"""Images go into the database with their course and come out of an export byte for byte;
the site serves them with their type and for good in caches."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from qualify.content import export_content, import_content, load_content
from qualify.courses.imagefile import ImageFacts, image_name, inspect_image
from qualify.courses.models import CourseImage, Lesson
from tests.courses.images import picture
from tests.courses.test_checks import write_course
from tests.courses.test_courseimages import add_image, with_image


def course_with_image(tmp_path: Path, data: bytes) -> tuple[Path, str]:
    facts = inspect_image(data)
    assert isinstance(facts, ImageFacts)
    folder = write_course(tmp_path, lessons=with_image(image_name("verein", facts)))
    return folder, add_image(folder, data)


def test_export_and_import_again_give_the_same_images_and_html(
    session: Session, tmp_path: Path
) -> None:
    data = picture("JPEG", (120, 80))
    folder, name = course_with_image(tmp_path, data)
    first = load_content(folder.parent, None)
    assert first.ok, first.problems
    import_content(session, first)
    html = session.scalars(sa.select(Lesson.html).where(Lesson.slug == "verein")).one()

    export_content(session, tmp_path / "out")
    assert (tmp_path / "out" / "kurs" / "images" / name).read_bytes() == data
    again = load_content(tmp_path / "out", None)
    assert again.ok, again.problems
    kurs = next(course for course in again.courses if course.id == "kurs")
    assert kurs.images == first.courses[0].images
    assert [lesson.html for lesson in kurs.lessons] == [html]
    import_content(session, again)
    rows = session.scalars(sa.select(CourseImage).where(CourseImage.name == name)).all()
    assert [(r.content_type, r.width, r.height, r.data) for r in rows] == [
        ("image/jpeg", 120, 80, data)
    ]


def test_an_import_keeps_images_the_folder_no_longer_has(session: Session, tmp_path: Path) -> None:
    folder, name = course_with_image(tmp_path, picture("PNG"))
    import_content(session, load_content(folder.parent, None))
    (folder / "images" / name).unlink()
    write_course(tmp_path / "b")  # the same course without the image in its lessons
    import_content(session, load_content(tmp_path / "b" / "content", None))
    assert session.scalar(sa.select(CourseImage.name)) == name


def test_an_image_is_served_with_its_type_and_cached_for_good(
    client: FlaskClient, session: Session, tmp_path: Path
) -> None:
    data = picture("WEBP", (10, 10))
    folder, name = course_with_image(tmp_path, data)
    import_content(session, load_content(folder.parent, None))
    sha = inspect_image(data).sha256  # type: ignore[union-attr]

    response = client.get(f"/courses/kurs/images/{name}")
    assert response.status_code == 200
    assert response.data == data
    assert response.headers["Content-Type"] == "image/webp"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["ETag"] == f'"{sha}"'
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Set-Cookie" not in response.headers

    again = client.get(f"/courses/kurs/images/{name}", headers={"If-None-Match": f'"{sha}"'})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert client.get(f"/courses/kurs/images/x{name}").status_code == 404
    assert client.get(f"/courses/testkurs/images/{name}").status_code == 404
