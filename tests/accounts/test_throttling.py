"""Limits that fit a classroom: thirty people behind one venue Wi-Fi sign in and register,
while guessing one account's password is throttled, and a throttled form keeps what was
typed and says how long to wait."""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient

from qualify.accounts.models import Role, User
from tests.conftest import PASSWORD


def test_thirty_people_behind_one_address_all_sign_in(
    client: FlaskClient, make_user: Callable[..., User]
) -> None:
    people = [make_user(Role.LEARNER) for _ in range(30)]
    codes = []
    for person in people:
        codes.append(
            client.post("/login", data={"email": person.email, "password": PASSWORD}).status_code
        )
        client.post("/logout")
    assert codes == [302] * 30


def test_eleven_wrong_passwords_for_one_account_are_throttled(
    client: FlaskClient, make_user: Callable[..., User]
) -> None:
    target, neighbour = make_user(Role.LEARNER), make_user(Role.LEARNER)
    wrong = {"email": target.email, "password": "falsch-geraten"}
    codes = [client.post("/login", data=wrong).status_code for _ in range(10)]
    assert codes == [200] * 10
    throttled = client.post("/login", data={"email": target.email, "password": PASSWORD})
    page = throttled.get_data(as_text=True)
    assert throttled.status_code == 429
    assert f'value="{target.email}"' in page and "Bitte warten Sie" in page
    ok = client.post("/login", data={"email": neighbour.email, "password": PASSWORD})
    assert ok.status_code == 302  # the rest of the room goes on
