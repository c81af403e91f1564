"""Test fixtures: one app per session on a migrated database, each test rolled back."""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from zoneinfo import ZoneInfo

import hypothesis
import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy.orm import Session

from qualify import create_app
from qualify.accounts import passwords
from qualify.accounts import service as accounts
from qualify.accounts.models import Role, User
from qualify.certificates.keys import SigningKey, create_signing_key, load_signing_key
from qualify.certificates.models import Qualification
from qualify.cohorts.models import Cohort, CohortMember, CohortTrainer
from qualify.config import DEFAULT_TIME_ZONE
from qualify.content import ContentSet, import_content, load_content
from qualify.core.clock import utcnow
from qualify.core.orm import Base
from qualify.extensions import db, limiter
from qualify.migrations import upgrade
from tests.permission_table import World, build_world

# No timing assertions in tests: hypothesis's per-example deadline is one, and it fails at
# random on a loaded machine. Speed is measured in bench/.
hypothesis.settings.register_profile("qualify", deadline=None)
hypothesis.settings.load_profile("qualify")

# argon2id at its production cost takes ~0.3 s a hash: the point against attackers, and
# most of the suite's time when hundreds of tests each create accounts and sign in. Tests
# keep the algorithm and lower only the cost (tests/accounts checks the hash is argon2id).
passwords._hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)

# The command line speaks the shell's language (core/locales.command_line_locale); tests
# read its English whatever the machine's LANG, and set another language where they test it.
os.environ["QUALIFY_LANGUAGE"] = "en"

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent
PASSWORD = "correct horse battery staple"


def site_today() -> dt.date:
    """Today as the site counts it (its time zone, as qualify.web.i18n.site_today): a test
    that dates a group or a workshop "today" by UTC would fail in the hour before midnight."""
    return utcnow().astimezone(ZoneInfo(DEFAULT_TIME_ZONE)).date()


