"""Telling every terminal that the queue changed, so it refreshes within half a second.

Writers: on PostgreSQL every flush that changes a queue table also sends
`NOTIFY frontdesk_changes` on the same connection, in the same transaction, so the
notification is delivered exactly when (and only if) the change commits. It is one
session event for every rule, not a line in each.

Readers: `ChangeWatcher.wait(seconds)` returns as soon as something may have changed.
On PostgreSQL it LISTENs on a dedicated autocommit psycopg connection; on SQLite it
reads `PRAGMA data_version` on a connection kept open for it, a few times a second
(the number moves whenever another connection commits a write). If it cannot listen
(the database is away), `wait` sleeps and answers "refresh", so the apps fall back to
plain polling until it can again.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import ORMExecuteState, Session

from models.db import sqlite_uri
from models.tables import (
    Alert,
    ClosureRecord,
    Desk,
    HoursOverride,
    KioskControl,
    PrinterStatus,
    PrintJob,
    Visit,
    VisitEvent,
)

if TYPE_CHECKING:
    import psycopg

log = logging.getLogger("frontdesk.changes")

CHANNEL = "frontdesk_changes"
"""The PostgreSQL notification channel."""
SQLITE_CHECK_SECONDS = 0.15
"""How often a SQLite watcher reads `data_version` (about 7 cheap reads a second)."""
RETRY_SECONDS = 1.0
"""While the database is away, how long `wait` sleeps before answering "refresh"."""

_QUEUE_TABLES: tuple[type[Any], ...] = (
    Visit,
    VisitEvent,
    Alert,
    PrintJob,
    HoursOverride,
    ClosureRecord,
    KioskControl,
    Desk,
)
"""Tables whose changes some screen shows. A printer's status counts only when its
state changes: the spool rewrites its `checked_at` on every check."""


def _changes_queue(session: Session) -> bool:
    if any(
        isinstance(i, (*_QUEUE_TABLES, PrinterStatus)) for i in (*session.new, *session.deleted)
    ):
        return True
    for instance in session.dirty:
        if isinstance(instance, _QUEUE_TABLES) and session.is_modified(instance):
            return True
        if (
            isinstance(instance, PrinterStatus)
            and inspect(instance).attrs.state.history.has_changes()
        ):
            return True
    return False


def _notify(session: Session) -> None:
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        # PostgreSQL delivers it at commit, once per transaction however often sent.
        connection.exec_driver_sql(f"NOTIFY {CHANNEL}")


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context: object) -> None:
    if _changes_queue(session):
        _notify(session)


@event.listens_for(Session, "do_orm_execute")
def _bulk_change(state: ORMExecuteState) -> None:
    # Bulk UPDATE/DELETE statements (erasure, retention) bypass the flush.
    if (state.is_update or state.is_delete) and any(
        mapper.class_ in _QUEUE_TABLES for mapper in state.all_mappers
    ):
        _notify(state.session)


class ChangeWatcher:
    """Waits for the next change to the queue; one per refresh loop (not thread-safe).

    Args:
        engine: The apps' engine; its URL says which database to watch.
        check_seconds: SQLite only: how often `data_version` is read.
        stop: Ends any wait at once when set (e.g. a Textual worker's cancelled event).
    """

    def __init__(
        self,
        engine: Engine,
        *,
        check_seconds: float = SQLITE_CHECK_SECONDS,
        stop: threading.Event | None = None,
    ) -> None:
        self.url = engine.url
        self.check_seconds = check_seconds
        self.queries = 0
        """Round trips made to the database while waiting (the bench counts them)."""
        self.listening = False
        """Whether changes are being heard now (False: falling back to polling)."""
        self._pg: psycopg.Connection[Any] | None = None
        self._sqlite: sqlite3.Connection | None = None
        self._version: int | None = None
        self._closed = stop or threading.Event()
        self._warned = False
        self._file: int | None = None

    def wait(self, seconds: float) -> bool:
        """Return True as soon as something may have changed, False after `seconds` without.

        True also when the watcher cannot listen: the caller should then refresh
        (and will find out whether the database is there).
        """
        if self.url.get_backend_name() == "postgresql":
            return self._wait_postgresql(seconds)
        if self.url.database in (None, "", ":memory:"):
            time.sleep(min(seconds, RETRY_SECONDS))
            return True
        return self._wait_sqlite(seconds)

    def stop(self) -> None:
        """End any wait in progress at once (safe from any thread); `wait` then returns
        False without waiting."""
        self._closed.set()

    def close(self) -> None:
        """Close the watcher's own connection (from the thread that waits)."""
        self._closed.set()
        self._drop()
        self.listening = False

    def _drop(self) -> None:
        for connection in (self._pg, self._sqlite):
            if connection is not None:
                # Closing a broken connection may fail again; it is gone either way.
                with contextlib.suppress(Exception):
                    connection.close()
        self._pg = None
        self._sqlite = None
        self._version = None

    # --- PostgreSQL: LISTEN ---------------------------------------------------------

    def _listen(self) -> psycopg.Connection[Any]:
        import psycopg

        conninfo = self.url.set(drivername="postgresql").render_as_string(hide_password=False)
        connection = psycopg.connect(conninfo, autocommit=True, connect_timeout=5)
        connection.execute(f"LISTEN {CHANNEL}")
        self.queries += 1
        return connection

    def _wait_postgresql(self, seconds: float) -> bool:
        if self._pg is None:
            try:
                self._pg = self._listen()
            except Exception as error:
                self._lost(f"cannot listen for changes: {error}")
                self._closed.wait(min(seconds, RETRY_SECONDS))
                return True
            self._listening_again()
            # Anything may have changed while nobody was listening.
            return True
        try:
            heard = False
            deadline = time.monotonic() + seconds
            # In short slices, so that `stop` is noticed; waiting costs the server nothing.
            while not heard and not self._closed.is_set():
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                for _ in self._pg.notifies(timeout=min(left, 0.5), stop_after=1):
                    heard = True
            if heard:
                # One refresh covers every notification already waiting.
                for _ in self._pg.notifies(timeout=0.0):
                    pass
            if self._pg.closed:
                raise ConnectionError("the listening connection closed")
            return heard
        except Exception as error:
            self._lost(f"stopped listening for changes: {error}")
            return True

    # --- SQLite: data_version -------------------------------------------------------

    def _data_version(self) -> int:
        path = self.url.database or ""
        if self._sqlite is None:
            # Read-only, and never creating the file: the watcher only looks.
            self._sqlite = sqlite3.connect(
                sqlite_uri(Path(path), "ro"), uri=True, check_same_thread=False, timeout=1.0
            )
            self._file = os.stat(path).st_ino
        elif os.stat(path).st_ino != self._file:
            # The file was replaced or removed (a restore, an unmounted disk): the kept
            # connection would go on reading the old one.
            raise sqlite3.OperationalError(f"{path} is no longer the file opened")
        self.queries += 1
        row = self._sqlite.execute("PRAGMA data_version").fetchone()
        return int(row[0])

    def _wait_sqlite(self, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while True:
            try:
                version = self._data_version()
            except (sqlite3.Error, OSError) as error:
                self._lost(f"cannot read the database's version: {error}")
                self._closed.wait(min(seconds, RETRY_SECONDS))
                return True
            if self._version is None:
                # Just (re)opened: anything may have changed meanwhile.
                self._version = version
                self._listening_again()
                return True
            if version != self._version:
                self._version = version
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            if self._closed.wait(min(self.check_seconds, left)):
                return False

    def _listening_again(self) -> None:
        if not self.listening and self._warned:
            log.info("listening for changes again")
        self.listening = True
        self._warned = False

    def _lost(self, why: str) -> None:
        # Said once per outage, not once a second while it lasts.
        if not self._warned:
            log.warning("%s; polling instead", why)
            self._warned = True
        self.listening = False
        self._drop()


def watcher(engine: Engine) -> ChangeWatcher:
    """A change watcher for `engine`'s database (open it in the thread that waits)."""
    return ChangeWatcher(engine)
