"""The public pages of the qualifications: what each is, who it is for and every
requirement, in the visitor's language, for anyone (no account needed).

Blueprint `qualifications` under /qualifications.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from qualify.certificates.qualification_pages import qualification_index, qualification_page
from qualify.extensions import db

bp = Blueprint(
    "qualifications", __name__, template_folder="templates", url_prefix="/qualifications"
)


@bp.route("/")
def index() -> str:
    index = qualification_index(db.session)
    return render_template("certificates/qualifications.html", qualifications=index.qualifications)


@bp.route("/<slug>")
def page(slug: str) -> str:
    page = qualification_page(db.session, slug)
    if page is None:
        abort(404)
    return render_template("certificates/qualification.html", page=page)
