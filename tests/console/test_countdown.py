"""Time left counts down every second from the data already read, without a database read.

While the console listens for changes it reads the queue on a change or every few
seconds; the clock (the test's) moves the countdown in between. Every statement sent
through SQLAlchemy is counted: none may be sent for the countdown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from models.target import TargetState
from staff_console.screens.queue import TARGET_STYLES, countdown
from tests.console.harness import SIZE, cell, console, database, refreshed, sign_in
from tests.console.test_console import check_in
from tests.kiosk.harness import THURSDAY_TEN, wait_until


@pytest.fixture
def statements() -> Iterator[list[str]]:
    """Every SQL statement any engine sends while the test runs."""
    sent: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(statement)

    event.listen(Engine, "before_cursor_execute", count)
    yield sent
    event.remove(Engine, "before_cursor_execute", count)


def left(app: Any) -> tuple[str, str]:
    shown = cell(app, "A001", "left")
    return str(shown), str(shown.style)


async def test_time_left_moves_every_second_without_a_read(
    tmp_path: Path, statements: list[str]
) -> None:
    url = database(tmp_path)
    check_in(url, now=THURSDAY_TEN)
    # Fifteen minutes' target: 5m01s left, a second before it turns amber.
    app, clock = console(url, now=THURSDAY_TEN + dt.timedelta(minutes=9, seconds=59))
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        await wait_until(pilot, lambda: app.listening_for_changes, seconds=10)
        await refreshed(pilot)  # the next read by itself is seconds away
        snapshot, sent = app.state.snapshot, len(statements)
        assert left(app) == ("5m01s", TARGET_STYLES[TargetState.ON_TRACK])
        clock.advance(1)
        await wait_until(pilot, lambda: left(app)[0] == "5m00s", seconds=3)
        clock.advance(1)
        await wait_until(pilot, lambda: left(app)[0] == "4m59s", seconds=3)
        assert left(app)[1] == TARGET_STYLES[TargetState.AMBER]  # the colour moves too
        assert str(cell(app, "A001", "waited")) == "10 min"
        assert app.state.snapshot is snapshot and statements[sent:] == []


def test_countdown_reads_as_a_duration_never_a_time_of_day() -> None:
    seconds = dt.timedelta(seconds=1)
    assert countdown(899.5 * seconds) == "14m59s"
    assert countdown(0 * seconds) == "0m00s"
    assert countdown(-0.5 * seconds) == "-0m01s"
    assert countdown(-185 * seconds) == "-3m05s"
    assert countdown(-3599 * seconds) == "-59m59s"  # the column's longest form (7)
    assert countdown(3900 * seconds) == "1h05m"
    assert countdown(-4200 * seconds) == "-1h10m"
