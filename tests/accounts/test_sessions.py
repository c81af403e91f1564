"""Sessions end on the server (M5): a copied cookie and the remember-me cookie stop working
at logout; "log out on all devices" ends every session; cookies are short-lived and
same-site; the CSRF token changes at login (L6)."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from qualify.accounts.models import Role, User
from tests.conftest import PASSWORD, csrf_token


def sign_in(app: Flask, user: User, remember: bool = False) -> FlaskClient:
    client = app.test_client()
    data = {"email": user.email, "password": PASSWORD, "remember": "y" if remember else ""}
    assert client.post("/login", data=data).status_code == 302
    return client


def cookie(client: FlaskClient, name: str) -> str:
    found = client.get_cookie(name)
    assert found is not None, f"no {name} cookie"
    return found.value


def test_a_copied_session_cookie_stops_working_at_logout(
    app: Flask, make_user: Callable[..., User]
) -> None:
    user = make_user(Role.LEARNER)
    browser = sign_in(app, user)
    copy = app.test_client()
    copy.set_cookie("session", cookie(browser, "session"))
    assert copy.get("/dashboard").status_code == 200
    browser.post("/logout")
    assert copy.get("/dashboard").status_code == 302


def test_the_remember_cookie_stops_working_at_logout(
    app: Flask, make_user: Callable[..., User]
) -> None:
    user = make_user(Role.LEARNER)
    browser = sign_in(app, user, remember=True)
    remembered = cookie(browser, "remember_token")
    browser.post("/logout")
    replay = app.test_client()
    replay.set_cookie("remember_token", remembered)
    assert replay.get("/dashboard").status_code == 302


def test_logout_on_one_device_keeps_the_other(app: Flask, make_user: Callable[..., User]) -> None:
    user = make_user(Role.LEARNER)
    phone, laptop = sign_in(app, user), sign_in(app, user)
    phone.post("/logout")
    assert laptop.get("/dashboard").status_code == 200


def test_log_out_on_all_devices(app: Flask, make_user: Callable[..., User]) -> None:
    user = make_user(Role.LEARNER)
    phone, laptop = sign_in(app, user), sign_in(app, user, remember=True)
    remembered = cookie(laptop, "remember_token")
    page = phone.post("/profile/logout-everywhere", follow_redirects=True)
    assert "auf allen Geräten abgemeldet" in page.get_data(as_text=True)
    assert phone.get("/dashboard").status_code == 302
    assert laptop.get("/dashboard").status_code == 302
    replay = app.test_client()
    replay.set_cookie("remember_token", remembered)
    assert replay.get("/dashboard").status_code == 302


def test_remember_cookie_is_short_lived_and_same_site(app: Flask) -> None:
    assert app.config["REMEMBER_COOKIE_SAMESITE"] == "Lax"
    assert app.config["REMEMBER_COOKIE_DURATION"].days <= 30


def test_the_csrf_token_changes_at_login(app: Flask, make_user: Callable[..., User]) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        user = make_user(Role.LEARNER)
        client = app.test_client()
        before = csrf_token(client.get("/login").get_data(as_text=True))
        data = {"email": user.email, "password": PASSWORD, "csrf_token": before}
        assert client.post("/login", data=data).status_code == 302
        stale = client.post("/profile", data={"name": "Neu", "locale": "de", "csrf_token": before})
        assert stale.status_code == 400  # a token fetched before login is not accepted after
        fresh = csrf_token(client.get("/profile").get_data(as_text=True))
        saved = client.post("/profile", data={"name": "Neu", "locale": "de", "csrf_token": fresh})
        assert saved.status_code == 302
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
