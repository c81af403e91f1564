"""The learner sets the name printed on their certificates, and corrects an issued one.

Blueprint `certificate_name` under /certificates/name: only for the signed-in learner's own
name and certificates (another's certificate answers 404).
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from qualify.certificates import names
from qualify.certificates.awarding import holder_names
from qualify.certificates.forms import HolderNameForm
from qualify.certificates.service import CertificateError
from qualify.core.clock import utcnow
from qualify.extensions import db, limiter
from qualify.web.forms import Form

bp = Blueprint(
    "certificate_name", __name__, template_folder="templates", url_prefix="/certificates/name"
)


@bp.route("", methods=["GET", "POST"])
@login_required
def edit() -> str | Response:
    name, latin = holder_names(db.session, [current_user.id])[current_user.id]
    form = HolderNameForm(data={"name": name, "name_latin": latin})
    if form.validate_on_submit():
        try:
            names.set_holder_name(
                db.session, current_user.id, form.name.data, form.name_latin.data, utcnow()
            )
        except CertificateError:  # the form's checks are the same; a race cannot change that
            abort(400)
        flash(_("The name for your certificates is saved."), "success")
        return redirect(url_for("certificate_name.edit"))
    return render_template(
        "certificates/name.html",
        form=form,
        outdated=names.certificates_with_another_name(db.session, current_user.id),
        action_form=Form(),
    )


@bp.route("/reissue/<id:certificate_id>", methods=["POST"])
@login_required
@limiter.limit("10 per day", key_func=lambda: str(current_user.id))
def reissue(certificate_id: int) -> Response:
    if not Form().validate_on_submit():
        abort(400)
    try:
        names.reissue_with_name(
            db.session, current_user.id, certificate_id, utcnow(), request.remote_addr
        )
    except CertificateError:
        abort(404)  # not the learner's current certificate, or it shows that name already
    flash(_("Your certificate was issued again with the new name."), "success")
    return redirect(url_for("dashboard.index"))
