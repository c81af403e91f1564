"""User administration: list users, change a user's role."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from qualify.accounts import service as accounts
from qualify.accounts.lookups import get_user_or_404
from qualify.accounts.models import Role
from qualify.accounts.permissions import Permission, require_permission
from qualify.admin.forms import ROLE_LABELS, RoleForm
from qualify.extensions import db

bp = Blueprint("admin", __name__, template_folder="templates", url_prefix="/admin")


@bp.route("/users")
@require_permission(Permission.MANAGE_USERS)
def users() -> str:
    people = accounts.list_users(db.session)
    forms = {u.id: RoleForm(prefix=f"u{u.id}", role=u.role) for u in people}
    return render_template("admin/users.html", users=people, forms=forms, role_labels=ROLE_LABELS)


@bp.route("/users/<id:user_id>/role", methods=["POST"])
@require_permission(Permission.MANAGE_USERS)
def change_role(user_id: int) -> Response:
    user = get_user_or_404(user_id)
    form = RoleForm(prefix=f"u{user.id}")
    if not form.validate_on_submit():
        flash(_("Please choose a valid role."), "error")
        return redirect(url_for("admin.users"))
    role = Role(form.role.data)
    try:
        accounts.change_role(db.session, actor_id=current_user.id, user_id=user.id, role=role)
    except accounts.AccountError:
        flash(_("You cannot remove your own administrator role."), "error")
    else:
        message = _("The role of %(name)s is now %(role)s.", name=user.name, role=ROLE_LABELS[role])
        flash(message, "success")
    return redirect(url_for("admin.users"))
