"""Every endpoint for every persona: who may open what, one table checked once.

The table and the objects its URLs name are in tests/permission_table.py; this module
checks each row for each persona, and that the table covers the app's whole URL map.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from qualify.accounts.models import Role, User
from tests.permission_table import ANON, PERSONAS, TABLE, World, sign_in

# Endpoints that redirect visitors somewhere other than the login page.
OPEN_REDIRECTS = frozenset({"accounts.logout", "accounts.set_language"})

# Objects that do not exist answer 404 to everyone allowed to ask.
MISSING = [
    ("GET", "/courses/unknown", (404, 404, 404, 404, 404)),
    ("GET", "/courses/testkurs/lessons/unknown", (302, 404, 404, 404, 404)),
    ("GET", "/courses/unknown/quiz", (302, 404, 404, 404, 404)),
    ("GET", "/attempts/999999", (302, 404, 404, 404, 404)),
    ("GET", "/trainer/quizzes/attempts/999999", (302, 403, 403, 404, 404)),
    ("GET", "/trainer/learners/unknown", (302, 403, 403, 404, 404)),
    ("POST", "/trainer/quizzes/testkurs/learners/999999/extra-attempt", (302, 403, 403, 404, 404)),
    ("POST", "/admin/users/999999/role", (302, 403, 403, 403, 404)),
    ("GET", "/admin/users/999999", (302, 403, 403, 403, 404)),
    ("POST", "/admin/users/999999/deactivate", (302, 403, 403, 403, 404)),
    ("POST", "/admin/users/999999/reactivate", (302, 403, 403, 403, 404)),
    ("POST", "/admin/users/999999/password-reset", (302, 403, 403, 403, 404)),
    ("POST", "/admin/users/999999/invitation", (302, 403, 403, 403, 404)),
    ("POST", "/admin/users/999999/delete", (302, 403, 403, 403, 404)),
    ("POST", "/admin/users/999999/certificates/{certificate}/revoke", (302, 403, 403, 403, 404)),
    ("POST", "/admin/users/{owner}/certificates/999999/revoke", (302, 403, 403, 403, 404)),
    ("GET", "/certificates/999999.pdf", (302, 404, 404, 404, 404)),
    ("POST", "/certificates/name/reissue/999999", (302, 404, 404, 404, 404)),
    ("GET", "/qualifications/unknown", (404, 404, 404, 404, 404)),
    ("GET", "/trainer/cohorts/999999/award", (302, 403, 403, 404, 404)),
    ("POST", "/trainer/cohorts/999999/award", (302, 403, 403, 404, 404)),
    ("GET", "/certificates/999999/badge.jwt", (302, 404, 404, 404, 404)),
    ("GET", "/badges/achievements/unknown", (404, 404, 404, 404, 404)),
    ("GET", "/verify/AAAA-BBBB", (404, 404, 404, 404, 404)),
    ("GET", "/trainer/authoring/unknown/quiz/", (302, 403, 403, 404, 404)),
    ("GET", "/trainer/authoring/testkurs/quiz/questions/unknown", (302, 403, 403, 404, 404)),
    ("GET", "/trainer/authoring/testkurs/quiz/new/no_such_type", (302, 403, 403, 404, 404)),
    # The development mail pages exist only on a development site (tests/jobs/test_dev_mails):
    # the test site, like production, has no such URLs, for every persona.
    ("GET", "/trainer/authoring/unknown/settings", (302, 403, 403, 404, 404)),
    ("GET", "/trainer/authoring/unknown/glossary", (302, 403, 403, 404, 404)),
    ("POST", "/trainer/authoring/unknown/archive", (302, 403, 403, 404, 404)),
    ("GET", "/trainer/authoring/unknown/authors", (302, 403, 403, 403, 404)),
    ("GET", "/dev/mails", (404, 404, 404, 404, 404)),
    ("GET", "/dev/mails/x@qualify", (404, 404, 404, 404, 404)),
    ("GET", "/dev/mails/x@qualify/html", (404, 404, 404, 404, 404)),
    ("GET", "/trainer/cohorts/999999", (302, 403, 403, 404, 404)),
    ("POST", "/trainer/cohorts/999999/participants", (302, 403, 403, 404, 404)),
    ("POST", "/trainer/cohorts/999999/workshops", (302, 403, 403, 404, 404)),
    ("GET", "/trainer/cohorts/{cohort}/workshops/999999", (302, 403, 403, 404, 404)),
    ("GET", "/trainer/cohorts/999999/progress", (302, 403, 403, 404, 404)),
    ("GET", "/trainer/cohorts/999999/progress.csv", (302, 403, 403, 404, 404)),
    ("GET", "/trainer/cohorts/999999/attendance.xlsx", (302, 403, 403, 404, 404)),
    ("GET", "/trainer/cohorts/999999/certificates.zip", (302, 403, 403, 404, 404)),
    ("GET", "/trainer/cohorts/{cohort}/progress.pdf", (404, 404, 404, 404, 404)),
    ("GET", "/trainer/cohorts/{cohort}/workshops/{other_workshop}", (302, 403, 403, 404, 404)),
    ("GET", "/trainer/cohorts/{cohort}/workshops/999999/sheet.pdf", (302, 403, 403, 404, 404)),
    ("GET", "/trainer/authoring/unknown/", (302, 403, 403, 404, 404)),
    ("GET", "/trainer/authoring/testkurs/lessons/unknown/de", (302, 403, 403, 404, 404)),
    ("GET", "/trainer/authoring/testkurs/lessons/erste-lektion/xx", (302, 403, 403, 404, 404)),
    (
        "GET",
        "/trainer/cohorts/{cohort}/workshops/{other_workshop}/sheet.pdf",
        (302, 403, 403, 404, 404),
    ),
]
MISSING = [(method, url, (*statuses, statuses[3])) for method, url, statuses in MISSING]


def endpoints(app: Flask) -> set[tuple[str, str]]:
    return {
        (method, rule.endpoint)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }


def test_every_endpoint_has_a_row(app: Flask) -> None:
    assert sorted(endpoints(app) - TABLE.keys()) == [], "add a row for every persona"
    assert sorted(TABLE.keys() - endpoints(app)) == [], "rows for endpoints that do not exist"
    assert all(len(statuses) == len(PERSONAS) for _url, statuses in TABLE.values())


@pytest.mark.parametrize(("method", "endpoint"), sorted(TABLE))
@pytest.mark.parametrize("persona", PERSONAS)
def test_access(
    client: FlaskClient,
    login_as: Callable[..., User],
    world: World,
    persona: str,
    method: str,
    endpoint: str,
) -> None:
    template, expected = TABLE[(method, endpoint)]
    sign_in(persona, world, login_as)
    response = client.open(world.url(template), method=method)
    response.close()  # static files are streamed
    assert response.status_code == expected[PERSONAS.index(persona)]
    if persona == ANON and response.status_code == 302 and endpoint not in OPEN_REDIRECTS:
        assert "/login" in response.headers["Location"]


@pytest.mark.parametrize(("method", "url", "expected"), MISSING)
@pytest.mark.parametrize("persona", PERSONAS)
def test_missing_objects(
    client: FlaskClient,
    login_as: Callable[..., User],
    world: World,
    persona: str,
    method: str,
    url: str,
    expected: tuple[int, ...],
) -> None:
    sign_in(persona, world, login_as)
    status = client.open(world.url(url), method=method).status_code
    assert status == expected[PERSONAS.index(persona)]


def test_admin_changes_a_role_and_cannot_demote_themself(
    client: FlaskClient, login_as: Callable[..., User], make_user: Callable[..., User]
) -> None:
    learner = make_user(Role.LEARNER, name="Kemal Yilmaz")
    admin = login_as(Role.ADMIN)
    client.post(f"/admin/users/{learner.id}/role", data={f"u{learner.id}-role": "trainer"})
    page = client.get("/admin/users").get_data(as_text=True)
    assert "Die Rolle von \u2068Kemal Yilmaz\u2069 ist jetzt: Trainer*in." in page
    client.post(f"/admin/users/{admin.id}/role", data={f"u{admin.id}-role": "learner"})
    assert "nicht entziehen" in client.get("/admin/users").get_data(as_text=True)
    assert client.get("/admin/users").status_code == 200
