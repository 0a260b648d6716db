"""The board on the app base: the database opened with back-off, one error policy.

PostgreSQL outages go through a TCP forwarder the test opens and closes (the shared
server is never stopped); they run when FRONTDESK_TEST_DATABASE_URL is set, as in CI.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from appbase.logs import configure_logging, stop_logging
from display.app import make_board_app
from models import board as board_model
from tests.board.harness import (
    QUIET,
    SIZE,
    THURSDAY_TEN,
    board,
    board_settings,
    call_next,
    check_in,
    database,
)
from tests.board.test_board import minutes, shown
from tests.conftest import Clock
from tests.forwarder import Forwarder
from tests.kiosk.harness import wait_until

RECOVERY_SECONDS = 15.0
"""The base retries at most every 4 s; the rest is slack for a loaded test machine."""
SECRET = "Ann Lee, notes: eviction on Friday"


async def wait_for(pilot: Any, condition: Any, seconds: float = 10.0) -> None:
    """Like `wait_until`, for tests where an error is expected (it fails on any)."""
    for _ in range(int(seconds / 0.02)):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("the board did not get there in time")


class Boom(RuntimeError):
    """The unexpected error."""


@pytest.fixture
def forwarder(postgres_url: str) -> Iterator[Forwarder]:
    """A closed forwarder to the test's PostgreSQL; closed again at the end."""
    forwarder = Forwarder.to(postgres_url)
    yield forwarder
    forwarder.close()


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    """The board's log, as configured in production, removed again afterwards."""
    path = configure_logging(tmp_path / "logs" / "board.log", "board")
    yield path
    stop_logging()


async def test_a_board_started_without_its_database_says_updating_then_carries_on(
    postgres_url: str, forwarder: Forwarder
) -> None:
    settings = board_settings()
    check_in(postgres_url, settings, now=THURSDAY_TEN, name="Ann Lee")
    call_next(postgres_url, settings, "Desk 2", THURSDAY_TEN + minutes(1))
    url = forwarder.url_through(postgres_url)
    app, _ = board(url, settings, now=THURSDAY_TEN + minutes(2))
    async with app.run_test(size=SIZE) as pilot:
        # Closed forwarder: the base's thread keeps trying; the board stays quiet.
        await wait_until(pilot, lambda: app.database_status.problem != "", seconds=RECOVERY_SECONDS)
        await pilot.pause()
        text = shown(app)
        assert "Updating…" in text and "A001" not in text
        assert app.reads == 0 and app.current is None
        # Staff glancing at the status line see which database, and what is wrong.
        assert f"on 127.0.0.1:{forwarder.port} — does not answer)" in text
        # The database comes back: the call appears without a restart.
        forwarder.open()
        await wait_until(pilot, lambda: app.current is not None, seconds=RECOVERY_SECONDS)
        await pilot.pause()
        assert "Ticket A001, please go to Desk 2." in shown(app)
        # Away in the middle of the day: no stale call presented as current ...
        forwarder.close()
        await wait_until(pilot, lambda: not app.available, seconds=RECOVERY_SECONDS)
        await pilot.pause()
        text = shown(app)
        assert "Updating…" in text and "A001" not in text
        # ... and back again, by itself; a call made meanwhile is shown and spoken.
        call_next(postgres_url, settings, "Desk 1", THURSDAY_TEN + minutes(2))
        forwarder.open()
        await wait_until(pilot, lambda: app.available, seconds=RECOVERY_SECONDS)
        await pilot.pause()
        assert app.errors == []
        assert app.problem is None  # an outage is not a fault: no log reference shown


