"""User administration and the audit log (blueprint `admin`, under /admin, admins only).

Each action is a POST with CSRF that calls one account service; the service writes the
change and its audit entry in one transaction. The client's address comes from here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from qualify.accounts import lifecycle
from qualify.accounts import service as accounts
from qualify.accounts.directory import UserFilters, UserStatus, find_users, status_of
from qualify.accounts.lookups import get_user_or_404
from qualify.accounts.mails import AccountMails
from qualify.accounts.models import Role, User
from qualify.accounts.permissions import Permission, require_permission
from qualify.admin import labels
from qualify.admin import service as admin
from qualify.admin.forms import (
    ActionForm,
    AuditFilterForm,
    DeleteForm,
    InviteForm,
    RevokeCertificateForm,
    RoleForm,
    UserFilterForm,
)
from qualify.audit.actions import AuditAction
from qualify.audit.service import EventFilters
from qualify.certificates import service as certificates
from qualify.certificates.codes import format_code
from qualify.certificates.listing import certificates_of
from qualify.certificates.status_labels import STATUS_LABELS as CERTIFICATE_STATUS_LABELS
from qualify.core.clock import utcnow
from qualify.core.locales import isolated
from qualify.extensions import db
from qualify.privacy import deletion
from qualify.privacy.forms import REVOKE
from qualify.web.forms import Form
from qualify.web.i18n import site_zone

bp = Blueprint("admin", __name__, template_folder="templates", url_prefix="/admin")

REFUSALS = {
    "own_role": _l("You cannot remove your own administrator role."),
    "not_invited": _l("This person has accepted the invitation already."),
    "last_admin": _l(
        "This is the last administrator account. Make someone else an administrator first."
    ),
    "already_deleted": _l("This account is deleted."),
    "own_account": _l("You cannot deactivate your own account."),
    "deleted": _l("This account is deleted."),
    "deactivated": _l("This account is deactivated. Reactivate it first."),
}


@bp.context_processor
def label_helpers() -> dict[str, Any]:
    return {
        "role_labels": labels.ROLE_LABELS,
        "status_labels": labels.STATUS_LABELS,
        "status_of": status_of,
        "action_label": labels.action_label,
        "subject_label": labels.subject_label,
        "detail_lines": labels.detail_lines,
        "certificate_status_labels": CERTIFICATE_STATUS_LABELS,
        "format_code": format_code,
    }


def page_number() -> int:
    return request.args.get("page", 1, type=int)


def valid(field: Any) -> Any:
    """A filter field's value, or None when empty or not valid (the form shows why)."""
    return field.data if field.data not in (None, "") and not field.errors else None


@bp.route("/users")
@require_permission(Permission.MANAGE_USERS)
def users() -> str:
    form = UserFilterForm(request.args)
    form.validate()
    filters = UserFilters(
        search=valid(form.q) or "",
        role=Role(role) if (role := valid(form.role)) else None,
        status=UserStatus(status) if (status := valid(form.status)) else None,
    )
    page = find_users(db.session, filters, page_number())
    kept = {name: value for name in ("q", "role", "status") if (value := valid(form[name]))}
    return render_template("admin/users.html", form=form, page=page, kept=kept)


@bp.route("/users/<id:user_id>")
@require_permission(Permission.MANAGE_USERS)
def user(user_id: int) -> str:
    return user_page(get_user_or_404(user_id))


def user_page(person: User, refused: dict[int, RevokeCertificateForm] | None = None) -> str:
    """The person's page; `refused` brings back a revocation form with its errors."""
    held = certificates_of(db.session, person.id)
    revoke_forms = {c.id: RevokeCertificateForm(prefix=f"c{c.id}") for c in held} | (refused or {})
    return render_template(
        "admin/user.html",
        person=person,
        status=status_of(person),
        role_form=RoleForm(prefix=f"u{person.id}", role=person.role),
        action_form=ActionForm(),
        delete_form=DeleteForm(prefix="delete"),
        certificates=held,
        revoke_forms=revoke_forms,
        now=utcnow(),
    )


@bp.route("/users/<id:user_id>/certificates/<id:certificate_id>/revoke", methods=["POST"])
@require_permission(Permission.MANAGE_USERS)
def revoke_certificate(user_id: int, certificate_id: int) -> str | tuple[str, int] | Response:
    person = get_user_or_404(user_id)
    certificate = certificates.get_certificate_for(db.session, person.id, certificate_id)
    if certificate is None:
        abort(404)
    form = RevokeCertificateForm(prefix=f"c{certificate.id}")
    if not form.validate_on_submit():
        return user_page(person, {certificate.id: form}), 400
    if certificate.revoked_at is not None:
        flash(_("This certificate was revoked already."), "error")
        return back_to(person.id)
    certificates.revoke(
        db.session,
        certificate.code,
        form.reason.data,
        utcnow(),
        actor_id=current_user.id,
        ip_address=request.remote_addr,
    )
    flash(
        _("The certificate is revoked. Its verification page says so, with the reason."), "success"
    )
    return back_to(person.id)


