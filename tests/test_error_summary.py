"""A form with errors opens with a summary at the top: announced, focused, and linking
to each field that needs a correction (WCAG 3.3.1)."""

from __future__ import annotations

import re

from flask.testing import FlaskClient


def test_the_register_form_opens_with_an_error_summary_linking_to_its_fields(
    client: FlaskClient,
) -> None:
    page = client.post("/register", data={"email": "kein-at", "name": ""}).get_data(as_text=True)
    summary = re.search(r'<div class="error-summary"(.*?)</div>', page, re.S)
    assert summary, "no error summary"
    assert 'role="alert"' in summary.group(1) and "autofocus" in summary.group(1)
    links = re.findall(r'<a href="#([\w-]+)">', summary.group(1))
    assert "email" in links and "name" in links
    for field_id in links:
        assert f'id="{field_id}"' in page  # every link reaches its field
    assert "Bitte korrigieren Sie Folgendes:" in summary.group(1)


def test_a_page_without_errors_has_no_summary(client: FlaskClient) -> None:
    assert "error-summary" not in client.get("/register").get_data(as_text=True)
