"""The development page of kept mails: only on a development site, newest first, the text
with clickable links, the HTML part sandboxed, and no way out of the mail folder."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from qualify.jobs.mail import FolderMailer, build_message, kept_mails, read_kept_mail

SENDER = "qualify <noreply@qualify.test>"


def keep(folder: Path, subject: str, when: dt.datetime, message_id: str) -> None:
    payload = {
        "to": "lan@example.org",
        "subject": subject,
        "text": "Hallo,\nhier ist Ihr Link: https://qualify.test/password/reset/abc\n",
        "html": '<p>Hallo <a href="https://qualify.test/password/reset/abc">Link</a></p>'
        "<script>alert(1)</script>",
        "date": when.isoformat(),
        "message_id": message_id,
    }
    FolderMailer(folder).send(build_message(payload, SENDER))


@pytest.fixture
def dev_client(build_app: Callable[..., Flask], tmp_path: Path) -> FlaskClient:
    folder = tmp_path / "mails"
    keep(folder, "Älter", dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC), "<1.old@qualify>")
    keep(folder, "Neuer", dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), "<2.new@qualify>")
    (tmp_path / "secret.eml").write_text("Subject: outside\n\nnot in the folder")
    dev = build_app(ENV_NAME="development", MAIL_FOLDER=folder)
    return dev.test_client()


def test_the_list_shows_date_recipient_and_subject_newest_first(dev_client: FlaskClient) -> None:
    response = dev_client.get("/dev/mails")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.index(">Neuer</a>") < page.index(">Älter</a>")
    assert '<a href="/dev/mails/2.new@qualify">Neuer</a>' in page
    assert "lan@example.org" in page and "02.03.2026" in page
    assert "Es ist kein Mailserver eingestellt" in page


def test_with_a_mail_server_the_page_says_new_mails_go_there(
    build_app: Callable[..., Flask], tmp_path: Path
) -> None:
    dev = build_app(ENV_NAME="development", MAIL_FOLDER=tmp_path, SMTP_URL="smtp://127.0.0.1:25")
    page = dev.test_client().get("/dev/mails").get_data(as_text=True)
    assert "Neue E-Mails gehen dorthin" in page and "Noch keine E-Mails." in page


def test_a_mail_shows_its_text_with_a_clickable_link(dev_client: FlaskClient) -> None:
    page = dev_client.get("/dev/mails/2.new@qualify").get_data(as_text=True)
    assert '<a href="https://qualify.test/password/reset/abc"' in page
    assert '<iframe class="mail-html" sandbox src="/dev/mails/2.new@qualify/html"' in page


def test_the_html_part_is_served_sandboxed(dev_client: FlaskClient) -> None:
    response = dev_client.get("/dev/mails/2.new@qualify/html")
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "sandbox" in policy
    assert "script-src" not in policy  # scripts fall back to 'none'
    assert '<a href="https://qualify.test/password/reset/abc">' in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "name", ["../secret", "..%2Fsecret", ".hidden", "unknown@qualify", "a/b", "%2e%2e"]
)
def test_names_cannot_leave_the_folder(dev_client: FlaskClient, name: str) -> None:
    assert dev_client.get(f"/dev/mails/{name}").status_code == 404
    assert dev_client.get(f"/dev/mails/{name}/html").status_code == 404


def test_the_reader_refuses_names_outside_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "mails"
    keep(folder, "Da", dt.datetime(2026, 3, 1, tzinfo=dt.UTC), "<ok@qualify>")
    (tmp_path / "secret.eml").write_text("Subject: outside\n\n")
    assert read_kept_mail(folder, "ok@qualify") is not None
    assert read_kept_mail(folder, "../secret") is None
    assert read_kept_mail(folder, "..") is None
    assert [mail.name for mail in kept_mails(folder)] == ["ok@qualify"]
    assert kept_mails(tmp_path / "none") == []


def test_the_pages_do_not_exist_outside_development(
    client: FlaskClient, build_app: Callable[..., Flask]
) -> None:
    assert client.get("/dev/mails").status_code == 404  # the test site (ENV_NAME testing)
    production = build_app(ENV_NAME="production").test_client()
    assert production.get("/dev/mails").status_code == 404
    assert production.get("/dev/mails/x@qualify").status_code == 404
