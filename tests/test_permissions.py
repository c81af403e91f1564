"""Every endpoint for every persona: who may open what (one table, checked once)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

from qualify.accounts.models import Role, User

ANON, LEARNER, TRAINER, ADMIN = "anonymous", "learner", "trainer", "admin"
PERSONAS = (ANON, LEARNER, TRAINER, ADMIN)

# (method, url, expected status for anonymous, learner, trainer, admin)
ENDPOINTS = [
    ("GET", "/", (200, 200, 200, 200)),
    ("GET", "/courses/testkurs", (200, 200, 200, 200)),
    ("GET", "/courses/unknown", (404, 404, 404, 404)),
    ("GET", "/courses/testkurs/lessons/erste-lektion", (302, 302, 302, 302)),
    ("GET", "/courses/testkurs/quiz", (302, 200, 200, 200)),
    ("POST", "/courses/testkurs/quiz/start", (302, 403, 403, 403)),
    ("POST", "/courses/testkurs/lessons/erste-lektion/done", (302, 403, 403, 403)),
    ("GET", "/dashboard", (302, 200, 200, 200)),
    ("GET", "/profile", (302, 200, 200, 200)),
    ("GET", "/trainer/learners/", (302, 403, 200, 200)),
    ("GET", "/trainer/learners/testkurs", (302, 403, 200, 200)),
    ("GET", "/trainer/quizzes/testkurs/attempts", (302, 403, 200, 200)),
    ("GET", "/trainer/quizzes/attempts/999999", (302, 403, 404, 404)),
    ("POST", "/trainer/quizzes/testkurs/learners/{other}/extra-attempt", (302, 403, 302, 302)),
    ("GET", "/admin/users", (302, 403, 403, 200)),
    ("POST", "/admin/users/{other}/role", (302, 403, 403, 302)),
    ("GET", "/verify", (200, 200, 200, 200)),
    ("GET", "/login", (200, 302, 302, 302)),
    ("GET", "/register", (200, 302, 302, 302)),
    ("GET", "/attempts/999999", (302, 404, 404, 404)),
    ("GET", "/certificates/999999.pdf", (302, 404, 404, 404)),
]


@pytest.mark.usefixtures("imported_content")
@pytest.mark.parametrize(("method", "url", "expected"), ENDPOINTS)
@pytest.mark.parametrize("persona", PERSONAS)
def test_access(
    client: FlaskClient,
    login_as: Callable[..., User],
    make_user: Callable[..., User],
    persona: str,
    method: str,
    url: str,
    expected: tuple[int, ...],
) -> None:
    other = make_user(Role.LEARNER)
    if persona != ANON:
        login_as(Role(persona))
    url = url.format(other=other.id)
    response = client.open(url, method=method, data={f"u{other.id}-role": "trainer"})
    assert response.status_code == expected[PERSONAS.index(persona)]
    if (
        response.status_code == 302
        and persona == ANON
        and url not in ("/courses/testkurs/lessons/erste-lektion",)
    ):
        assert "/login" in response.headers["Location"]


def test_admin_changes_a_role_and_cannot_demote_themself(
    client: FlaskClient, login_as: Callable[..., User], make_user: Callable[..., User]
) -> None:
    learner = make_user(Role.LEARNER, name="Kemal Yilmaz")
    admin = login_as(Role.ADMIN)
    client.post(f"/admin/users/{learner.id}/role", data={f"u{learner.id}-role": "trainer"})
    page = client.get("/admin/users").get_data(as_text=True)
    assert "Die Rolle von Kemal Yilmaz ist jetzt: Trainer*in." in page
    client.post(f"/admin/users/{admin.id}/role", data={f"u{admin.id}-role": "learner"})
    assert "nicht entziehen" in client.get("/admin/users").get_data(as_text=True)
    assert client.get("/admin/users").status_code == 200
