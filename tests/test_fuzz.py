"""Hostile input never causes a server error: every endpoint of the URL map, with hostile URL
arguments, query strings and form fields, for every signed-in role. In tests Flask raises
instead of answering 500, so any unhandled exception fails here too."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualify.accounts.models import Role, User

HOSTILE_TEXT = st.one_of(
    st.sampled_from(
        [
            "",
            "\x00",
            "a\x00b",
            "9223372036854775808",
            "2147483648",
            "-1",
            "0",
            "sNaN",
            "NaN",
            "-Infinity",
            "1e999",
            "١٢",
            "１",
            "‮evil",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "../../etc/passwd",
            "x" * 5000,
            "testkurs",
            "true",
        ]
    ),
    st.text(max_size=40),
)
FIELDS = [
    "email", "password", "password_repeat", "name", "locale", "remember", "next", "reason",
    "grant", "save", "submit", "previous", "code", "q1", "q2", "q1-points", "q1-comment",
    "q2-points", "q2-comment", "q1-a", "u1-role", "csrf_token", "page_url", "description",
    "page",
]  # fmt: skip
QUERY_FIELDS = [
    "next", "page", "pending", "q", "role", "status", "action", "actor", "subject", "since",
    "until",
]  # fmt: skip
PLACEHOLDER = re.compile(r"<(?:([^:>]+):)?([^>]+)>")
HOSTILE_ID = st.one_of(
    st.sampled_from(["9223372036854775808", "2147483648", "0", "1", "9" * 30]),
    st.integers(min_value=0, max_value=2**70).map(str),
)


def endpoint_cases(app: Flask) -> list[tuple[str, str]]:
    """(method, rule) for every route but static files."""
    return sorted(
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    )


@pytest.mark.usefixtures("imported_content")
@pytest.mark.parametrize("role", [None, Role.LEARNER, Role.TRAINER, Role.ADMIN])
def test_hostile_input_never_causes_a_server_error(
    app: Flask, client: FlaskClient, login_as: Callable[..., User], role: Role | None
) -> None:
    if role is not None:
        login_as(role)
    cases = endpoint_cases(app)

    @settings(
        max_examples=150,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        case=st.sampled_from(cases),
        texts=st.lists(HOSTILE_TEXT, min_size=3, max_size=3),
        ids=st.lists(HOSTILE_ID, min_size=3, max_size=3),
        query=st.dictionaries(st.sampled_from(QUERY_FIELDS), HOSTILE_TEXT),
        form=st.dictionaries(st.sampled_from(FIELDS), HOSTILE_TEXT, max_size=6),
    )
    def request_survives(
        case: tuple[str, str], texts: list[str], ids: list[str], query: dict, form: dict
    ) -> None:
        method, rule = case
        values = {"text": iter(texts), "id": iter(ids)}

        def argument(match: re.Match[str]) -> str:
            kind = "id" if match.group(1) in ("int", "id") else "text"
            return quote_segment(next(values[kind]))

        path = PLACEHOLDER.sub(argument, rule)
        response = client.open(path, method=method, query_string=query, data=form)
        response.close()
        assert response.status_code < 500, (method, path, query, form)

    request_survives()


def quote_segment(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="") or "x"


@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("GET", "/courses/%00", None),
        ("GET", "/verify?code=%00", None),
        ("POST", "/login", {"email": "a\x00@example.org", "password": "x"}),
        ("POST", "/register", {"name": "A\x00", "email": "a@example.org"}),
    ],
)
def test_a_nul_byte_is_a_bad_request(
    client: FlaskClient, method: str, url: str, data: dict | None
) -> None:
    assert client.open(url, method=method, data=data).status_code == 400


@pytest.mark.parametrize("attempt_id", ["9223372036854775808", "2147483648", "0"])
def test_ids_beyond_the_database_are_not_found(
    client: FlaskClient, login_as: Callable[..., User], attempt_id: str
) -> None:
    login_as(Role.TRAINER)
    assert client.get(f"/attempts/{attempt_id}").status_code == 404
    assert client.get(f"/trainer/quizzes/attempts/{attempt_id}").status_code == 404
