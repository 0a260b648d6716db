"""Writing exports: whole files or nothing, and CSV that a spreadsheet reads as data.

An export is written to a temporary file in the same folder, flushed to the disk, and
renamed over the target (`os.replace`, atomic on one file system): a full disk, a
missing folder or a crash leaves the old file or none, never half a file or an empty one.

A CSV cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a
formula by Excel and LibreOffice (OWASP "CSV injection": a visitor named
`=HYPERLINK(...)`, a desk called `-1+1 Desk`). Such a cell gets a leading `'`, which the
spreadsheets show as text. Only text cells are changed: numbers and booleans are data.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import io
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet takes as the start of a formula (OWASP's list)."""


def spreadsheet_safe(value: Any) -> Any:
    """`value` as a CSV cell that cannot run as a formula (text gets a `'` if needed)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> str:
    """The CSV of `rows` under a header of `columns`, every text cell spreadsheet-safe."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(columns))
    writer.writerow({column: spreadsheet_safe(column) for column in columns})
    for row in rows:
        writer.writerow({key: spreadsheet_safe(value) for key, value in row.items()})
    return buffer.getvalue()


def write_atomically(path: str | os.PathLike[str], text: str) -> None:
    """Write `text` (UTF-8) to `path` whole, or leave `path` as it was.

    Raises:
        OSError: the folder is missing or read-only, the path is a folder, the disk is
            full... (no temporary file is left behind).
    """
    target = Path(path)
    try:
        _write_via_temporary(target, text)
    except OSError as error:
        # Name the file asked for, not the temporary one (or none, as a full disk does).
        raise OSError(error.errno, error.strerror or str(error), str(target)) from None


def _write_via_temporary(target: Path, text: str) -> None:
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, "Is a directory", str(target))
    folder = target.parent
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed or removed below
        "w", encoding="utf-8", newline="", dir=folder, prefix=f".{target.name}.", delete=False
    )
    try:
        with handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(handle.name)
        raise
    # The rename itself is kept only once the folder is on the disk too.
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
