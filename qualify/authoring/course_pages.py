"""What the course pages show and how their forms turn into the service's values: the
forms filled from the draft's files, the draft check's problems of one file, and the other
author's version after a conflict."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from qualify.authoring.course_forms import CourseSettingsForm, GlossaryForm, NewCourseForm
from qualify.authoring.coursemeta import (
    CONTENT_LOCALES,
    lesson_title,
    read_course_meta,
    read_glossary,
)
from qualify.authoring.courses import CourseSettings, NewCourse
from qualify.authoring.drafts import DraftCheck, lesson_path, text_hash
from qualify.authoring.service import Conflict, check_working_files, working_files
from qualify.core.contentfile import Problem
from qualify.courses.coursefile import COURSE_FILE, GLOSSARY_FILE
from qualify.courses.models import Course


def new_course(form: NewCourseForm) -> NewCourse:
    return NewCourse(
        id=form.course_id.data,
        title=form.title.data,
        summary=form.summary.data,
        lesson_id=form.lesson_id.data,
        lesson_title=form.lesson_title.data,
    )


def fill_settings(session: Session, course: Course, form: CourseSettingsForm) -> None:
    text = working_files(session, course).get(COURSE_FILE)
    meta = read_course_meta(text)
    data: dict[str, Any] = {
        "base": text_hash(text),
        "duration_minutes": meta.duration_minutes,
        "lessons": [
            {"lesson": lesson, "position": number}
            for number, lesson in enumerate(meta.lessons, start=1)
        ],
    }
    for locale in CONTENT_LOCALES:
        data[f"title_{locale}"] = meta.title.get(locale, "")
        data[f"summary_{locale}"] = meta.summary.get(locale, "")
        data[f"objectives_{locale}"] = "\n".join(meta.objectives.get(locale, ()))
    form.process(data=data)


def settings_of(form: CourseSettingsForm) -> CourseSettings:
    return CourseSettings(
        title=form.texts("title"),
        summary=form.texts("summary"),
        objectives=form.objectives(),
        duration_minutes=form.duration_minutes.data,
        positions=form.positions(),
        new_lesson=form.new_lesson(),
    )


def fill_glossary(session: Session, course: Course, form: GlossaryForm) -> None:
    text = working_files(session, course).get(GLOSSARY_FILE)
    rows = [
        {
            "term_id": term.id,
            **{f"term_{loc}": term.term.get(loc, "") for loc in CONTENT_LOCALES},
            **{f"definition_{loc}": term.definition.get(loc, "") for loc in CONTENT_LOCALES},
        }
        for term in read_glossary(text)
    ]
    form.process(data={"base": text_hash(text), "terms": [*rows, {}]})  # {}: a new term


def file_problems(check: DraftCheck, course_id: str, path: str) -> list[Problem]:
    """The problems the draft check found in one file of the course. Matched by the end of
    the path: the check names files inside the temporary folder it reads the draft from."""
    shown = f"{course_id}/{path}"
    return [p for p in check.problems if p.path == shown or p.path.endswith(f"/{shown}")]


def after_conflict(
    form: CourseSettingsForm | GlossaryForm, conflict: Conflict, path: str
) -> dict[str, str | None]:
    """The other author's files; the form now starts from their version of `path`, so
    saving again (after reading both) replaces it with what was typed."""
    if path in conflict.theirs:
        form.base.data = text_hash(conflict.theirs[path])
    return conflict.theirs


def settings_page(
    session: Session,
    course: Course,
    form: CourseSettingsForm,
    theirs: dict[str, str | None] | None,
) -> dict[str, Any]:
    files = working_files(session, course)
    titles = {
        entry.lesson.data: lesson_title(files.get(lesson_path(entry.lesson.data or "", "de")))
        for entry in form.lessons
    }
    return {
        "course": course,
        "form": form,
        "locales": CONTENT_LOCALES,
        "titles": titles,
        "problems": file_problems(check_working_files(session, course), course.slug, COURSE_FILE),
        "theirs": theirs,
    }


def glossary_page(
    session: Session,
    course: Course,
    form: GlossaryForm,
    theirs: dict[str, str | None] | None,
) -> dict[str, Any]:
    return {
        "course": course,
        "form": form,
        "locales": CONTENT_LOCALES,
        "problems": file_problems(check_working_files(session, course), course.slug, GLOSSARY_FILE),
        "theirs": theirs,
    }
