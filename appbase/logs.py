"""Logging to a rotating file: the one place an app's errors and tracebacks go."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from platformdirs import user_log_dir

LOG_BYTES = 2_000_000
"""A log file is rotated at about this size."""
LOG_BACKUPS = 5
"""How many rotated files are kept beside the current one."""
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def default_log_path(app_name: str) -> Path:
    """`<app_name>.log` in the platform's user log directory.

    On Linux that is `~/.local/state/frontdesk/log/`, beside the other state of the user
    the app runs as.
    """
    return Path(user_log_dir("frontdesk", appauthor=False)) / f"{app_name}.log"


class _FrontdeskHandler(logging.handlers.RotatingFileHandler):
    """Our own file handler, told apart from any other on the root logger."""


def configure_logging(log_file: str | Path | None, app_name: str) -> Path:
    """Send every log record of the process to a rotating file; returns its path.

    Args:
        log_file: The configured file, or None for the default under the state directory.
        app_name: Names the default file (`kiosk`, `console`, `board`).

    Raises:
        OSError: The folder cannot be made or the file cannot be opened (the command line
            turns this into a sentence).
    """
    path = Path(log_file) if log_file else default_log_path(app_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = _FrontdeskHandler(path, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8")
    handler.setFormatter(logging.Formatter(FORMAT))
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _FrontdeskHandler)]:
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def stop_logging() -> None:
    """Close and remove the file handler `configure_logging` added (tests call this)."""
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _FrontdeskHandler)]:
        root.removeHandler(old)
        old.close()
