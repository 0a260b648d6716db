"""The spool through a real database outage: the kiosk's log says so briefly, not 0.5 s apart.

On SQLite the database file is moved away (every connection opens the existing file
only, so the spool meets `DatabaseMissing`, as a kiosk does when a disk is unmounted);
on PostgreSQL a TCP forwarder between the spool and the server is closed (the server
itself is shared and never stopped), as when the database host goes away.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from config import settings_from_mapping
from models.db import make_engine, session_scope
from models.printjobs import get_print_job
from models.tables import PrintJobStatus
from printing.spool import POLL_SECONDS, REMINDER_SECONDS, Spool
from tests.conftest import Clock
from tests.forwarder import Forwarder
from tests.printing.test_spool import T0, check_in

OUTAGE_SECONDS = 20 * 60
"""How long the database stays away: 2,400 passes of the spool."""


class Ticker:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.seconds = 1000.0

    def __call__(self) -> float:
        return self.seconds


Switch = Callable[[], object]
"""Takes the database away, or brings it back."""


@contextmanager
def outage_switch(database_url: str) -> Iterator[tuple[str, Switch, Switch]]:
    """A URL to the test's database, and how to take the database away and bring it back."""
    if database_url.startswith("sqlite"):
        file = Path(make_url(database_url).database or "")
        away = file.with_name("away.db")
        yield database_url, lambda: file.rename(away), lambda: away.rename(file)
        return
    forwarder = Forwarder.to(database_url)
    forwarder.open()
    try:
        yield forwarder.url_through(database_url), forwarder.close, forwarder.open
    finally:
        forwarder.close()


def test_an_outage_is_logged_once_then_briefly_then_its_end(
    database_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = settings_from_mapping({"printer": {"preview_dir": str(tmp_path / "tickets")}})
    ticker = Ticker()
    with outage_switch(database_url) as (url, go_away, come_back):
        engine = make_engine(url)
        try:
            spool = Spool(engine, settings, clock=Clock(T0), monotonic=ticker)
            caplog.set_level(logging.INFO, logger="printing.spool")
            spool.run_pass()  # the printer is checked and recorded: all well
            go_away()
            caplog.clear()
            passes = int(OUTAGE_SECONDS / POLL_SECONDS)
            for _ in range(passes):
                spool.run_pass()
                ticker.seconds += POLL_SECONDS
            during = list(caplog.records)
            caplog.clear()
            come_back()
            job = check_in(engine, settings, T0)
            spool.run_pass()
            after = list(caplog.records)
            with session_scope(engine) as session:
                printed = get_print_job(session=session, job_id=job).status
        finally:
            engine.dispose()

    # The first failure, whole, with its traceback: what a person needs to find the cause.
    first, *reminders = during
    assert first.levelno == logging.ERROR and first.exc_info is not None
    assert "print spool pass failed" in first.getMessage()
    # Then a line every few minutes, saying how long it has gone on, and no traceback.
    assert len(reminders) == OUTAGE_SECONDS // REMINDER_SECONDS - 1
    for number, reminder in enumerate(reminders, start=1):
        words = reminder.getMessage()
        assert reminder.exc_info is None and "\n" not in words and len(words) < 400
        failed = int(number * REMINDER_SECONDS / POLL_SECONDS) + 1
        assert words.startswith(
            f"print spool still failing: {failed} passes failed over "
            f"{number * REMINDER_SECONDS:.0f} s; the latest: "
        ), words
    text = "\n".join(logging.Formatter().format(record) for record in during)
    assert len(text) < 12_000  # 2,400 tracebacks were about 11 MB
    # The end of the outage is said once, and the spool prints again.
    assert [r.getMessage() for r in after if r.levelno >= logging.WARNING] == [
        f"print spool working again after {passes} failed passes over "
        f"{OUTAGE_SECONDS - POLL_SECONDS:.0f} s"
    ]
    assert printed == PrintJobStatus.PRINTED
