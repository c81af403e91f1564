"""On a production site admins see what the site still lacks on every admin page, and the
start-up log says it once; nobody else sees the banner, and development has none."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from qualify.accounts.models import Role, User
from qualify.legal.operator import OperatorFileError
from tests.conftest import PASSWORD

EXAMPLE = Path(__file__).parent.parent.parent / "docs" / "operator.example.toml"
FACTS_TEXT = "Die Angaben zum Betreiber fehlen oder sind unvollständig."
SMTP_TEXT = "Es ist kein Mailserver eingestellt (QUALIFY_SMTP_URL)."
REDIS_TEXT = "QUALIFY_REDIS_URL ist nicht eingestellt."


def log_in(client: FlaskClient, user: User) -> None:
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302


@pytest.fixture
def production(build_app: Callable[..., Flask], tmp_path: Path) -> Flask:
    return build_app(
        ENV_NAME="production",
        SMTP_URL=None,
        REDIS_URL=None,
        OPERATOR_FILE=tmp_path / "missing.toml",
    )


def test_admins_see_every_warning_on_admin_pages(
    production: Flask, session: Session, make_user: Callable[..., User]
) -> None:
    admin = make_user(Role.ADMIN)
    session.commit()
    client = production.test_client()
    log_in(client, admin)
    page = client.get("/admin/users").get_data(as_text=True)
    assert '<div class="operator-warnings" role="alert">' in page
    for text in (FACTS_TEXT, SMTP_TEXT, REDIS_TEXT):
        assert text in page
    assert FACTS_TEXT not in client.get("/dashboard").get_data(as_text=True)


def test_learners_and_trainers_never_see_the_banner(
    production: Flask, session: Session, make_user: Callable[..., User]
) -> None:
    for role in (Role.LEARNER, Role.TRAINER):
        user = make_user(role)
        session.commit()
        client = production.test_client()
        log_in(client, user)
        page = client.get("/admin/users").get_data(as_text=True)
        assert "operator-warnings" not in page and SMTP_TEXT not in page


def test_a_complete_site_shows_no_banner(
    build_app: Callable[..., Flask], session: Session, make_user: Callable[..., User]
) -> None:
    complete = build_app(
        ENV_NAME="production",
        SMTP_URL="smtp://127.0.0.1:8025",
        REDIS_URL="redis://127.0.0.1:6379",
        RATELIMIT_STORAGE_URI="memory://",
        OPERATOR_FILE=EXAMPLE,
    )
    admin = make_user(Role.ADMIN)
    session.commit()
    client = complete.test_client()
    log_in(client, admin)
    assert "operator-warnings" not in client.get("/admin/users").get_data(as_text=True)


def test_the_warnings_are_logged_once_at_start_up(
    build_app: Callable[..., Flask], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    build_app(ENV_NAME="production", SMTP_URL=None, REDIS_URL="redis://r", OPERATOR_FILE=EXAMPLE)
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert len(warnings) == 1 and "QUALIFY_SMTP_URL is not set" in warnings[0]


def test_the_test_site_has_no_banner(client: FlaskClient, login_as: Callable[..., User]) -> None:
    login_as(Role.ADMIN)
    assert "operator-warnings" not in client.get("/admin/users").get_data(as_text=True)


def test_a_broken_operator_file_stops_the_site(
    build_app: Callable[..., Flask], tmp_path: Path
) -> None:
    broken = tmp_path / "operator.toml"
    broken.write_text('name = "Netzwerk"\nadress = "Magdeburg"\n')
    with pytest.raises(OperatorFileError, match="unknown key 'adress'") as refusal:
        build_app(OPERATOR_FILE=broken)
    assert str(broken) in str(refusal.value)