@bp.route("/users/invite", methods=["GET", "POST"])
@require_permission(Permission.MANAGE_USERS)
def invite() -> str | Response:
    form = InviteForm()
    if form.validate_on_submit():
        try:
            person = lifecycle.invite(
                db.session,
                email=form.email.data,
                name=form.name.data or "",
                role=Role(form.role.data),
                locale=form.locale.data,
                inviter=current_user,
                mails=AccountMails(),
                ip_address=request.remote_addr,
                now=utcnow(),
            )
        except accounts.AccountError:
            form.email.errors.append(_("An account with this e-mail address exists already."))
        else:
            flash(
                _("We have sent an invitation to %(email)s.", email=isolated(person.email)),
                "success",
            )
            return back_to(person.id)
    return render_template("admin/invite.html", form=form)


@bp.route("/users/<id:user_id>/invitation", methods=["POST"])
@require_permission(Permission.MANAGE_USERS)
def resend_invitation(user_id: int) -> Response:
    person = get_user_or_404(user_id)
    done = _("We have sent %(email)s a new invitation.", email=isolated(person.email))
    return act(
        person.id,
        done,
        lambda: lifecycle.resend_invitation(
            db.session, person, current_user, AccountMails(), utcnow(), request.remote_addr
        ),
    )


@bp.route("/users/<id:user_id>/delete", methods=["POST"])
@require_permission(Permission.MANAGE_USERS)
def delete_account(user_id: int) -> Response:
    person = get_user_or_404(user_id)
    form = DeleteForm(prefix="delete")
    if not form.validate_on_submit():
        flash(_("Please confirm the deletion."), "error")
        return back_to(person.id)
    done = _("The account is deleted. Its personal data is removed.")
    return act(
        person.id,
        done,
        lambda: deletion.delete_account(
            db.session,
            user_id=person.id,
            actor_id=current_user.id,
            keep_certificates=form.certificates.data != REVOKE,
            ip_address=request.remote_addr,
            now=utcnow(),
        ),
        form=form,
    )


@bp.route("/users/<id:user_id>/role", methods=["POST"])
@require_permission(Permission.MANAGE_USERS)
def change_role(user_id: int) -> Response:
    person = get_user_or_404(user_id)
    form = RoleForm(prefix=f"u{person.id}")
    if not form.validate_on_submit():
        flash(_("Please choose a valid role."), "error")
        return back_to(person.id)
    role = Role(form.role.data)
    done = _(
        "The role of %(name)s is now %(role)s.",
        name=isolated(person.name or person.email),
        role=labels.ROLE_LABELS[role],
    )
    return act(
        person.id, done, lambda: accounts.change_role(db.session, role=role, **audited(person.id))
    )


@bp.route("/users/<id:user_id>/deactivate", methods=["POST"])
@require_permission(Permission.MANAGE_USERS)
def deactivate(user_id: int) -> Response:
    person = get_user_or_404(user_id)
    done = _(
        "%(name)s is deactivated and logged out everywhere.",
        name=isolated(person.name or person.email),
    )
    return act(person.id, done, lambda: accounts.deactivate_user(db.session, **audited(person.id)))


@bp.route("/users/<id:user_id>/reactivate", methods=["POST"])
@require_permission(Permission.MANAGE_USERS)
def reactivate(user_id: int) -> Response:
    person = get_user_or_404(user_id)
    done = _("%(name)s can log in again.", name=isolated(person.name or person.email))
    return act(person.id, done, lambda: accounts.reactivate_user(db.session, **audited(person.id)))


@bp.route("/users/<id:user_id>/password-reset", methods=["POST"])
@require_permission(Permission.MANAGE_USERS)
def send_password_reset(user_id: int) -> Response:
    person = get_user_or_404(user_id)
    done = _(
        "We have sent %(name)s a link to set a new password. It is valid for one hour.",
        name=isolated(person.name or person.email),
    )
    return act(
        person.id,
        done,
        lambda: accounts.send_password_reset(
            db.session, mails=AccountMails(), **audited(person.id)
        ),
    )


def audited(user_id: int) -> dict[str, Any]:
    """Who acts on whom, from where, and when: the arguments every audited service takes."""
    return {
        "actor_id": current_user.id,
        "user_id": user_id,
        "ip_address": request.remote_addr,
        "now": utcnow(),
    }


def act(
    user_id: int, done: str, action: Callable[[], object], form: Form | None = None
) -> Response:
    """Run one account service after the CSRF check (of `form`, or a plain button); say what
    happened or why not."""
    if (form or ActionForm()).validate_on_submit():
        try:
            action()
        except accounts.AccountError as refusal:
            db.session.rollback()
            flash(str(REFUSALS.get(refusal.code, _("This cannot be done."))), "error")
        else:
            flash(done, "success")
    return back_to(user_id)


def back_to(user_id: int) -> Response:
    return redirect(url_for("admin.user", user_id=user_id))


@bp.route("/audit")
@require_permission(Permission.MANAGE_USERS)
def audit() -> str:
    form = AuditFilterForm(request.args)
    form.validate()
    actor, subject = valid(form.actor), valid(form.subject)
    filters = EventFilters(
        action=AuditAction(action) if (action := valid(form.action)) else None,
        actor_id=admin.person_id(db.session, actor) if actor else None,
        subject_user_id=admin.person_id(db.session, subject) if subject else None,
        since=valid(form.since),
        until=valid(form.until),
        zone=site_zone(),
    )
    log = admin.audit_log(db.session, filters, page_number())
    kept = {name: request.args[name] for name in form.data if valid(form[name]) is not None}
    return render_template("admin/audit.html", form=form, log=log, kept=kept)
