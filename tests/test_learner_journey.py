"""The whole path a learner takes: register, enrol, read, pass the quiz, get a certificate,
and an employer verifies it without logging in."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from flask.testing import FlaskClient
from pypdf import PdfReader


def option_values(html: str) -> dict[str, tuple[str, str]]:
    """Map each visible option label to (field name, opaque value) from the quiz page."""
    options = {}
    for match in re.finditer(
        r'<input id="([^"]+)" name="(q\d+)" type="(?:radio|checkbox)" value="([^"]+)"[^>]*>'
        r'\s*<label for="\1">([^<]+)</label>',
        html,
    ):
        _id, name, value, label = match.groups()
        options[label.strip()] = (name, value)
    return options


def submit_answers(
    client: FlaskClient, attempt_url: str, labels: list[str], action: str = "submit"
):
    page = client.get(attempt_url).get_data(as_text=True)
    options = option_values(page)
    data: dict[str, list[str]] = {}
    for label in labels:
        name, value = options[label]
        data.setdefault(name, []).append(value)
    data[action] = ["1"]
    return client.post(attempt_url, data=data)


def take_quiz(client: FlaskClient, labels: list[str]) -> str:
    response = client.post("/courses/testkurs/quiz/start")
    assert response.status_code == 302
    attempt_url = response.headers["Location"]
    submit_answers(client, attempt_url, labels)
    return client.get(attempt_url).get_data(as_text=True)


ALL_RIGHT = ["Blau", "Zwei", "Vier", "Wahr"]


@pytest.mark.usefixtures("imported_content")
def test_registered_learner_reaches_a_verified_certificate(client: FlaskClient) -> None:
    response = client.post(
        "/register",
        data={
            "name": "Amina Haddad",
            "email": "amina@example.org",
            "password": "Sonnenblume-Halle-7",
            "password_repeat": "Sonnenblume-Halle-7",
            "locale": "de",
        },
    )
    assert response.status_code == 302
    login = {"email": "amina@example.org", "password": "Sonnenblume-Halle-7"}
    assert client.post("/login", data=login).status_code == 302

    catalogue = client.get("/").get_data(as_text=True)
    assert "Testkurs" in catalogue

    client.post("/courses/testkurs/enrol")
    course_page = client.get("/courses/testkurs").get_data(as_text=True)
    assert "0 % · 0 von 2 Lektionen" in course_page

    lesson = client.get("/courses/testkurs/lessons/erste-lektion").get_data(as_text=True)
    assert "<strong>fett</strong>" in lesson
    assert "<script>alert(1)</script>" not in lesson
    assert "&lt;script&gt;" in lesson
    assert "Testquelle, 2026" in lesson

    done = client.post("/courses/testkurs/lessons/erste-lektion/done")
    assert done.headers["Location"].endswith("/courses/testkurs/lessons/zweite-lektion")
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert "50 % · 1 von 2 Lektionen" in dashboard
    assert "/courses/testkurs/lessons/zweite-lektion" in dashboard

    client.post("/courses/testkurs/lessons/zweite-lektion/done")
    result = take_quiz(client, ALL_RIGHT)
    assert "Bestanden." in result
    assert "3 von 3 Punkten (100 %)" in result

    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert "100 % · 2 von 2 Lektionen" in dashboard
    pdf_link = re.search(r'href="(/certificates/\d+\.pdf)"', dashboard).group(1)
    pdf = client.get(pdf_link)
    assert pdf.status_code == 200
    assert pdf.mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf.data)).pages)
    assert "Amina Haddad" in text
    assert "Testzertifikat" in text
    assert "Testkurs" in text
    verify_url = re.search(r"https://qualify\.test(/verify/[0-9A-HJKMNP-TV-Z]{28})", text).group(1)

    client.post("/logout")
    verified = client.get(verify_url)
    assert verified.status_code == 200
    page = verified.get_data(as_text=True)
    assert "Dieses Zertifikat ist gültig." in page
    assert "Amina Haddad" in page and "Testzertifikat" in page
