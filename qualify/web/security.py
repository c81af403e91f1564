"""Security headers for every response and a guard against off-site redirects."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, abort, request
from flask_login import current_user

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def refuse_nul_bytes(app: Flask) -> None:
    """Answer 400 to a NUL byte anywhere in the URL or form: no text here may hold one, and
    PostgreSQL refuses it with an error deep in a query."""

    @app.before_request
    def check_for_nul() -> None:
        sent = [request.path]
        for data in (request.args, request.form):
            for key, values in data.lists():
                sent += [key, *values]
        if any("\x00" in value for value in sent):
            abort(400)


def add_security_headers(app: Flask) -> None:
    production = app.config["ENV_NAME"] == "production"

    @app.after_request
    def set_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if request.endpoint != "static" and current_user.is_authenticated:
            # Personal pages stay out of shared office computers' caches.
            headers.setdefault("Cache-Control", "no-store")
        if production:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response


def is_safe_next_url(target: str | None) -> bool:
    """Allow only same-site paths such as '/courses/x', never '//evil' or 'https://evil'.

    A second slash is refused before and after parsing: '////evil' has no host for urlsplit,
    but its path '//evil' leaves the site once a browser reads the Location, and browsers
    read '///evil' as a host too.
    """
    if not target or "\\" in target or any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return False
    parts = urlsplit(target)
    local = not parts.scheme and not parts.netloc and parts.path.startswith("/")
    return local and target[1:2] != "/" and parts.path[1:2] != "/"
