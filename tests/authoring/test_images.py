"""A course's images page: authors upload (checked by the bytes), see and delete unused
images; everyone else gets 404; uploads and deletions are audited."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from PIL import Image
from sqlalchemy.orm import Session

from qualify.accounts.models import Role, User
from qualify.audit.models import AuditEvent
from qualify.authoring.models import CourseAuthor, CourseDraft
from qualify.core.clock import utcnow
from qualify.courses import service as courses
from qualify.courses.models import CourseImage, Lesson
from tests.courses.images import SVG, photo_with_position, picture

PAGE = "/trainer/authoring/testkurs/images"


@pytest.fixture
def author(imported_content: None, session: Session, login_as: Callable[..., User]) -> User:
    """A trainer granted the test course, signed in."""
    trainer = login_as(Role.TRAINER, locale="en")
    course = courses.find_course(session, "testkurs")
    assert course is not None
    session.add(CourseAuthor(course_id=course.id, user_id=trainer.id))
    session.commit()
    return trainer


def upload(client: FlaskClient, data: bytes, filename: str = "foto.png"):  # noqa: ANN201
    """Post the file as a ready multipart body: the test client would spool a large one to
    a temporary file that it never closes."""
    body = (
        b"--x\r\n"
        + f'Content-Disposition: form-data; name="image"; filename="{filename}"\r\n'.encode()
        + b"Content-Type: application/octet-stream\r\n\r\n"
        + data
        + b"\r\n--x--\r\n"
    )
    return client.post(PAGE, data=body, content_type="multipart/form-data; boundary=x")


def stored(session: Session) -> list[CourseImage]:
    return list(session.scalars(sa.select(CourseImage)))


def test_an_author_uploads_an_image_and_the_site_serves_it(
    client: FlaskClient, session: Session, author: User
) -> None:
    data = picture("PNG", (300, 200))
    response = upload(client, data, "Vorstand Sitzung.jpg")  # a PNG named .jpg is a PNG
    assert response.status_code == 302
    [image] = stored(session)
    assert image.name.startswith("vorstand-sitzung-") and image.name.endswith(".png")
    assert (image.content_type, image.width, image.height, image.uploaded_by) == (
        "image/png",
        300,
        200,
        author.id,
    )
    page = client.get(PAGE).get_data(as_text=True)
    assert f"](images/{image.name})" in page
    assert "300 × 200" in page
    served = client.get(f"/courses/testkurs/images/{image.name}")  # signed in: still cached
    assert served.data == data and served.mimetype == "image/png"
    assert served.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    event = session.scalars(sa.select(AuditEvent)).one()
    assert (event.action, event.actor_id, event.subject, event.details) == (
        "course_image_uploaded",
        author.id,
        "course testkurs",
        {"image": f"images/{image.name}"},
    )


def test_the_same_picture_twice_is_one_image(
    client: FlaskClient, session: Session, author: User
) -> None:
    upload(client, picture("JPEG"), "a.jpg")
    upload(client, picture("JPEG"), "a.jpeg")
    assert len(stored(session)) == 1


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (SVG, "logo.svg", "Please upload a PNG, JPEG or WebP image."),
        (picture("GIF"), "anim.gif", "Please upload a PNG, JPEG or WebP image."),
        (b"just text", "notes.png", "Please upload a PNG, JPEG or WebP image."),
        (picture("PNG", (4100, 10)), "wide.png", "The picture is too large: at most 4000 pixels"),
        (b"\x89PNG" + b"\0" * (2 * 1024 * 1024), "big.png", "The file is too large: at most 2 MB."),
    ],
)
def test_wrong_types_and_oversized_files_are_refused_with_a_message(
    client: FlaskClient, session: Session, author: User, data: bytes, filename: str, message: str
) -> None:
    response = upload(client, data, filename)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert stored(session) == []
    assert session.scalars(sa.select(AuditEvent)).all() == []


def test_a_request_over_the_upload_limit_gets_a_clear_error_page(
    client: FlaskClient, session: Session, author: User
) -> None:
    body = b"--x\r\n" + b"\0" * (3 * 1024 * 1024) + b"\r\n--x--\r\n"  # no temporary file
    response = client.post(PAGE, data=body, content_type="multipart/form-data; boundary=x")
    assert response.status_code == 413
    assert "The data you sent is too large." in response.get_data(as_text=True)
    assert stored(session) == []


def test_an_upload_without_a_file_shows_the_form_again(client: FlaskClient, author: User) -> None:
    response = client.post(PAGE, data={})
    assert response.status_code == 200
    assert "Please choose a file." in response.get_data(as_text=True)


def test_an_image_a_lesson_shows_cannot_be_deleted_an_unused_one_can(
    client: FlaskClient, session: Session, author: User
) -> None:
    upload(client, picture("PNG", colour="red"), "rot.png")
    upload(client, picture("PNG", colour="blue"), "blau.png")
    red, blue = sorted(stored(session), key=lambda image: image.name, reverse=True)
    lesson = session.scalars(sa.select(Lesson).where(Lesson.slug == "erste-lektion")).one()
    lesson.markdown = {**lesson.markdown, "en": f"Text.\n\n![A red square](images/{red.name})"}
    session.commit()

    response = client.post(f"{PAGE}/{red.name}/delete")
    assert response.status_code == 302
    assert "stays" in client.get(PAGE).get_data(as_text=True)
    assert client.post(f"{PAGE}/{blue.name}/delete").status_code == 302
    assert [image.name for image in stored(session)] == [red.name]
    actions = session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["course_image_uploaded"] * 2 + ["course_image_deleted"]
    assert client.post(f"{PAGE}/{blue.name}/delete").status_code == 404


def test_an_image_the_draft_shows_cannot_be_deleted(
    client: FlaskClient, session: Session, author: User
) -> None:
    upload(client, picture("WEBP"), "plan.webp")
    [image] = stored(session)
    now = utcnow()
    session.add(
        CourseDraft(
            course_id=image.course_id,
            files={"lessons/neu.de.md": f"---\ntitle: Neu\n---\n![Plan](images/{image.name})\n"},
            base_version=1,
            updated_at=now,
        )
    )
    session.commit()
    client.post(f"{PAGE}/{image.name}/delete")
    assert stored(session) == [image]


def test_a_trainer_without_authorship_gets_404_and_learners_403(
    client: FlaskClient, session: Session, imported_content: None, login_as: Callable[..., User]
) -> None:
    for role, status in ((Role.TRAINER, 404), (Role.LEARNER, 403)):
        login_as(role, locale="en")
        assert client.get(PAGE).status_code == status
        assert upload(client, picture()).status_code == status
    assert stored(session) == []
    login_as(Role.ADMIN)
    assert client.get(PAGE).status_code == 200
    assert client.get("/trainer/authoring/unknown/images").status_code == 404


def test_an_uploaded_photo_loses_its_gps_position(
    client: FlaskClient, session: Session, author: User
) -> None:
    upload(client, photo_with_position(), "handyfoto.jpg")
    [image] = stored(session)
    served = client.get(f"/courses/testkurs/images/{image.name}").data
    with Image.open(io.BytesIO(served)) as picture_served:
        assert not picture_served.getexif()
