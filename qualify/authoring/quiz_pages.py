"""How the quiz editor's views answer: the pages they render and what they say after a
save (saved, refused with the check's errors, or someone else's change shown beside yours).
Web layer: used by quiz_views only."""

from __future__ import annotations

from typing import Any, NamedTuple

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from qualify.assessment.questiontypes import QUESTION_TYPES
from qualify.assessment.questiontypes.editing import editor_rows
from qualify.authoring.quiz_forms import (
    GiftConfirmForm,
    GiftUploadForm,
    QuestionForm,
    SettingsForm,
)
from qualify.authoring.quiz_gift import GiftPreview
from qualify.authoring.quizdoc import mapping_hash, question_yaml, settings_values
from qualify.authoring.quizzes import Clash, Outcome, QuizDraft, Refused, quiz_draft
from qualify.authoring.service import Saved
from qualify.core.contentfile import EXPECTED_LOCALES, Problem
from qualify.core.contentwrite import dump_yaml
from qualify.core.locales import isolated
from qualify.courses.models import Course
from qualify.extensions import db

TYPE_LABELS = {
    "single_choice": _l("Single choice"),
    "multiple_choice": _l("Multiple choice"),
    "true_false": _l("True or false"),
    "numeric": _l("Number"),
    "short_text": _l("Short text"),
    "matching": _l("Matching"),
    "ordering": _l("Ordering"),
    "cloze": _l("Cloze (fill in the gaps)"),
    "essay": _l("Essay (graded by a trainer)"),
}


class GiftUpload(NamedTuple):
    """An uploaded GIFT file on its way from the preview to the import."""

    text: str
    name: str
    language: str
    mode: str


def type_label(name: str) -> str:
    return str(TYPE_LABELS.get(name, name))


def quiz_page(course: Course, draft: QuizDraft, gift_form: GiftUploadForm) -> str:
    return render_template(
        "authoring/quiz.html",
        course=course,
        draft=draft,
        errors=[p for p in draft.problems if p.severity == "error"],
        types=list(QUESTION_TYPES),
        type_label=type_label,
        gift_form=gift_form,
        mapping_hash=mapping_hash,
    )


def editor_page(
    course: Course,
    form: QuestionForm,
    type_name: str,
    question_id: str | None,
    values: dict[str, str],
    base: str,
    problems: list[Problem] | None = None,
    clash: tuple[str, str] | None = None,
) -> str:
    form.base.data = base
    return render_template(
        "authoring/quiz_question.html",
        course=course,
        form=form,
        type_name=type_name,
        type_label=type_label(type_name),
        question_id=question_id,
        values=values,
        rows=editor_rows,
        locales=EXPECTED_LOCALES,
        problems=problems or [],
        clash=clash,
    )


def after_question(
    course: Course,
    form: QuestionForm,
    type_name: str,
    question_id: str | None,
    values: dict[str, str],
    source: dict[str, Any],
    outcome: Outcome,
) -> str | Response:
    """Saved: back to the list. Refused: the editor again with what was typed and why.
    Clash: their question and yours side by side; saving again then keeps yours."""
    if isinstance(outcome, Saved):
        flash(
            _("The question %(id)s is saved in the draft.", id=isolated(source.get("id", ""))),
            "success",
        )
        return redirect(url_for(".questions", slug=course.slug, _anchor=f"q-{source.get('id')}"))
    if isinstance(outcome, Refused):
        return editor_page(
            course, form, type_name, question_id, values, form.base.data, outcome.problems
        )
    clash = (question_yaml(outcome.theirs), question_yaml(source))
    return editor_page(
        course, form, type_name, question_id, values, mapping_hash(outcome.theirs), clash=clash
    )


def settings_page(
    course: Course,
    draft: QuizDraft,
    form: SettingsForm,
    problems: list[Problem] | None = None,
    clash: tuple[str, str] | None = None,
) -> str:
    if draft.doc is not None and not form.is_submitted():
        form.process(data={**settings_values(draft.doc.settings), "base": ""})
        form.base.data = mapping_hash(draft.doc.settings)
    return render_template(
        "authoring/quiz_settings.html",
        course=course,
        form=form,
        unreadable=draft.doc is None,
        problems=problems or [],
        clash=clash,
    )


def after_settings(course: Course, form: SettingsForm, outcome: Outcome) -> str | Response:
    if isinstance(outcome, Saved):
        flash(_("The quiz settings are saved in the draft."), "success")
        return redirect(url_for(".questions", slug=course.slug))
    draft = quiz_draft(db.session, course)
    if isinstance(outcome, Refused):
        return settings_page(course, draft, form, outcome.problems)
    form.base.data = mapping_hash(outcome.theirs)
    yours = {k: v for k, v in form.data.items() if k not in ("base", "csrf_token") and v}
    return settings_page(course, draft, form, clash=(dump_yaml(outcome.theirs), dump_yaml(yours)))


def flash_outcome(outcome: Outcome, saved: str) -> None:
    if isinstance(outcome, Saved):
        flash(saved, "success")
    elif isinstance(outcome, Clash):
        flash(
            _(
                "Someone else changed this question in the meantime. Nothing was changed: "
                "please look at it again."
            ),
            "error",
        )
    else:
        flash(_("Nothing was changed: the quiz would have errors."), "error")
        for problem in outcome.problems:
            flash(problem.localized(_), "error")


def gift_page(
    course: Course,
    preview: GiftPreview | None,
    problems: list[Problem],
    upload: GiftUpload,
    changed: bool = False,
) -> str:
    """The problems of an uploaded file with their lines, or a preview and the button that
    imports it (carrying the file, checked again on import)."""
    plan = preview.plan if preview else None
    confirm = None
    if preview is not None and preview.plan.refusal is None:
        confirm = GiftConfirmForm(formdata=None, **upload._asdict(), base=preview.base)
    return render_template(
        "authoring/quiz_gift.html",
        course=course,
        preview=preview,
        problems=problems + (list(plan.problems) if plan else []),
        confirm=confirm,
        changed=changed,
        type_label=type_label,
    )


def after_gift(
    course: Course, form: GiftConfirmForm, result: Saved | GiftPreview
) -> str | Response:
    if isinstance(result, Saved):
        flash(_("The questions from the file are in the draft."), "success")
        return redirect(url_for(".questions", slug=course.slug))
    upload = GiftUpload(form.text.data, form.name.data, form.language.data, form.mode.data)
    return gift_page(course, result, [], upload, changed=True)