async def test_an_error_in_the_board_is_logged_with_a_reference_and_re_raised(
    tmp_path: Path, log_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = board_settings()
    url = database(tmp_path)
    check_in(url, settings, now=THURSDAY_TEN, name="Ann Lee")
    call_next(url, settings, "Desk 1", THURSDAY_TEN + minutes(1))
    app, _ = board(url, settings, now=THURSDAY_TEN + minutes(2))
    tick = type(app).tick

    def crash_once_read(self: Any) -> None:
        if self.reads:
            visitor = SECRET  # a local a traceback with locals would print
            raise Boom(f"failed for {visitor}")
        tick(self)

    monkeypatch.setattr(type(app), "tick", crash_once_read)

    async def run_until_it_closes() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(pilot, lambda: not app.is_running, seconds=10)

    with pytest.raises(Boom):  # run_test re-raises it, as the base makes it
        await run_until_it_closes()
    assert app.return_code == 1 and app.failure is not None
    reference = app.failure.reference
    log = log_file.read_text(encoding="utf-8")
    assert f"unexpected error [{reference}]" in log
    assert "Traceback (most recent call last)" in log and "raise Boom" in log

    # The launcher starts a fresh board, which says so quietly, for staff.
    monkeypatch.undo()
    again = make_board_app(
        settings,
        board=QUIET,
        database_url=url,
        clock=Clock(THURSDAY_TEN + minutes(2)),
        previous_failure=app.failure,
    )
    async with again.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: again.current is not None)
        await pilot.pause()
        text = shown(again)
        assert f"Restarted after an unexpected error (log reference {reference})." in text
        assert "Ticket A001, please go to Desk 1." in text
        assert "Ann Lee" not in text and "Boom" not in text and "Traceback" not in text


async def test_a_failed_read_is_logged_told_quietly_and_the_board_carries_on(
    tmp_path: Path, log_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = board_settings()
    url = database(tmp_path)
    check_in(url, settings, now=THURSDAY_TEN)
    call_next(url, settings, "Desk 1", THURSDAY_TEN + minutes(1))
    real = board_model.board_snapshot
    failures = iter([Boom(SECRET)])

    def snapshot_failing_once(*args: Any, **kwargs: Any) -> Any:
        error = next(failures, None)
        if error is not None:
            raise error
        return real(*args, **kwargs)

    monkeypatch.setattr(board_model, "board_snapshot", snapshot_failing_once)
    app, _ = board(url, settings, now=THURSDAY_TEN + minutes(2))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.problem is not None)
        await pilot.pause()
        text = shown(app)
        assert "Something went wrong inside the app. (log reference E-" in text
        assert SECRET not in text and "Boom" not in text
        # The next change is read as usual: one bad read does not stop the calls.
        check_in(url, settings, now=THURSDAY_TEN + minutes(2))
        call_next(url, settings, "Desk 2", THURSDAY_TEN + minutes(2))
        await wait_for(pilot, lambda: app.current is not None and app.current.ticket == "A002")
        assert app.is_running and len(app.errors) == 1
    log = log_file.read_text(encoding="utf-8")
    (reference,) = [e.split(":")[0] for e in app.errors]
    assert f"reading the queue failed [{reference}]" in log and "Boom" in log


async def test_a_board_whose_sqlite_file_goes_away_waits_for_it_and_never_makes_it_again(
    tmp_path: Path,
) -> None:
    settings = board_settings()
    url = database(tmp_path)
    check_in(url, settings, now=THURSDAY_TEN, name="Ann Lee")
    call_next(url, settings, "Desk 2", THURSDAY_TEN + minutes(1))
    file, away = tmp_path / "board.db", tmp_path / "away.db"
    app, _ = board(url, settings, now=THURSDAY_TEN + minutes(2))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.current is not None, seconds=RECOVERY_SECONDS)
        # Moved away while the board runs (a restore, an unmounted disk). Its -wal and
        # -shm may stay behind (SQLite's, while a connection had them); nothing else.
        file.rename(away)
        before = {p.name for p in tmp_path.iterdir()}
        await wait_for(pilot, lambda: not app.available, seconds=RECOVERY_SECONDS)
        # Three health checks later, nothing has made an empty file in its place (nor a
        # lock file), and the board still waits.
        await pilot.pause(3 * 2.0 + 0.5)
        after = {p.name for p in tmp_path.iterdir()}
        assert "board.db" not in after and after <= before, after - before
        assert not [name for name in after if name.endswith(".lock")]
        assert not app.database_status.online and not app.available
        text = shown(app)
        assert "Updating…" in text and "A001" not in text and SECRET not in text
        # The status line names the database and what is wrong, for staff.
        assert "Updating… (database: SQLite file board.db — not found)" in text
        assert "Ann Lee" not in text
        # Put back: the board finds it by itself and shows the call again.
        away.rename(file)
        await wait_for(pilot, lambda: app.current is not None, seconds=RECOVERY_SECONDS)
        await pilot.pause()
        assert "Ticket A001, please go to Desk 2." in shown(app)
        assert app.errors == [] and app.problem is None
