"""One sentence for a person about a fault: the database, a file, or anything else.

The command lines print this instead of a traceback. It names what failed (the
database as `describe_database` gives it, never a password; the file or folder) and
the system's reason in a few words, never a stack or a local variable.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from models.db import DatabaseMissing, describe_database


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line[:300]


def _database_reason(error: BaseException) -> str:
    """The driver's own first line, without SQLAlchemy's wrapping and background link."""
    original = getattr(error, "orig", None) or error
    reason = _first_line(str(original))
    # psycopg: 'connection failed: connection to server at "127.0.0.1", port 1 failed:
    # Connection refused'; keep the end, which says why.
    if "failed:" in reason:
        reason = reason.rsplit("failed:", 1)[1].strip()
    return reason.rstrip(".") or type(original).__name__


def describe_file_error(error: OSError, path: str | os.PathLike[str] | None = None) -> str:
    """What went wrong with a file or folder, as one sentence."""
    where = Path(path) if path is not None else Path(error.filename or "the file")
    code = error.errno
    if isinstance(error, IsADirectoryError) or code == errno.EISDIR:
        return f"{where} is a folder, not a file."
    if isinstance(error, FileNotFoundError) or code == errno.ENOENT:
        return f"The folder {where.parent} does not exist."
    if isinstance(error, PermissionError) or code in (errno.EACCES, errno.EPERM):
        return f"Not allowed to write {where} (permission denied)."
    if code == errno.EROFS:
        return f"Cannot write {where}: the file system is read-only."
    if code in (errno.ENOSPC, errno.EDQUOT):
        return f"Cannot write {where}: the disk is full."
    reason = error.strerror or _first_line(str(error)) or type(error).__name__
    return f"Cannot write {where}: {reason}."


def describe_fault(error: BaseException, *, database_url: str | None = None) -> str:
    """One sentence about `error` for the person at the command line."""
    from sqlalchemy.exc import SQLAlchemyError

    if isinstance(error, DatabaseMissing):
        return str(error)
    if isinstance(error, SQLAlchemyError):
        database = describe_database(database_url)
        return f"Cannot use the database ({database}): {_database_reason(error)}."
    if isinstance(error, OSError):
        return describe_file_error(error)
    reason = _first_line(str(error))
    return f"Unexpected error ({type(error).__name__}{': ' + reason if reason else ''})."
