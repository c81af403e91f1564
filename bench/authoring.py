"""Time the authoring pages on the largest shipped course: each page runs the content check
of the whole course (the parsers of `qualify content check`, readability included), so
these are the slowest pages an author sees. Also times a save, the live preview and a
publish (parse, upsert, version).

Prints one line per step: `<step> ms=<T>` (median of 5; a publish once, after one save).

Run: .venv/bin/python bench/authoring.py   (a throw-away SQLite database)
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PASSWORD = "bench-password-123"  # noqa: S105 (a throw-away database)


def largest_course() -> tuple[str, str]:
    """The course with the most lesson text, and its first lesson."""
    sizes = {
        folder.name: sum(p.stat().st_size for p in (folder / "lessons").glob("*.md"))
        for folder in (REPO / "course_content").iterdir()
        if folder.is_dir()
    }
    course = max(sizes, key=sizes.get)
    first = sorted((REPO / "course_content" / course / "lessons").glob("*.de.md"))[0]
    return course, first.name.removesuffix(".de.md")


def median_ms(step) -> float:  # noqa: ANN001
    times = []
    for _ in range(5):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    os.environ["QUALIFY_INSTANCE_PATH"] = str(tmp)
    url = f"sqlite:///{tmp / 'bench.sqlite3'}"
    from qualify import create_app
    from qualify.accounts.models import User
    from qualify.accounts.passwords import hash_password
    from qualify.content import import_content, load_content
    from qualify.extensions import db
    from qualify.migrations import upgrade

    upgrade(url)
    app = create_app({"DATABASE_URL": url, "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False})
    with app.app_context():
        import_content(db.session, load_content(REPO / "course_content", REPO / "certificates"))
        admin = User(email="admin@bench.example", name="Ada", role="admin",
                     password_hash=hash_password(PASSWORD))  # fmt: skip
        db.session.add(admin)
        db.session.commit()
    course, lesson = largest_course()
    editor = f"/trainer/authoring/{course}/lessons/{lesson}/de"
    client = app.test_client()
    client.post("/login", data={"email": "admin@bench.example", "password": PASSWORD})
    text = client.get(editor).get_data(as_text=True)
    markdown = text.split('name="markdown"', 1)[1].split(">", 1)[1].split("</textarea>", 1)[0]
    pages = {
        "course-overview": f"/trainer/authoring/{course}/",
        "lesson-editor": editor,
        "quiz-list": f"/trainer/authoring/{course}/quiz/",
        "lesson-history": editor + "/history",
    }
    print(f"course={course} lesson={lesson}")
    for name, path in pages.items():
        assert client.get(path).status_code == 200, path
        print(f"{name} ms={median_ms(lambda path=path: client.get(path)):.0f}")
    preview = f"/trainer/authoring/{course}/preview"
    typed = {"markdown": markdown}
    print(f"live-preview ms={median_ms(lambda: client.post(preview, data=typed)):.0f}")
    with app.app_context():
        from qualify.authoring.drafts import lesson_path, text_hash
        from qualify.authoring.service import working_files
        from qualify.courses.models import Course

        row = db.session.query(Course).filter_by(slug=course).one()
        base = text_hash(working_files(db.session, row)[lesson_path(lesson, "de")])
    form = {"title": "Titel", "minutes": "30", "sources": "Quelle, 2026",
            "markdown": markdown + "\n\nNoch ein Satz.", "base": base, "save": "1"}  # fmt: skip
    start = time.perf_counter()
    assert client.post(editor, data=form).status_code == 302
    print(f"save ms={(time.perf_counter() - start) * 1000:.0f}")
    start = time.perf_counter()
    assert (
        client.post(f"/trainer/authoring/{course}/publish", data={"note": "b"}).status_code == 302
    )
    print(f"publish ms={(time.perf_counter() - start) * 1000:.0f}")


if __name__ == "__main__":
    main()
