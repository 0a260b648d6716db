"""The one engine factory, read and write sessions, and bringing the schema up to date.

SQLite (the default, one machine) is opened in WAL mode with `synchronous=FULL` and a
busy timeout. WAL lets readers work beside one writer, so the two kinds of unit of work
begin differently:

- `read_scope` begins a plain deferred transaction: it reads one consistent snapshot
  and never waits for a writer (the kiosk's poll, the console's refresh, sign-in's
  look-up). It is read-only (`PRAGMA query_only` on SQLite, a READ ONLY transaction on
  PostgreSQL), so a rule that writes by mistake fails loudly instead of upgrading a
  reader to a writer.
- `session_scope` (for units of work that write) begins `BEGIN IMMEDIATE`: a deferred
  transaction that reads and then writes cannot wait its way out of "database is
  locked", an immediate one takes the write lock up front and waits for it in turn
  (docs/design.md §6).

Slow work (PIN hashing, rendering, printing) never runs inside a write scope: it would
hold every other writer back for its whole length.

A configured SQLite file that does not exist is not created on the quiet (a typo would
start a new, empty queue): `make_engine` raises `DatabaseMissing` unless asked to create
it (`staff-console init-db`) or the path is the built-in default. Schema upgrades are
serialised across processes and machines: a PostgreSQL advisory lock, or an `flock` on
the SQLite file's folder. Every SQLite connection opens the existing file only (URI
`mode=rw`): a file that goes away while an app runs is `DatabaseMissing`, never made
again empty.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from platformdirs import user_data_dir
from sqlalchemy import event, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.pool import NullPool
from sqlmodel import Session, create_engine

_UPGRADE_LOCK = threading.Lock()
"""Alembic's migration context is process-global: one upgrade at a time per process."""

SQLITE_BUSY_TIMEOUT_MS = 30_000
"""How long a SQLite writer waits for another's transaction before giving up."""

MIGRATION_LOCK_KEY = 0x66726F6E74646B
"""The PostgreSQL advisory lock held around a schema upgrade ("frontdk" in ASCII)."""

_READ_ONLY = "frontdesk_read_only"
"""Execution option that marks a read scope's connections."""


class DatabaseMissing(Exception):
    """The configured SQLite file (or its folder) does not exist, and nobody asked for it.

    The message is one sentence for a person: which file, and how to create it.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        """The file that was not found."""
        super().__init__(
            f"The database file {path} does not exist: check [database] url in the "
            "configuration, or create it with `staff-console init-db`."
        )


def default_database_path() -> Path:
    """The built-in SQLite file in the platform's user data directory."""
    return Path(user_data_dir("frontdesk", appauthor=False)) / "frontdesk.db"


def default_database_url() -> str:
    """A SQLite URL for the built-in file (its folder is made when it is opened)."""
    return f"sqlite:///{default_database_path()}"


def _normalise(url: str) -> str:
    # A bare postgresql:// would pick psycopg2, which is not installed: use psycopg 3.
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def _sqlite_file(parsed: URL) -> Path | None:
    database = parsed.database or ""
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def describe_database(url: str | None) -> str:
    """Which database `url` is, for staff: host and name, or the file. Never a password."""
    try:
        parsed = make_url(_normalise(url or default_database_url()))
    except Exception:  # an unparseable URL is described, not raised, here
        return "an unreadable database address"
    if parsed.get_backend_name() == "sqlite":
        file = _sqlite_file(parsed)
        return f"SQLite file {file}" if file else "SQLite in memory"
    where = parsed.host or "localhost"
    if parsed.port:
        where = f"{where}:{parsed.port}"
    return f"PostgreSQL database {parsed.database or '(default)'} on {where}"


def sqlite_uri(file: Path, mode: str) -> str:
    """A SQLite `file:` URI for `file` opened in `mode` (`rw`: never creates it; `ro`)."""
    # Percent-encoded, so that a "?" or "#" in a folder's name is not read as the query.
    return f"file:{quote(str(file))}?mode={mode}"


