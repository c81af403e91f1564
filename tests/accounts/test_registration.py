"""Registration answers alike for every address, mails a confirmation link, and lets the
new learner start at once; notification mails wait for the confirmed address."""

from __future__ import annotations

import re
from collections.abc import Callable

import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from qualify.accounts import service
from qualify.accounts.models import User
from qualify.core.clock import utcnow
from qualify.jobs.mail import enqueue_mail
from tests.accounts.mailbox import deliver, link_in

GOOD = {
    "name": "Olena Koval",
    "email": "olena@example.org",
    "password": "Birkenwald-am-See-3",
    "password_repeat": "Birkenwald-am-See-3",
    "locale": "en",
}


def register(client: FlaskClient, **changes: str):  # noqa: ANN201 - a test response
    return client.post("/register", data=dict(GOOD, **changes))


def test_registration_mails_a_confirmation_and_the_learner_can_start_at_once(
    client: FlaskClient, session: Session
) -> None:
    response = register(client)
    assert response.status_code == 302 and response.location == "/login"
    user = service.find_user_by_email(session, "OLENA@example.org ")
    assert user is not None and user.locale == "en" and user.confirmed_at is None
    assert user.password_hash.startswith("$argon2id$")
    login_page = client.get("/login").get_data(as_text=True)
    assert "We have sent a message to olena@example.org" in login_page
    assert 'value="olena@example.org"' in login_page  # typed once is enough
    client.post("/login", data={"email": GOOD["email"], "password": GOOD["password"]})
    assert "Olena Koval" in client.get("/dashboard").get_data(as_text=True)
    [mail] = deliver()
    assert mail["to"] == "olena@example.org"
    assert mail["subject"] == "Please confirm your e-mail address for qualify"
    assert "Hello \u2068Olena Koval\u2069," in mail["text"] and "<a href=" in mail["html"]
    assert "Hello <bdi>Olena Koval</bdi>," in mail["html"]  # its name keeps its direction


def test_confirming_takes_a_button_press_and_works_once(
    client: FlaskClient, session: Session
) -> None:
    register(client)
    link = link_in(deliver()[0], "/confirm/")
    page = client.get(link)
    assert page.status_code == 200 and "Confirm my e-mail address" in page.get_data(as_text=True)
    user = service.find_user_by_email(session, GOOD["email"])
    session.refresh(user)
    assert user.confirmed_at is None  # opening the link (a mail scanner) changes nothing
    assert client.post(link).status_code == 302
    session.refresh(user)
    assert user.confirmed_at is not None
    assert client.get(link).status_code == 410
    assert client.post(link).status_code == 410


def test_an_existing_address_gets_the_same_answer_and_its_owner_a_mail(
    app, client: FlaskClient, session: Session, make_user: Callable[..., User]
) -> None:
    owner = make_user(email="taken@example.org", locale="en")
    new = app.test_client()
    fresh = register(new, email="fresh@example.org", locale="de")
    taken = register(client, email="Taken@Example.org", locale="de")
    assert (taken.status_code, taken.location) == (fresh.status_code, fresh.location)
    fresh_page = _anonymous(new.get("/login").get_data(as_text=True), "fresh@example.org")
    taken_page = _anonymous(client.get("/login").get_data(as_text=True), "Taken@Example.org")
    assert fresh_page == taken_page
    accounts = sa.select(sa.func.count()).where(User.email == owner.email)
    assert session.scalar(accounts) == 1
    mails = {mail["to"]: mail for mail in deliver()}
    told = mails["taken@example.org"]
    assert told["subject"] == "You already have a qualify account"
    assert "/password/reset/" in told["text"]
    session.refresh(owner)
    assert owner.name != GOOD["name"]  # nothing about the account changed


def _anonymous(page: str, email: str) -> str:
    """The page without the typed address and the per-session CSRF tokens."""
    page = page.replace(email, "ADDRESS")
    return re.sub(r"[\w-]{20,}\.[\w-]+\.[\w-]{20,}", "TOKEN", page)


def test_a_notification_waits_for_the_confirmed_address(
    client: FlaskClient, session: Session
) -> None:
    register(client)
    link = link_in(deliver()[0], "/confirm/")
    user = service.find_user_by_email(session, GOOD["email"])
    enqueue_mail(
        session,
        to=user.email,
        subject="Certificate",
        text="t",
        html="h",
        now=utcnow(),
        waits_for_user_id=user.id,
    )
    session.commit()
    assert deliver() == []  # held
    client.post(link)
    assert [mail["subject"] for mail in deliver()] == ["Certificate"]


def test_a_reset_link_confirms_the_address(client: FlaskClient, session: Session) -> None:
    register(client)
    deliver()
    client.post("/password/forgot", data={"email": GOOD["email"]})
    link = link_in(deliver()[0], "/password/reset/")
    new = "Lindenallee-am-Fluss-7"
    client.post(link, data={"password": new, "password_repeat": new})
    user = service.find_user_by_email(session, GOOD["email"])
    session.refresh(user)
    assert user.confirmed_at is not None


def test_the_profile_offers_the_link_again_until_confirmed(
    client: FlaskClient, session: Session
) -> None:
    register(client)
    first = link_in(deliver()[0], "/confirm/")
    client.post("/login", data={"email": GOOD["email"], "password": GOOD["password"]})
    profile = client.get("/profile").get_data(as_text=True)
    assert "not confirmed yet" in profile
    client.post("/profile/confirmation")
    second = link_in(deliver()[0], "/confirm/")
    assert second != first
    assert client.get(first).status_code == 410  # the new link replaces the old one
    client.post(second)
    assert "not confirmed yet" not in client.get("/profile").get_data(as_text=True)


def test_accounts_made_by_an_admin_count_as_confirmed(make_user: Callable[..., User]) -> None:
    assert make_user().confirmed_at is not None


def test_the_target_group_is_asked_with_its_reason_and_is_optional(
    client: FlaskClient, session: Session, login_as: Callable[..., User]
) -> None:
    page = client.get("/register").get_data(as_text=True)
    assert "nur in Gruppen ab 5 Personen" in page
    assert 'type="radio"' in page and "Das möchte ich nicht sagen" in page
    register(client, target_group="migrant_organisation")
    register(client, email="ohne@example.org")
    olena = service.find_user_by_email(session, "olena@example.org")
    assert olena is not None and olena.target_group == "migrant_organisation"
    quiet = service.find_user_by_email(session, "ohne@example.org")
    assert quiet is not None and quiet.target_group is None
    page = register(client, email="x@example.org", target_group="boss").get_data(as_text=True)
    assert service.find_user_by_email(session, "x@example.org") is None
    assert 'value="x@example.org"' in page  # the form comes back as typed


def test_the_profile_changes_the_target_group_and_the_language_switch_keeps_it(
    client: FlaskClient, session: Session, login_as: Callable[..., User]
) -> None:
    user = login_as()
    page = client.get("/profile").get_data(as_text=True)
    assert re.search(r'<input checked id="target_group-3"[^>]*value=""', page)
    client.post("/profile", data={"name": user.name, "locale": "de", "target_group": "other"})
    session.refresh(user)
    assert user.target_group == "other"
    client.post("/language", data={"locale": "en"})
    client.post("/profile", data={"name": user.name, "locale": "de"})  # nothing chosen: kept
    session.refresh(user)
    assert user.target_group == "other" and user.locale == "de"
    client.post("/profile", data={"name": user.name, "locale": "de", "target_group": ""})
    session.refresh(user)
    assert user.target_group is None
