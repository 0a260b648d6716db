"""The one engine factory, sessions, and bringing the schema up to date.

SQLite (the default, one machine) is opened in WAL mode with `synchronous=FULL`, a busy
timeout, and every transaction begun with `BEGIN IMMEDIATE`: a deferred transaction that
reads and then writes cannot wait its way out of "database is locked" (docs/design.md §6).
PostgreSQL (many terminals) is reached through psycopg 3.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import NullPool
from sqlmodel import Session, create_engine

_UPGRADE_LOCK = threading.Lock()
"""Alembic's migration context is process-global: one upgrade at a time per process."""

SQLITE_BUSY_TIMEOUT_MS = 30_000
"""How long a SQLite writer waits for another's transaction before giving up."""


def default_database_url() -> str:
    """A SQLite file in the platform's user data directory (created if needed)."""
    folder = Path(user_data_dir("frontdesk", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'frontdesk.db'}"


def _normalise(url: str) -> str:
    # A bare postgresql:// would pick psycopg2, which is not installed: use psycopg 3.
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the driver, issue BEGIN (the documented pysqlite recipe).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    # IMMEDIATE takes the write lock up front, so a reader never has to upgrade.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str | None = None, *, echo: bool = False) -> Engine:
    """Create the engine for `url` (default: the SQLite file in the user data directory)."""
    # Every process that writes the queue tells the others (NOTIFY on PostgreSQL).
    import models.changes  # noqa: F401

    url = _normalise(url or default_database_url())
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        # One file, many processes: pooled connections would only hold locks longer.
        engine = create_engine(
            url, echo=echo, poolclass=NullPool, connect_args={"check_same_thread": False}
        )
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(
        url,
        echo=echo,
        pool_pre_ping=True,
        pool_size=5,
        max_overflow=5,
        connect_args={"connect_timeout": 5},
    )


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def upgrade(engine: Engine) -> None:
    """Bring the database schema to the newest Alembic revision (the apps call this on start)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    config.attributes["connection_engine"] = engine
    with _UPGRADE_LOCK:
        command.upgrade(config, "head")
