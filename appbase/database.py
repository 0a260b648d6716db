"""Opening the database with retries, and watching its health afterwards.

`DatabaseLink.run` is the body of one long-lived thread worker per app: it opens the
database and brings its schema up to date, retrying with back-off while that fails;
once open, it runs a cheap query every few seconds. Each change between online and
offline is reported once, with a sentence for staff that names the database. Nothing
here imports Textual, and SQLAlchemy is imported only inside the thread (the kiosk must
paint Welcome before loading it).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from appbase.failures import is_database_error

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

log = logging.getLogger("frontdesk.database")

CHECK_SECONDS = 2.0
"""How often an open database is checked: an outage shows within about this long."""
FIRST_RETRY_SECONDS = 0.5
"""The first wait after a failed attempt; it doubles up to MAX_RETRY_SECONDS."""
MAX_RETRY_SECONDS = 4.0
"""The longest wait between attempts: the database's return shows within this long."""


@dataclass(frozen=True)
class DatabaseStatus:
    """Whether the app can use its database now, and what to tell staff."""

    online: bool
    """The last attempt or check succeeded."""
    where: str
    """The database, for staff (`models.db.describe_database`)."""
    problem: str = ""
    """Why it cannot be used (one sentence), when offline."""
    reason: str = ""
    """The same in a few words for a short status line ("not found"), when offline."""

    @property
    def sentence(self) -> str:
        """One line for a staff-facing status."""
        if self.online:
            return f"Database: {self.where}."
        return f"Database offline: {self.problem}"


def open_database(url: str | None) -> Engine:
    """Open the database and bring its schema up to date (both may raise)."""
    from models.db import open_database as open_and_upgrade

    return open_and_upgrade(url)


def ping(engine: Engine) -> None:
    """One cheap round trip; raises when the database does not answer.

    A raw driver connection, so that no transaction is begun: on SQLite every
    transaction the engine begins takes the write lock, and a health check every few
    seconds must never queue behind (or hold up) a visitor's check-in.
    """
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute("SELECT 1")
        cursor.fetchall()
        cursor.close()
    finally:
        connection.close()


def problem_reason(error: BaseException, *, opening: bool) -> str:
    """What is wrong with the database, in a few words (the board's status line)."""
    from models.db import DatabaseMissing

    if isinstance(error, DatabaseMissing):
        return "not found"
    if is_database_error(error):
        return "does not answer"
    if opening:
        return "cannot be opened"
    return "failed a health check"


def problem_sentence(where: str, error: BaseException, *, opening: bool) -> str:
    """Why the database cannot be used, in one sentence that names it."""
    from models.db import DatabaseMissing

    if isinstance(error, DatabaseMissing):
        return str(error)  # written for people: which file, and how to create it
    if is_database_error(error):
        return f"{where} does not answer."
    if opening:
        if isinstance(error, OSError) and error.strerror:
            # A folder that cannot be made or a file that cannot be read: say which.
            where_exactly = f" ({error.filename})" if error.filename else ""
            return f"{where} cannot be opened: {error.strerror}{where_exactly}."
        # Other opening errors from the engine factory are written for people (a
        # missing file): their first line is the reason.
        reason = (str(error).strip().splitlines() or [type(error).__name__])[0][:200]
        return f"{where} cannot be opened: {reason.rstrip('.')}."
    return f"{where} failed a health check ({type(error).__name__})."


class DatabaseLink:
    """The app's one way to its database: open, retry, watch.

    Args:
        url: The SQLAlchemy URL (None: the built-in SQLite file).
        opener: Opens the database and upgrades its schema (tests may count calls).
        check_seconds: How often an open database is checked.
    """

    def __init__(
        self,
        url: str | None,
        *,
        opener: Callable[[str | None], Engine] = open_database,
        check_seconds: float = CHECK_SECONDS,
    ) -> None:
        self.url = url
        self.where = ""
        """The database, for staff (`models.db.describe_database`), once the thread runs."""
        self.engine: Engine | None = None
        """Set once the schema is up to date; kept through outages (its pool reconnects)."""
        self.status = DatabaseStatus(online=False, where=self.where)
        """The latest state (read from any thread; replaced whole, never changed)."""
        self._opener = opener
        self._check_seconds = check_seconds
        self._wake = threading.Event()

    def check_now(self) -> None:
        """Check at once instead of at the next interval (after a failed unit of work)."""
        self._wake.set()

    def run(self, stop: threading.Event, changed: Callable[[DatabaseStatus], None]) -> None:
        """Open, retry and watch until `stop` is set; call `changed` on each change."""
        from models.db import describe_database

        self.where = describe_database(self.url)
        retry = FIRST_RETRY_SECONDS
        reported: DatabaseStatus | None = None
        while not stop.is_set():
            opening = self.engine is None
            try:
                if self.engine is None:
                    self.engine = self._opener(self.url)
                else:
                    ping(self.engine)
            except Exception as error:
                status = DatabaseStatus(
                    online=False,
                    where=self.where,
                    problem=problem_sentence(self.where, error, opening=opening),
                    reason=problem_reason(error, opening=opening),
                )
                if reported is None or reported.online or reported != status:
                    log.warning("database unavailable: %s", status.problem, exc_info=error)
                wait = retry
                retry = min(retry * 2, MAX_RETRY_SECONDS)
            else:
                status = DatabaseStatus(online=True, where=self.where)
                if reported is not None and not reported.online:
                    log.info("database back: %s", self.where)
                wait = self._check_seconds
                retry = FIRST_RETRY_SECONDS
            self.status = status
            if status != reported:
                reported = status
                changed(status)
            self._sleep(stop, wait)

    def _sleep(self, stop: threading.Event, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not stop.is_set() and not self._wake.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                break
            stop.wait(min(left, 0.1))
        self._wake.clear()

    def close(self) -> None:
        """Let the engine's connections go (the app is closing)."""
        if self.engine is not None:
            self.engine.dispose()
