"""A cohort's in-person workshops: add a session, record who attended it.

Blueprint `workshops` under /trainer/cohorts/<cohort_id>/workshops. Only the cohort's
trainers and admins reach it (get_cohort_or_404); a session of another cohort is 404.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date, format_decimal, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from qualify.accounts.models import User
from qualify.accounts.permissions import Permission, require_permission
from qualify.certificates.notices import award_and_tell
from qualify.cohorts.lookups import get_cohort_or_404
from qualify.cohorts.models import Cohort, Workshop
from qualify.extensions import db
from qualify.learners import attendance, cohort_pages
from qualify.learners.attendance_sheet import AttendanceSheet, SheetRow, render_attendance_sheet
from qualify.learners.cohort_pages import CohortPage
from qualify.learners.cohort_views import actor, cohort_labels
from qualify.learners.workshop_forms import ABSENT, PARTLY, WHOLE, AttendanceForm, WorkshopForm

bp = Blueprint(
    "workshops",
    __name__,
    template_folder="templates",
    url_prefix="/trainer/cohorts/<id:cohort_id>/workshops",
)

bp.context_processor(cohort_labels)

REFUSALS = {
    "ends_before_start": _l("The workshop must end after it starts."),
    "not_a_member": _l("This person is not in the group."),
    "too_many_hours": _l("Please check the hours: nobody can be present longer than the workshop."),
}


@bp.route("")
@require_permission(Permission.MANAGE_COHORTS)
def index(cohort_id: int) -> str:
    return render_workshops_page(get_cohort_or_404(cohort_id))


@bp.route("", methods=["POST"])
@require_permission(Permission.MANAGE_COHORTS)
def add(cohort_id: int) -> str | Response:
    cohort = get_cohort_or_404(cohort_id)
    form = WorkshopForm()
    if form.validate_on_submit():
        try:
            workshop = attendance.add_workshop(db.session, cohort, facts_of(form), actor())
        except attendance.AttendanceError as refusal:
            form.ends_at.errors.append(str(REFUSALS[refusal.code]))
        else:
            flash(_("The workshop is added."), "success")
            return redirect(url_for(".workshop", cohort_id=cohort.id, workshop_id=workshop.id))
    return render_workshops_page(cohort, form)


def render_workshops_page(cohort: Cohort, form: WorkshopForm | None = None) -> str:
    """The cohort's sessions with how many were present, and the form to add one."""
    return render_template(
        "learners/workshops.html",
        cohort=cohort,
        workshops=attendance.workshops_of(db.session, cohort),
        participants=len(cohort.members),
        workshop_form=form or WorkshopForm(formdata=None),
    )


@bp.route("/<id:workshop_id>", methods=["GET", "POST"])
@require_permission(Permission.MANAGE_COHORTS)
def workshop(cohort_id: int, workshop_id: int) -> str | Response:
    cohort = get_cohort_or_404(cohort_id)
    held = get_workshop_or_404(cohort, workshop_id)
    form, page = AttendanceForm(), cohort_pages.cohort_page(db.session, cohort)
    user_ids = [p.user.id for p in page.participants]
    hours_by_user, errors = form.read(request.form, user_ids, held.hours)
    if form.validate_on_submit() and not errors:
        try:
            awarded = attendance.record_attendance(
                db.session, cohort, held, hours_by_user, actor(), award=award_and_tell
            )
        except attendance.AttendanceError as refusal:
            db.session.rollback()
            errors = {refusal.user_id or 0: str(REFUSALS[refusal.code])}
        else:
            flash(_("The attendance is saved."), "success")
            if awarded:
                flash(_("Certificates issued: %(count)s", count=len(awarded)), "success")
            return redirect(url_for(".workshop", cohort_id=cohort.id, workshop_id=held.id))
    rows = _rows(held, user_ids, request.form if form.is_submitted() else None)
    return render_template(
        "learners/workshop.html", page=page, workshop=held, form=form, rows=rows, errors=errors
    )


@bp.route("/<id:workshop_id>/sheet.pdf")
@require_permission(Permission.MANAGE_COHORTS)
def sheet(cohort_id: int, workshop_id: int) -> Response:
    """The session's attendance sheet to print and sign (personal data: never cached)."""
    cohort = get_cohort_or_404(cohort_id)
    held = get_workshop_or_404(cohort, workshop_id)
    page = cohort_pages.cohort_page(db.session, cohort)
    trainers = cohort_pages.workshop_trainers(db.session, held, page)
    pdf = render_attendance_sheet(sheet_document(page, held, trainers, str(get_locale())))
    filename = f"attendance-{held.held_on.isoformat()}-{held.id}.pdf"
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )


def sheet_document(
    page: CohortPage, held: Workshop, trainers: list[User], locale: str
) -> AttendanceSheet:
    """The sheet's texts in the reader's language; invited people without a name yet are
    listed by their e-mail address."""
    trainer_names = ", ".join(t.name or t.email for t in trainers)
    date = format_date(held.held_on, "full")
    hours = _("%(hours)s hours", hours=format_decimal(held.hours, "0.##"))
    return AttendanceSheet(
        language=locale,
        heading=_("Attendance list"),
        facts=(
            (_("Group"), page.cohort.name),
            (_("Qualification"), page.qualification.title_in(locale)),
            (_("Workshop"), held.title),
            (_("Date"), date),
            (_("Time"), f"{held.starts_at:%H:%M} – {held.ends_at:%H:%M} ({hours})"),
            (_("Place"), held.place),
            (_("Trainers") if len(trainers) > 1 else _("Trainer"), trainer_names),
        ),
        note=_("With my signature I confirm that I took part in this workshop."),
        number_label=_("No."),
        name_label=_("Name"),
        organisation_label=_("Organisation"),
        signature_label=_("Signature"),
        rows=tuple(
            SheetRow(p.user.name or p.user.email, p.member.organisation or "")
            for p in page.participants
        ),
        trainer_heading=_("Confirmed by the trainer"),
        place_date_label=_("Place, date"),
        trainer_signature_label=_("Signature of the trainer (%(name)s)", name=trainer_names),
        page_label=_("Page %(page)s of %(pages)s", page="{page}", pages="{pages}"),
        running_head=f"{held.title} · {date} · {page.cohort.name}",
        created_on=held.held_on,
    )


def get_workshop_or_404(cohort: Cohort, workshop_id: int) -> Workshop:
    workshop = attendance.workshop_of(db.session, cohort, workshop_id)
    if workshop is None:
        abort(404)
    return workshop


def facts_of(form: WorkshopForm) -> attendance.WorkshopFacts:
    return attendance.WorkshopFacts(
        title=form.title.data,
        held_on=form.held_on.data,
        starts_at=form.starts_at.data,
        ends_at=form.ends_at.data,
        place=form.place.data,
    )


def _rows(workshop: Workshop, user_ids: list[int], typed: Any) -> dict[int, tuple[str, str]]:
    """Each participant's choice and hours: as typed, or as recorded before."""
    if typed is not None:
        return {u: (typed.get(f"mark-{u}", ABSENT), typed.get(f"hours-{u}", "")) for u in user_ids}
    recorded = {a.user_id: a.hours for a in workshop.attendances}
    rows = {}
    for user_id in user_ids:
        hours = recorded.get(user_id)
        if hours is None:
            rows[user_id] = (ABSENT, "")
        else:
            rows[user_id] = (WHOLE if hours >= workshop.hours else PARTLY, f"{hours:g}")
    return rows
