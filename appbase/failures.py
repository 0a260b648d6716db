"""Turning an unexpected error into a short sentence for a person, and a log line for us.

No traceback, exception text or local variable ever reaches a screen: they can hold a
visitor's name or notes. The person sees a sentence and a reference (`E-1A2B3C`) that
is also written on the log line, so whoever reads the log finds the traceback at once.
"""

from __future__ import annotations

import logging
import secrets
import sys
import traceback
from dataclasses import dataclass


class DatabaseUnavailable(Exception):
    """The database cannot be reached now; the work was not tried.

    Its text is a sentence for staff (which database, and what is wrong).
    """


@dataclass(frozen=True)
class Failure:
    """What a person is told about an error, and how to find it in the log."""

    sentence: str
    """One plain sentence, without exception text."""
    reference: str
    """The id written on the log line beside the traceback."""
    database: bool
    """The error came from the database being unreachable (check its health now)."""

    @property
    def for_staff(self) -> str:
        """The sentence with the reference, for a staff-facing screen."""
        return f"{self.sentence} (log reference {self.reference})"


def new_reference() -> str:
    """A short id that ties a message on screen to a line in the log."""
    return "E-" + secrets.token_hex(3).upper()


def is_database_error(error: BaseException) -> bool:
    """The error means the database could not be reached (not a refused rule).

    SQLAlchemy is looked up, never imported: the kiosk loads it only after Welcome.
    """
    if isinstance(error, DatabaseUnavailable):
        return True
    db = sys.modules.get("models.db")
    if db is not None and isinstance(error, db.DatabaseMissing):
        return True  # the SQLite file went away while the app ran: it waits for it
    sa_exc = sys.modules.get("sqlalchemy.exc")
    if sa_exc is None:
        return False
    return isinstance(error, sa_exc.OperationalError | sa_exc.InterfaceError) or (
        isinstance(error, sa_exc.DBAPIError) and error.connection_invalidated
    )


def sentence_for(error: BaseException) -> str:
    """A staff-safe sentence naming the kind of problem, never the exception's text."""
    if isinstance(error, DatabaseUnavailable):
        return str(error)
    if is_database_error(error):
        return "The database could not be reached; nothing was changed."
    if isinstance(error, PermissionError):
        return "A file or device could not be opened: permission denied."
    if isinstance(error, OSError):
        return "A file, device or network connection failed."
    return "Something went wrong inside the app."


def record(log: logging.Logger, what: str, error: BaseException) -> Failure:
    """Log `error` with its traceback under a new reference; return what to show.

    The traceback goes into the log as text, not as the error itself (`exc_info`): a
    handler that keeps its records (a test's capture, a memory buffer) would keep the
    error, its frames, and through them the app and the visitor's screens for good.
    """
    reference = new_reference()
    written = "".join(traceback.format_exception(error)).rstrip("\n")
    log.error("%s [%s]\n%s", what, reference, written)
    return Failure(
        sentence=sentence_for(error), reference=reference, database=is_database_error(error)
    )
