"""Fixtures shared by the suite: settings, a clock, and one engine fixture for both databases.

Database tests run on SQLite always, and on PostgreSQL when FRONTDESK_TEST_DATABASE_URL
is set (CI sets it). Each PostgreSQL test gets a schema of its own, dropped afterwards.
When the variable is set and the server cannot be reached the tests fail: a CI that
silently skipped its PostgreSQL half would prove nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from config import Settings
from models.db import make_engine, upgrade

PG_ENV = "FRONTDESK_TEST_DATABASE_URL"

# Hypothesis profiles. "ci" is the default: 200 examples of up to 50 steps, on each
# backend. Measured on the 2-core machine, the queue's stateful test costs about 0.4 s
# of CPU an example on each backend (see tests/database/test_queue_model.py for what
# made it cheap). `--hypothesis-profile=long` searches 5,000 (hours: run it by hand or
# nightly); "quick" runs 10 while working on the model. Database steps are slow and vary
# with the machine's load, so there is no per-example deadline.
hypothesis_settings.register_profile(
    "ci",
    max_examples=200,
    stateful_step_count=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
hypothesis_settings.register_profile(
    "long", parent=hypothesis_settings.get_profile("ci"), max_examples=5000
)
hypothesis_settings.register_profile(
    "quick", parent=hypothesis_settings.get_profile("ci"), max_examples=10
)
hypothesis_settings.load_profile("ci")


def backends() -> list[str]:
    """The database kinds this run tests on."""
    return ["sqlite", "postgresql"] if os.environ.get(PG_ENV) else ["sqlite"]


def postgres_schema_url(base: str, schema: str, options: str = "") -> str:
    """`base` with a search_path option, so every connection lands in `schema`.

    `options` are more server settings for every connection (`-cname=value ...`).
    """
    separator = "&" if "?" in base else "?"
    settings = f"-csearch_path={schema} {options}".strip()
    return f"{base}{separator}options={quote(settings)}"


@pytest.fixture
def settings() -> Settings:
    """The built-in defaults: the charter's office."""
    return Settings()


class Clock:
    """A clock the test moves by hand (apps and the spool take it as `clock`)."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        """Move time on."""
        self.now += dt.timedelta(seconds=seconds)


def london(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> dt.datetime:
    """An aware UTC instant for a wall-clock time in Europe/London."""
    from zoneinfo import ZoneInfo

    local = dt.datetime(year, month, day, hour, minute, second, tzinfo=ZoneInfo("Europe/London"))
    return local.astimezone(dt.UTC)


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated database URL on the backend the test is parametrized with.

    A test marked `no_fsync` (thousands of commits, none of them about surviving a
    crash) gets commits that do not wait for the disk: its SQLite file in memory-backed
    /dev/shm where there is one, and PostgreSQL's `synchronous_commit` off for its
    connections. Locking, transactions and what each reader sees are the same.
    """
    backend = getattr(request, "param", "sqlite")
    no_fsync = request.node.get_closest_marker("no_fsync") is not None
    if backend == "sqlite":
        folder = tmp_path
        if no_fsync and Path("/dev/shm").is_dir():
            folder = Path(tempfile.mkdtemp(prefix="frontdesk-test-", dir="/dev/shm"))
        url = f"sqlite:///{folder / 'frontdesk.db'}"
        engine = make_engine(url, create=True)
        upgrade(engine)
        engine.dispose()
        try:
            yield url
        finally:
            if folder != tmp_path:
                shutil.rmtree(folder, ignore_errors=True)
        return
    with postgres_schema(options="-csynchronous_commit=off" if no_fsync else "") as url:
        yield url


@contextmanager
def postgres_schema(options: str = "") -> Iterator[str]:
    """A migrated PostgreSQL schema of its own (URL), dropped afterwards.

    `options` are more server settings for its connections (`-cname=value ...`).
    """
    base = os.environ[PG_ENV]
    schema = f"fdtest_{uuid.uuid4().hex[:12]}"
    admin = create_engine(
        base.replace("postgresql://", "postgresql+psycopg://", 1),
        connect_args={"connect_timeout": 5},
    )
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as error:
        pytest.fail(f"{PG_ENV} is set but PostgreSQL is unreachable: {error}")
    url = postgres_schema_url(base, schema, options)
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    try:
        yield url
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, migrated PostgreSQL schema; the test is skipped without PostgreSQL."""
    if not os.environ.get(PG_ENV):
        pytest.skip(f"needs PostgreSQL ({PG_ENV})")
    with postgres_schema() as url:
        yield url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on the fresh database."""
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run every test that uses the database once per backend."""
    if "database_url" in metafunc.fixturenames:
        metafunc.parametrize("database_url", backends(), indirect=True)
