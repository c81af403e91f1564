"""Authors saving at the same moment, on real committed transactions (one connection each):
saves of different lessons all land; of the same lesson from the same text, exactly one
lands and every other author is told, so nobody's text is overwritten unseen."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from qualify.accounts.models import Role, User
from qualify.accounts.service import create_user
from qualify.authoring import lessons, service
from qualify.authoring.drafts import lesson_path, text_hash
from qualify.content import import_content, load_content
from qualify.courses.coursefile import LessonText
from qualify.courses.models import Course
from qualify.extensions import db
from tests.conftest import FIXTURES, PASSWORD

pytestmark = pytest.mark.committed
NOW = dt.datetime(2026, 12, 5, 12, tzinfo=dt.UTC)
AUTHORS = 8


def committed_session() -> Session:
    return sessionmaker(bind=db.engine, expire_on_commit=False)()


def setup_authors() -> list[int]:
    with committed_session() as session:
        import_content(session, load_content(FIXTURES / "content", FIXTURES / "certificates"))
        return [
            create_user(
                session, email=f"autor{n}@example.org", name=f"Autor {n}", password=PASSWORD,
                role=Role.ADMIN,
            ).id
            for n in range(AUTHORS)
        ]  # fmt: skip


def save_at_once(authors: list[int], target: dict[int, tuple[str, str]]) -> dict[int, object]:
    """Each author saves `target[author]` = (lesson, base hash) at the same moment."""
    results: dict[int, object] = {}
    start = threading.Barrier(len(authors))

    def save(author_id: int) -> None:
        lesson, base = target[author_id]
        with committed_session() as session:
            course = session.scalar(sa.select(Course).where(Course.slug == "testkurs"))
            user = session.get(User, author_id)
            text = LessonText("Titel", 10, ("Quelle, 2026",), f"## Von {author_id}\n\nText.")
            session.rollback()  # hold no transaction (on SQLite: no write lock) while waiting
            start.wait(timeout=30)
            results[author_id] = lessons.save_lesson(
                session, course, lesson, "en", text, base=base, german_base=None, user=user,
                now=NOW,
            )  # fmt: skip

    threads = [threading.Thread(target=save, args=(a,)) for a in authors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_saves_of_the_same_lesson_from_the_same_text_conflict_but_one(app) -> None:  # noqa: ANN001
    authors = setup_authors()
    with committed_session() as session:
        course = session.scalar(sa.select(Course).where(Course.slug == "testkurs"))
        base = text_hash(service.working_files(session, course)[lesson_path("erste-lektion", "en")])
    results = save_at_once(authors, {a: ("erste-lektion", base) for a in authors})
    saved = [a for a, r in results.items() if isinstance(r, service.Saved)]
    assert len(results) == AUTHORS and len(saved) == 1
    with committed_session() as session:
        course = session.scalar(sa.select(Course).where(Course.slug == "testkurs"))
        text = service.working_files(session, course)[lesson_path("erste-lektion", "en")]
    assert f"## Von {saved[0]}" in text


def test_saves_of_different_lessons_all_land(app) -> None:  # noqa: ANN001
    authors = setup_authors()[:2]
    with committed_session() as session:
        course = session.scalar(sa.select(Course).where(Course.slug == "testkurs"))
        files = service.working_files(session, course)
    target = {
        author: (lesson, text_hash(files[lesson_path(lesson, "en")]))
        for author, lesson in zip(authors, ("erste-lektion", "zweite-lektion"), strict=True)
    }
    results = save_at_once(authors, target)
    assert all(isinstance(r, service.Saved) for r in results.values())
    with committed_session() as session:
        course = session.scalar(sa.select(Course).where(Course.slug == "testkurs"))
        files = service.working_files(session, course)
    for author, (lesson, _) in target.items():
        assert f"## Von {author}" in files[lesson_path(lesson, "en")]