def _open_existing(file: Path) -> Any:
    """A `do_connect` hook: every connection opens the existing file, never a new one.

    SQLite's default would create an empty file when the real one has gone (moved,
    restored, an unmounted disk), and the app would carry on against an empty queue.
    """

    def connect(dialect: Any, _record: Any, _cargs: list[Any], cparams: dict[str, Any]) -> Any:
        try:
            return dialect.dbapi.connect(sqlite_uri(file, "rw"), uri=True, **cparams)
        except sqlite3.OperationalError as error:
            if not file.is_file():
                raise DatabaseMissing(file) from error
            raise

    return connect


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
    if connection.get_execution_options().get(_READ_ONLY):
        # A WAL reader: deferred, so it takes no lock and never waits for a writer.
        connection.exec_driver_sql("PRAGMA query_only = 1")
        connection.exec_driver_sql("BEGIN")
    else:
        # IMMEDIATE takes the write lock up front, so a writer never has to upgrade.
        connection.exec_driver_sql("PRAGMA query_only = 0")
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str | None = None, *, echo: bool = False, create: bool = False) -> Engine:
    """Create the engine for `url` (default: the SQLite file in the user data directory).

    Args:
        create: Make a SQLite file (and its folder) that does not exist yet. Without
            it only the built-in default file is made on first use.

    Raises:
        DatabaseMissing: a configured SQLite file does not exist and `create` is false.
    """
    # Every process that writes the queue tells the others (NOTIFY on PostgreSQL).
    import models.changes  # noqa: F401

    if url is None:
        url, create = default_database_url(), True
    url = _normalise(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        file = _sqlite_file(parsed)
        if file is not None:
            if file == default_database_path():
                create = True
            if create:
                file.parent.mkdir(parents=True, exist_ok=True)
                # Made here, once, on purpose: the engine's connections never make it.
                sqlite3.connect(file).close()
            elif not file.is_file():
                raise DatabaseMissing(file)
        # One file, many processes: pooled connections would only hold locks longer.
        engine = create_engine(
            url, echo=echo, poolclass=NullPool, connect_args={"check_same_thread": False}
        )
        if file is not None:
            event.listen(engine, "do_connect", _open_existing(file))
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
    """One unit of work that writes: commit on success, roll back on any error.

    On SQLite it begins `BEGIN IMMEDIATE`, so it holds the write lock from its first
    statement to its commit: keep it short, and do slow work before or after it.
    """
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


@contextmanager
def read_scope(engine: Engine) -> Iterator[Session]:
    """One unit of work that only reads: a consistent snapshot that waits for no writer.

    Writing inside it fails (SQLite's `query_only`, PostgreSQL's READ ONLY).
    """
    options: dict[str, Any] = {_READ_ONLY: True}
    if engine.dialect.name == "postgresql":
        options["postgresql_readonly"] = True
    with Session(engine.execution_options(**options), expire_on_commit=False) as session:
        try:
            yield session
        finally:
            # Nothing to keep: ending a read transaction is the same either way.
            session.rollback()


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """Hold the lock that serialises schema upgrades across processes and machines."""
    if engine.dialect.name == "postgresql":
        # A session-level advisory lock: other upgraders wait here until it is released,
        # and it goes with the connection if this process dies.
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
            connection.commit()
            try:
                yield
            finally:
                connection.execute(
                    text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK_KEY}
                )
                connection.commit()
        return
    file = _sqlite_file(engine.url) if engine.dialect.name == "sqlite" else None
    if file is None:
        yield
        return
    # The file's folder, never the database itself: closing any descriptor of the
    # database file would drop SQLite's own POSIX locks held by this process. Nor a lock
    # file beside it: that would be left there, and made again beside a missing file.
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on Windows; one process per file there
        yield
        return
    descriptor = os.open(file.parent if str(file.parent) else ".", os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the flock


def upgrade(engine: Engine) -> None:
    """Bring the database schema to the newest Alembic revision (the apps call this on start).

    Any number of processes, on any number of machines, may call it at once: they take
    turns, and those after the first find nothing to do.
    """
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    config.attributes["connection_engine"] = engine
    with _UPGRADE_LOCK, _migration_lock(engine):
        command.upgrade(config, "head")


def open_database(url: str | None, *, create: bool = False) -> Engine:
    """The engine on `url` with its schema up to date (what apps and command lines open).

    Raises:
        DatabaseMissing: a configured SQLite file does not exist and `create` is false.
        sqlalchemy.exc.SQLAlchemyError: the database cannot be reached or upgraded.
    """
    engine = make_engine(url, create=create)
    try:
        upgrade(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine
