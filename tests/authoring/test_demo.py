"""`qualify demo authoring`: the demo trainer gets two courses to edit, once."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from qualify.authoring.models import CourseAuthor
from tests.test_cli import invoke


def test_the_demo_trainer_may_edit_two_courses(
    runner, session: Session, imported_content: None
) -> None:  # noqa: ANN001
    assert invoke(runner, "demo", "authoring").exit_code == 1  # no demo accounts yet
    assert invoke(runner, "demo", "setup").exit_code == 0
    first = invoke(runner, "demo", "authoring")
    assert first.exit_code == 0 and "The demo trainer may edit: testkurs" in first.output
    assert invoke(runner, "demo", "authoring").exit_code == 0  # again: nothing changes
    assert session.scalar(sa.select(sa.func.count(CourseAuthor.id))) == 1
