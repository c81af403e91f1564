"""The cohort's progress and attendance as tables of words and numbers in the reader's
language: the page shows them and the CSV and XLSX downloads are written from them, so
screen and file always agree (tests/cohorts/test_progress.py checks it)."""

from __future__ import annotations

from flask_babel import format_percent
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from qualify.core.tables import Table
from qualify.learners.progress_matrix import CourseCell, CourseState, MatrixRow, QualificationState
from qualify.learners.progress_service import CohortAttendance, CohortProgress

QUALIFICATION_STATES = {
    QualificationState.NOT_STARTED: _l("not started"),
    QualificationState.IN_PROGRESS: _l("in progress"),
    QualificationState.COMPLETE: _l("all requirements met"),
    QualificationState.CERTIFIED: _l("certificate issued"),
}

FIXED_COLUMNS = 6  # name, e-mail, organisation, qualification, last activity, at risk


def percent(value: float) -> str:
    return format_percent(round(value) / 100)


def cell_text(cell: CourseCell, minimum: int | None) -> str:
    """What a course cell says, in words (colour on the page only repeats it). The percent
    is the quiz score once graded, else the share of lessons done (the page's caption says so)."""
    if cell.state is CourseState.PASSED and cell.score is not None:
        if cell.below_minimum and minimum is not None:
            return _(
                "passed, %(score)s (the qualification needs %(minimum)s)",
                score=percent(cell.score),
                minimum=percent(minimum),
            )
        return _("passed, %(score)s", score=percent(cell.score))
    if cell.state is CourseState.FAILED and cell.score is not None:
        return _("not passed, %(score)s", score=percent(cell.score))
    if cell.state is CourseState.IN_PROGRESS:
        return _("started, %(percent)s", percent=percent(cell.percent))
    return _("not started")


def matrix_table(progress: CohortProgress, rows: list[MatrixRow], title: str) -> Table:
    """One row per participant. Cells repeat (a group has few distinct scores), so each
    text is translated once: 2,000 participants x 8 courses would otherwise spend seconds
    in gettext and number formatting."""
    texts: dict[tuple[CourseCell, int | None], str] = {}

    def text(cell: CourseCell, minimum: int | None) -> str:
        key = (cell, minimum)
        if key not in texts:
            texts[key] = cell_text(cell, minimum)
        return texts[key]

    states = {state: str(label) for state, label in QUALIFICATION_STATES.items()}
    at_risk = _("at risk")
    header = (
        _("Name"),
        _("E-mail address"),
        _("Organisation"),
        _("Qualification"),
        _("Last activity"),
        _("At risk"),
        *(course.title for course in progress.courses),
        _("Workshop hours done"),
        _("Workshop hours required"),
    )
    body = tuple(
        (
            row.facts.name,
            row.facts.email,
            row.facts.organisation,
            states[row.state],
            row.facts.last_activity.date() if row.facts.last_activity else None,
            at_risk if row.at_risk else "",
            *(
                text(cell, course.min_percent)
                for cell, course in zip(row.cells, progress.courses, strict=True)
            ),
            row.facts.hours,
            row.hours_due,
        )
        for row in rows
    )
    return Table(title, header, body)


def attendance_table(attendance: CohortAttendance, title: str) -> Table:
    """Participants down, sessions across, hours present in each cell (empty: absent)."""
    header = (
        _("Name"),
        _("E-mail address"),
        *(f"{w.held_on.isoformat()} {w.title}" for w in attendance.workshops),
        _("Hours in total"),
    )
    body = []
    for user_id, name, email in attendance.participants:
        hours = [attendance.hours.get((user_id, w.id)) for w in attendance.workshops]
        body.append((name, email, *hours, sum(h for h in hours if h is not None)))
    return Table(title, header, tuple(body))
