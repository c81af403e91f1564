"""Trainers run their groups (cohorts): create one, change it, add and remove participants.

Blueprint `cohorts` under /trainer/cohorts. A trainer sees and changes only the cohorts
they train (get_cohort_or_404 answers 404 for another's); admins see all of them and choose
the trainers.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from qualify.accounts.mails import AccountMails, site_url
from qualify.accounts.models import Role
from qualify.accounts.permissions import Permission, require_permission
from qualify.cohorts import service
from qualify.cohorts.lookups import get_cohort_or_404
from qualify.cohorts.models import Cohort, CohortState
from qualify.cohorts.places import ONLINE
from qualify.core.clock import utcnow
from qualify.core.locales import isolated
from qualify.extensions import db
from qualify.learners import cohort_pages
from qualify.learners.cohort_forms import CohortForm, ExtraTimeForm, MemberForm, TrainersForm
from qualify.learners.roster_forms import RosterUploadForm
from qualify.web.forms import Form
from qualify.web.i18n import site_today

bp = Blueprint("cohorts", __name__, template_folder="templates", url_prefix="/trainer/cohorts")

REFUSALS = {
    "full": _l("The group is full. Raise the number of places first."),
    "already_member": _l("This person is in the group already."),
    "not_a_learner": _l("Only active learner accounts can join a group."),
    "not_a_member": _l("This person is not in the group."),
    "capacity_below_members": _l("The group has more participants than that."),
    "no_trainer": _l("A group needs at least one trainer."),
    "not_a_trainer": _l("Only accounts with the trainer role can train a group."),
    "ends_before_start": _l("The last day cannot be before the first day."),
    "not_positive": _l("Please enter numbers of 1 or more."),
    "bad_name": _l("Please check the e-mail address."),
    "email_taken": _l("This person is in the group already."),
}


STATE_LABELS = {
    CohortState.PLANNED: _l("planned"),
    CohortState.RUNNING: _l("running"),
    CohortState.FINISHED: _l("finished"),
}


@bp.context_processor
def cohort_labels() -> dict[str, Any]:
    return {
        "state_label": lambda state: str(STATE_LABELS[state]),
        "place_label": lambda place: str(_l("Online")) if place == ONLINE else place,
    }


def actor() -> service.Actor:
    return service.Actor(current_user._get_current_object(), request.remote_addr, utcnow())


def cohort_form(**kwargs: Any) -> CohortForm:
    choices = cohort_pages.qualification_choices(db.session, str(get_locale()))
    return CohortForm(qualifications=choices, **kwargs)


def facts_of(form: CohortForm) -> service.CohortFacts:
    return service.CohortFacts(
        name=form.name.data.strip(),
        qualification_id=form.qualification.data,
        starts_on=form.starts_on.data,
        ends_on=form.ends_on.data,
        place=form.place.data,
        capacity=form.capacity.data,
        at_risk_days=form.at_risk_days.data,
    )


@bp.route("/")
@require_permission(Permission.MANAGE_COHORTS)
def index() -> str:
    cohorts = service.cohorts_for(db.session, current_user._get_current_object())
    titles = cohort_pages.qualification_titles(db.session, str(get_locale()))
    today = site_today()
    return render_template("learners/cohorts.html", cohorts=cohorts, titles=titles, today=today)


@bp.route("/new", methods=["GET", "POST"])
@require_permission(Permission.MANAGE_COHORTS)
def create() -> str | Response:
    form = cohort_form()
    if form.validate_on_submit():
        try:
            cohort = service.create_cohort(db.session, facts_of(form), actor())
        except service.CohortError as refusal:
            form.name.errors.append(str(REFUSALS[refusal.code]))
        else:
            flash(_("The group %(name)s is created.", name=isolated(cohort.name)), "success")
            return redirect(url_for("cohorts.cohort", cohort_id=cohort.id))
    return render_template("learners/cohort_form.html", form=form, cohort=None)


@bp.route("/<id:cohort_id>")
@require_permission(Permission.MANAGE_COHORTS)
def cohort(cohort_id: int) -> str:
    return render_cohort_page(get_cohort_or_404(cohort_id), member_form=MemberForm())


@bp.route("/<id:cohort_id>/edit", methods=["GET", "POST"])
@require_permission(Permission.MANAGE_COHORTS)
def edit(cohort_id: int) -> str | Response:
    cohort = get_cohort_or_404(cohort_id)
    form = cohort_form(obj=_form_values(cohort))
    if form.validate_on_submit():
        try:
            service.change_cohort(db.session, cohort, facts_of(form), actor())
        except service.CohortError as refusal:
            form.capacity.errors.append(str(REFUSALS[refusal.code]))
        else:
            flash(_("The group is saved."), "success")
            return redirect(url_for("cohorts.cohort", cohort_id=cohort.id))
    return render_template("learners/cohort_form.html", form=form, cohort=cohort)


@bp.route("/<id:cohort_id>/trainers", methods=["POST"])
@require_permission(Permission.MANAGE_USERS)
def set_trainers(cohort_id: int) -> Response:
    cohort = get_cohort_or_404(cohort_id)
    form = TrainersForm(trainers=cohort_pages.trainer_choices(db.session))
    if form.validate_on_submit():
        return _act(
            cohort,
            _("The trainers are saved."),
            lambda: service.set_trainers(db.session, cohort, form.trainers.data, actor()),
        )
    flash(str(REFUSALS["no_trainer"]), "error")
    return redirect(url_for("cohorts.cohort", cohort_id=cohort.id))


@bp.route("/<id:cohort_id>/participants", methods=["POST"])
@require_permission(Permission.MANAGE_COHORTS)
def add_member(cohort_id: int) -> str | Response:
    cohort = get_cohort_or_404(cohort_id)
    form = MemberForm()
    if form.validate_on_submit():
        try:
            user = service.add_member(
                db.session,
                cohort,
                email=form.email.data,
                organisation=form.organisation.data or "",
                mails=AccountMails(),
                actor=actor(),
            )
        except service.CohortError as refusal:
            db.session.rollback()
            form.email.errors.append(str(REFUSALS.get(refusal.code, REFUSALS["bad_name"])))
        else:
            flash(_("%(email)s is now in the group.", email=isolated(user.email)), "success")
            return redirect(url_for("cohorts.cohort", cohort_id=cohort.id))
    return render_cohort_page(cohort, member_form=form)


@bp.route("/<id:cohort_id>/join-link", methods=["POST"])
@require_permission(Permission.MANAGE_COHORTS)
def new_join_link(cohort_id: int) -> Response:
    cohort = get_cohort_or_404(cohort_id)
    if Form().validate_on_submit():
        service.new_join_link(db.session, cohort, actor())
        flash(_("There is a new link to join the group. The old link no longer works."), "success")
    return redirect(url_for("cohorts.cohort", cohort_id=cohort.id))


@bp.route("/<id:cohort_id>/participants/<id:user_id>/remove", methods=["POST"])
@require_permission(Permission.MANAGE_COHORTS)
def remove_member(cohort_id: int, user_id: int) -> Response:
    cohort = get_cohort_or_404(cohort_id)
    if not Form().validate_on_submit():
        return redirect(url_for("cohorts.cohort", cohort_id=cohort.id))
    return _act(
        cohort,
        _("The participant has left the group."),
        lambda: service.remove_member(db.session, cohort, user_id, actor()),
    )


@bp.route("/<id:cohort_id>/participants/<id:user_id>/extra-time", methods=["POST"])
@require_permission(Permission.MANAGE_COHORTS)
def set_extra_time(cohort_id: int, user_id: int) -> Response:
    cohort = get_cohort_or_404(cohort_id)
    form = ExtraTimeForm(prefix=f"u{user_id}")
    if not form.validate_on_submit():
        flash(_("Please choose the extra time from the list."), "error")
        return redirect(url_for("cohorts.cohort", cohort_id=cohort.id))
    percent = form.extra_time_percent.data
    return _act(
        cohort,
        _("The extra time is saved. It applies to quizzes started from now on."),
        lambda: service.set_extra_time(db.session, cohort, user_id, percent, actor()),
    )


def extra_time_forms(page: cohort_pages.CohortPage) -> dict[int, ExtraTimeForm]:
    """One small form per participant, each with its own field names and ids."""
    return {
        p.user.id: ExtraTimeForm(
            prefix=f"u{p.user.id}",
            formdata=None,
            data={"extra_time_percent": p.user.extra_time_percent},
        )
        for p in page.participants
    }


def render_cohort_page(cohort: Cohort, member_form: MemberForm | None = None) -> str:
    """The cohort's page with its participants; admins also get the form that chooses its
    trainers."""
    page = cohort_pages.cohort_page(db.session, cohort)
    trainers = None
    if current_user.role == Role.ADMIN:
        chosen = [t.id for t in page.trainers]
        choices = cohort_pages.trainer_choices(db.session)
        trainers = TrainersForm(trainers=choices, data={"trainers": chosen})
    return render_template(
        "learners/cohort.html",
        page=page,
        today=site_today(),
        member_form=member_form or MemberForm(formdata=None),
        action_form=Form(),
        trainers_form=trainers,
        roster_form=RosterUploadForm(),
        join_link=_join_link(cohort),
        extra_time=extra_time_forms(page),
    )


def _join_link(cohort: Cohort) -> str | None:
    """The link to share while it works, absolute (it is sent around by mail and chat)."""
    if cohort.join_token is None or cohort.join_expires_at is None:
        return None
    if cohort.join_expires_at <= utcnow():
        return None
    return site_url("join.join", token=cohort.join_token)


def _act(cohort: Cohort, done: str, action: Any) -> Response:
    try:
        action()
    except service.CohortError as refusal:
        db.session.rollback()
        flash(str(REFUSALS[refusal.code]), "error")
    else:
        flash(done, "success")
    return redirect(url_for("cohorts.cohort", cohort_id=cohort.id))


def _form_values(cohort: Cohort) -> SimpleNamespace:
    """The cohort as the form's object (the form calls its qualification differently)."""
    return SimpleNamespace(
        name=cohort.name,
        qualification=cohort.qualification_id,
        starts_on=cohort.starts_on,
        ends_on=cohort.ends_on,
        place=cohort.place,
        capacity=cohort.capacity,
        at_risk_days=cohort.at_risk_days,
    )
