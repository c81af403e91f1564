"""Open Badges 3.0: the holder's badge download and the public documents verifiers read
(the issuer profile, its public key, the achievements and the revocation status list)."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, abort, render_template
from flask_babel import gettext as _
from flask_login import current_user, login_required

from qualify.badges import service
from qualify.badges.credential import (
    ACHIEVEMENT_PATH,
    ISSUER_PATH,
    JWKS_PATH,
    KEY_PATH,
    STATUS_LIST_PATH,
)
from qualify.badges.service import BadgeError
from qualify.badges.signing import MEDIA_TYPE
from qualify.badges.site import current_key, current_site, in_language, verify_url
from qualify.certificates.keys import SigningKey
from qualify.core.clock import utcnow
from qualify.extensions import db

bp = Blueprint("badges", __name__)

PUBLIC_CACHE = "public, max-age=3600"


def _public(body: str, mimetype: str, cache: str = PUBLIC_CACHE) -> Response:
    """A document any verifier may fetch, from any origin (wallets run in browsers)."""
    return Response(
        body,
        mimetype=mimetype,
        headers={"Cache-Control": cache, "Access-Control-Allow-Origin": "*"},
    )


def _json(document: dict[str, Any]) -> Response:
    return _public(json.dumps(document, ensure_ascii=False, indent=2), "application/json")


def _key_or_503() -> SigningKey:
    key = current_key()
    if key is None:
        abort(
            Response(
                render_template(
                    "error.html",
                    code=503,
                    title=_("Badges are not available yet"),
                    text=_(
                        "This site has no signing key yet. Its operator creates it with "
                        "`qualify certificates init-key`."
                    ),
                ),
                status=503,
            )
        )
    return key


@bp.route("/certificates/<id:certificate_id>/badge.jwt")
@login_required
def download(certificate_id: int) -> Response:
    """The holder's own certificate as a signed Open Badges 3.0 credential (VC-JWT)."""
    key, site = _key_or_503(), current_site()
    try:
        badge = service.holder_badge(
            db.session,
            user_id=current_user.id,
            certificate_id=certificate_id,
            site=site,
            key=key,
            verify_url=verify_url,
            translate=in_language(site.language),
        )
    except BadgeError as refused:
        return _refused(refused.code)
    if badge is None:
        abort(404)
    return Response(
        badge.token,
        mimetype=MEDIA_TYPE,
        headers={
            "Content-Disposition": f'attachment; filename="{badge.filename}"',
            "Cache-Control": "private, no-store",
        },
    )


def _refused(code: str) -> Response:
    texts = {
        "revoked": _("This certificate was revoked, so it has no valid badge."),
        "superseded": _(
            "This certificate was replaced by a newer one. Download the badge of the new "
            "certificate."
        ),
        "list_full": _("No more badges can be issued on this site. Please tell its operator."),
    }
    status = 503 if code == "list_full" else 410
    page = render_template(
        "error.html", code=status, title=_("No badge for this certificate"), text=texts[code]
    )
    return Response(page, status=status)


@bp.route(ISSUER_PATH)
def issuer() -> Response:
    return _json(service.issuer_document(current_site()))


@bp.route(JWKS_PATH)
def jwks() -> Response:
    """The issuer's public keys as a JWK Set."""
    return _json({"keys": [service.published_key(current_site(), _key_or_503())]})


@bp.route(f"{KEY_PATH}<thumbprint>")
def key(thumbprint: str) -> Response:
    """One public key at the URL a badge's `kid` names."""
    site, signing_key = current_site(), _key_or_503()
    published = service.published_key(site, signing_key)
    if published["kid"] != site.key_id(thumbprint):
        abort(404)
    return _json(published)


@bp.route(f"{ACHIEVEMENT_PATH}<slug>")
def achievement(slug: str) -> Response:
    site = current_site()
    document = service.achievement_document(db.session, slug, site, in_language(site.language))
    if document is None:
        abort(404)
    return _json(document)


@bp.route(STATUS_LIST_PATH)
def status_list() -> Response:
    """The revocation list (a signed BitstringStatusListCredential), briefly cacheable."""
    token = service.status_list_token(db.session, current_site(), _key_or_503(), utcnow())
    return _public(token, MEDIA_TYPE, f"public, max-age={service.STATUS_TTL_SECONDS}")
