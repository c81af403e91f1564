"""Behind reverse proxies the client's address comes from X-Forwarded-For, but only when
QUALIFY_PROXY_COUNT says how many proxies to trust; otherwise the header is ignored."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, request

FORWARDED = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}


def seen_by(app: Flask) -> tuple[str | None, str]:
    """The client address and scheme a view sees for a request through a proxy at 10.0.0.2."""
    seen: dict[str, object] = {}

    @app.before_request
    def remember() -> None:
        seen.update(addr=request.remote_addr, scheme=request.scheme)

    app.test_client().get("/imprint", headers=FORWARDED, environ_base={"REMOTE_ADDR": "10.0.0.2"})
    return seen["addr"], seen["scheme"]  # type: ignore[return-value]


def test_without_proxies_the_header_is_ignored(build_app: Callable[..., Flask]) -> None:
    assert seen_by(build_app(PROXY_COUNT=0)) == ("10.0.0.2", "http")


def test_behind_one_proxy_the_client_address_is_used(build_app: Callable[..., Flask]) -> None:
    assert seen_by(build_app(PROXY_COUNT=1)) == ("203.0.113.7", "https")


def test_only_as_many_hops_as_proxies_are_trusted(build_app: Callable[..., Flask]) -> None:
    app = build_app(PROXY_COUNT=1)
    seen: list[str | None] = []
    app.before_request(lambda: seen.append(request.remote_addr))
    chain = {"X-Forwarded-For": "198.51.100.1, 203.0.113.7"}  # a forged first hop
    app.test_client().get("/imprint", headers=chain, environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert seen == ["203.0.113.7"]
