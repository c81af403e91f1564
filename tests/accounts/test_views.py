"""Registration, login and logout as a visitor experiences them."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urljoin, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from qualify.accounts import service
from qualify.accounts.forms import RegisterForm
from qualify.accounts.models import Role, User
from tests.conftest import PASSWORD, csrf_token

GOOD = {
    "name": "Olena Koval",
    "email": "olena@example.org",
    "password": "Birkenwald-am-See-3",
    "password_repeat": "Birkenwald-am-See-3",
    "locale": "en",
}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "not-an-address", "Bitte geben Sie eine gültige E-Mail-Adresse ein."),
        ("password", "kurz", "Verwenden Sie mindestens 10 Zeichen."),
        ("password", "Passwort123", "zu leicht zu erraten"),
        ("password_repeat", "something-else-entirely", "Die Passwörter stimmen nicht überein."),
    ],
)
def test_bad_input_shows_error_and_keeps_what_was_typed(
    client: FlaskClient, field: str, value: str, message: str
) -> None:
    data = dict(GOOD, locale="de", **{field: value})
    if field == "password":
        data["password_repeat"] = value
    page = client.post("/register", data=data).get_data(as_text=True)
    assert message in page
    assert 'value="Olena Koval"' in page
    if field != "email":
        assert 'value="olena@example.org"' in page


def test_a_weak_password_refused_by_the_service_is_shown_on_its_field(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The service refuses a weak password on its own (a form check skipped): the page says
    why and keeps what was typed."""
    monkeypatch.setattr(RegisterForm, "validate_password", lambda _form, _field: None)
    data = dict(GOOD, locale="de", password="Passwort123", password_repeat="Passwort123")
    response = client.post("/register", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "zu leicht zu erraten" in page
    assert 'value="Olena Koval"' in page


def test_wrong_password_is_refused(client: FlaskClient, make_user: Callable[..., User]) -> None:
    user = make_user()
    page = client.post("/login", data={"email": user.email, "password": "wrong password!!"})
    assert page.status_code == 200
    assert "E-Mail-Adresse oder Passwort ist nicht richtig." in page.get_data(as_text=True)
    assert client.get("/dashboard").status_code == 302


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/courses/testkurs", "/courses/testkurs"),
        ("https://evil.example/", "/dashboard"),
        ("//evil.example/", "/dashboard"),
        ("/\\evil.example", "/dashboard"),
        ("////evil.example", "/dashboard"),  # the review's payload (M1)
        ("///evil.example", "/dashboard"),
        ("/./\x09/evil.example", "/dashboard"),
        (" //evil.example", "/dashboard"),
        ("https:evil.example", "/dashboard"),
        ("/courses/testkurs?x=//evil.example", "/courses/testkurs?x=//evil.example"),
    ],
)
def test_login_next_never_leaves_the_site(
    client: FlaskClient, make_user: Callable[..., User], next_url: str, expected: str
) -> None:
    user = make_user()
    response = client.post(
        "/login", query_string={"next": next_url}, data={"email": user.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == expected


NEXT_PARTS = st.sampled_from(
    ["/", "//", "\\", "\t", " ", ":", ".", "@", "?", "#", "%2F", "%5C", "http", "evil.example"]
)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(NEXT_PARTS, min_size=1, max_size=8).map("".join))
@example("////evil.example").via("the review's payload (M1)")
def test_no_next_url_leaves_the_site(
    client: FlaskClient, login_as: Callable[..., User], next_url: str
) -> None:
    if client.get("/profile").status_code != 200:
        login_as()
    response = client.get("/login", query_string={"next": next_url})
    assert response.status_code == 302
    target = urlsplit(urljoin("https://qualify.test/login", response.headers["Location"]))
    assert (target.scheme, target.netloc) == ("https", "qualify.test"), next_url


def test_logout_needs_post_and_ends_the_session(
    client: FlaskClient, login_as: Callable[..., User]
) -> None:
    login_as(Role.LEARNER)
    assert client.get("/logout").status_code == 405
    client.post("/logout")
    assert client.get("/dashboard").status_code == 302


def test_password_change_ends_other_sessions(
    client: FlaskClient, session: Session, login_as: Callable[..., User]
) -> None:
    user = login_as(Role.LEARNER)
    assert client.get("/dashboard").status_code == 200
    service.set_password(session, user.id, "ein-ganz-neues-Passwort")
    assert client.get("/dashboard").status_code == 302


def test_forms_require_a_csrf_token(app: Flask, client: FlaskClient) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert client.post("/register", data=GOOD).status_code == 400
        token = csrf_token(client.get("/register").get_data(as_text=True))
        assert client.post("/register", data=dict(GOOD, csrf_token=token)).status_code == 302
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_login_is_rate_limited(client: FlaskClient) -> None:
    codes = [
        client.post("/login", data={"email": "x@example.org", "password": "x"}).status_code
        for _ in range(11)
    ]
    assert codes[:10] == [200] * 10
    assert codes[10] == 429