def _database_url(tmp_path: Path) -> str:
    url = os.environ.get("QUALIFY_TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path / 'test.sqlite3'}"
    url = _worker_database(url)
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP SCHEMA public CASCADE")
        connection.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()
    return url


def _worker_database(url: str) -> str:
    """Under pytest-xdist each worker gets a database of its own beside the given one
    (`test` -> `test_gw0`), created on first use, so workers never share tables."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    given = sa.make_url(url)
    name = f"{given.database}_{worker}"
    engine = sa.create_engine(given, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        exists = connection.execute(
            sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        ).scalar()
        if not exists:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    engine.dispose()
    return given.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    tmp_path = tmp_path_factory.mktemp("qualify")
    url = _database_url(tmp_path)
    upgrade(url)
    os.environ["QUALIFY_INSTANCE_PATH"] = str(tmp_path / "instance")
    # The site's signing key (PDFs and badges), made once per test process, as
    # `qualify certificates init-key` makes it.
    create_signing_key(tmp_path / "signing", "Netzwerk Beispiel e. V.", utcnow())
    app = create_app(
        {
            "TESTING": True,
            "ENV_NAME": "testing",
            "SECRET_KEY": "test-secret-key-that-is-long-enough-for-tests",
            "DATABASE_URL": url,
            "WTF_CSRF_ENABLED": False,
            "CONTENT_DIR": FIXTURES / "content",
            "CERTIFICATES_DIR": FIXTURES / "certificates",
            "BASE_URL": "https://qualify.test",
            "SIGNING_DIR": tmp_path / "signing",
        }
    )
    yield app
    db.engine.dispose()


@pytest.fixture(autouse=True)
def _push_request_context() -> None:
    """Replace pytest-flask's: each client request gets its own app context and `g`,
    as in production, so no state leaks from one request to the next."""


@pytest.fixture(autouse=True)
def _rollback(app: Flask, request: pytest.FixtureRequest) -> Iterator[None]:
    """Run each test inside one transaction on one connection, rolled back at the end.

    Tests marked `committed` need real, committed transactions on many connections; they
    run on the engine itself, and every table is emptied afterwards.
    """
    limiter.reset()
    if request.node.get_closest_marker("committed"):
        try:
            yield
        finally:
            with db.engine.begin() as connection:
                for table in reversed(Base.metadata.sorted_tables):
                    connection.execute(table.delete())
        return
    connection = db.engine.connect()
    transaction = connection.begin()
    db.sessionmaker.configure(bind=connection, join_transaction_mode="create_savepoint")
    try:
        yield
    finally:
        transaction.rollback()
        connection.close()
        db.sessionmaker.configure(bind=db.engine, join_transaction_mode="conditional_savepoint")


@pytest.fixture
def build_app(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Flask]]:
    """Build another app on the test database (e.g. a development or production site).

    create_app binds the shared `db` to a new engine; the test's rolled-back connection is
    put back at once, so the other app's requests run inside the test's transaction too.
    """
    engine, bound = db.engine, dict(db.sessionmaker.kw)
    made = []

    def build(**config: object) -> Flask:
        monkeypatch.setenv("QUALIFY_INSTANCE_PATH", app.instance_path)
        try:
            return create_app({**app.config, **config})
        finally:  # also when create_app refuses to start
            made.append(db.engine)
            db.engine = engine
            db.sessionmaker.configure(**bound)

    yield build
    for other_engine in made:
        if other_engine is not engine:
            other_engine.dispose()


@pytest.fixture
def signing_key(app: Flask) -> SigningKey:
    return load_signing_key(app.config["SIGNING_DIR"])


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    """A session for arranging and checking data, separate from the requests' sessions."""
    with db.sessionmaker() as session:
        yield session


@pytest.fixture(scope="session")
def shipped_content() -> ContentSet:
    """The shipped courses and qualifications, parsed once per test process (ruamel's
    round-trip YAML takes seconds for them). Specs are frozen; do not change the lists."""
    content = load_content(REPO / "course_content", REPO / "certificates")
    assert content.ok, content.problems
    return content


@pytest.fixture
def imported_content(session: Session) -> None:
    """Import the small test course and its qualifications."""
    import_content(session, load_content(FIXTURES / "content", FIXTURES / "certificates"))


@pytest.fixture
def make_user(session: Session) -> Callable[..., User]:
    counter = iter(range(1, 10_000))

    def make(
        role: Role = Role.LEARNER,
        name: str | None = None,
        email: str | None = None,
        locale: str = "de",
    ) -> User:
        n = next(counter)
        return accounts.create_user(
            session,
            email=email or f"{role.value}{n}@example.org",
            name=name or f"Person {n}",
            password=PASSWORD,
            role=role,
            locale=locale,
        )

    return make


@pytest.fixture
def login_as(client: FlaskClient, make_user: Callable[..., User]) -> Callable[..., User]:
    """Create a user with the given role (or take one) and log the test client in."""

    def login(role_or_user: Role | User = Role.LEARNER, **kwargs: object) -> User:
        user = role_or_user if isinstance(role_or_user, User) else make_user(role_or_user, **kwargs)
        client.post("/logout")
        response = client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, "login failed"
        return user

    return login


@pytest.fixture
def make_cohort(session: Session) -> Callable[..., Cohort]:
    """A running cohort trained by `trainer` with these learners as participants. Its
    qualification is an archived one of its own unless given, so nothing is awarded for it."""

    def make(trainer: User, *learners: User, qualification_id: int | None = None) -> Cohort:
        if qualification_id is None:
            qualification = Qualification(
                slug=f"gruppe-{trainer.id}-{len(learners)}-{secrets.token_hex(3)}",
                title={"de": "Testqualifizierung"},
                description={"de": ""},
                requirements=[],
                archived=True,
            )
            session.add(qualification)
            session.flush()
            qualification_id = qualification.id
        today = site_today()
        cohort = Cohort(
            name=f"Gruppe von {trainer.name}",
            qualification_id=qualification_id,
            starts_on=today,
            ends_on=today,
            place="online",
            capacity=30,
        )
        cohort.trainers.append(CohortTrainer(user_id=trainer.id))
        cohort.members.extend(CohortMember(user_id=learner.id) for learner in learners)
        session.add(cohort)
        session.commit()
        return cohort

    return make


@pytest.fixture
def world(
    imported_content: None,
    session: Session,
    make_user: Callable[..., User],
    make_cohort: Callable[..., Cohort],
) -> World:
    """The owner, trainers, cohorts, workshops, attempt and certificate that the permission
    table's URLs name (tests/permission_table.py)."""
    return build_world(session, make_user, make_cohort)


@contextmanager
def count_queries() -> Iterator[list[str]]:
    """Collect the SQL statements run inside the block (on any connection of the engine)."""
    statements: list[str] = []

    def record(_conn, _cursor, statement, _params, _context, _many):  # noqa: ANN001
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)
