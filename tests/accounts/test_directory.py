"""The admin's list of accounts: search by name or address, filter by role and status, pages."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy.orm import Session

from qualify.accounts.directory import UserFilters, UserStatus, find_users, status_of
from qualify.accounts.models import Role, User
from qualify.core.clock import utcnow


@pytest.fixture
def people(session: Session, make_user: Callable[..., User]) -> dict[str, User]:
    made = {
        "lan": make_user(Role.LEARNER, name="Lan Nguyen", email="lan@example.org"),
        "kemal": make_user(Role.TRAINER, name="Kemal Yilmaz", email="k.yilmaz@verein.de"),
        "amal": make_user(Role.ADMIN, name="Amal Haddad", email="amal@example.org"),
        "olga": make_user(Role.LEARNER, name="Olga Petrova", email="olga_p@example.org"),
        "sami": make_user(Role.LEARNER, name="Sami 100%", email="sami@example.org"),
    }
    now = utcnow()
    for user in made.values():
        user.confirmed_at = now
    made["olga"].confirmed_at = None  # registered, not confirmed yet
    made["kemal"].deactivated_at = now
    made["amal"].password_hash = None  # invited
    made["sami"].deleted_at = now
    session.commit()
    return made


def names(session: Session, **filters: object) -> list[str]:
    page = find_users(session, UserFilters(**filters), 1)  # type: ignore[arg-type]
    return [u.name for u in page.items]


def test_search_finds_part_of_a_name_or_address_in_any_case(
    session: Session, people: dict[str, User]
) -> None:
    assert names(session, search="NGUY") == ["Lan Nguyen"]
    assert names(session, search="verein.DE") == ["Kemal Yilmaz"]
    assert names(session, search="example.org") == [
        "Amal Haddad",
        "Lan Nguyen",
        "Olga Petrova",
        "Sami 100%",
    ]
    # LIKE wildcards are searched for literally
    assert names(session, search="_p@") == ["Olga Petrova"]
    assert names(session, search="100%") == ["Sami 100%"]
    assert names(session, search="%") == ["Sami 100%"]
    assert names(session, search="nobody here") == []


def test_search_folds_case_beyond_ascii(session: Session, make_user: Callable[..., User]) -> None:
    make_user(Role.LEARNER, name="Özlem Nguyễn", email="oezlem@example.org")
    assert names(session, search="özlem NGUYỄN") == ["Özlem Nguyễn"]


def test_filter_by_role_and_status(session: Session, people: dict[str, User]) -> None:
    assert names(session, role=Role.LEARNER) == ["Lan Nguyen", "Olga Petrova", "Sami 100%"]
    assert names(session, status=UserStatus.ACTIVE) == ["Lan Nguyen"]
    assert names(session, status=UserStatus.UNCONFIRMED) == ["Olga Petrova"]
    assert names(session, status=UserStatus.INVITED) == ["Amal Haddad"]
    assert names(session, status=UserStatus.DEACTIVATED) == ["Kemal Yilmaz"]
    assert names(session, status=UserStatus.DELETED) == ["Sami 100%"]
    assert names(session, role=Role.LEARNER, status=UserStatus.DELETED, search="sami") == [
        "Sami 100%"
    ]


def test_status_of_agrees_with_the_filter(session: Session, people: dict[str, User]) -> None:
    for status in UserStatus:
        page = find_users(session, UserFilters(status=status), 1)
        assert {status_of(u) for u in page.items} == {status}


def test_pages_of_fifty_by_name(session: Session) -> None:
    session.add_all(
        User(email=f"p{n}@example.org", name=f"Person {n:03d}", password_hash="-")
        for n in range(120)
    )
    session.commit()
    first = find_users(session, UserFilters(), 1)
    assert (first.total, first.pages, len(first.items)) == (120, 3, 50)
    assert first.items[0].name == "Person 000" and first.has_next and not first.has_previous
    third = find_users(session, UserFilters(), 3)
    assert [u.name for u in third.items][-1] == "Person 119" and len(third.items) == 20
    assert find_users(session, UserFilters(), 10**12).number == 3
