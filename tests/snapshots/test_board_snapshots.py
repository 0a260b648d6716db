"""What the waiting-room board looks like: a call, a busy hour, closing soon, no database.

Update after an intended change with `--snapshot-update`, then look at the report (and
at the PNG, `rsvg-convert`) before committing the new SVGs.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from tests.board.harness import (
    SIZE,
    THURSDAY_TEN,
    board,
    board_settings,
    call_next,
    check_in,
    database,
)
from tests.conftest import london
from tests.kiosk.harness import wait_until


def busy_hour(url: str) -> None:
    settings = board_settings()
    for n, service in enumerate(["general", "housing", "general", "council-tax", "general"] * 2):
        check_in(url, settings, now=THURSDAY_TEN + dt.timedelta(minutes=n), service=service)
    for n, desk in enumerate(["Desk 1", "Desk 2", "Housing room", "Desk 1"]):
        call_next(url, settings, desk, THURSDAY_TEN + dt.timedelta(minutes=12 + n))


def test_a_new_call_highlighted(snap_compare: Any, tmp_path: Path) -> None:
    url = database(tmp_path)
    busy_hour(url)
    settings = board_settings()
    app, _ = board(url, settings, now=THURSDAY_TEN + dt.timedelta(minutes=16))

    async def run_before(pilot: Any) -> None:
        await wait_until(pilot, lambda: app.reads >= 1)
        call_next(url, settings, "Desk 2", THURSDAY_TEN + dt.timedelta(minutes=16))
        await wait_until(pilot, lambda: app.highlighted)
        await pilot.pause(0.2)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_a_large_screen(snap_compare: Any, tmp_path: Path) -> None:
    url = database(tmp_path)
    busy_hour(url)
    app, _ = board(url, board_settings(), now=THURSDAY_TEN + dt.timedelta(minutes=16))

    async def run_before(pilot: Any) -> None:
        await wait_until(pilot, lambda: app.reads >= 1 and app.current is not None)
        await pilot.pause(0.2)

    assert snap_compare(app, terminal_size=(200, 60), run_before=run_before)


def test_nothing_waiting_and_closing_soon(snap_compare: Any, tmp_path: Path) -> None:
    url = database(tmp_path)
    app, _ = board(url, board_settings(), now=london(2026, 11, 26, 16, 50))

    async def run_before(pilot: Any) -> None:
        await wait_until(pilot, lambda: app.reads >= 1)
        await pilot.pause(0.2)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_database_away(snap_compare: Any, tmp_path: Path) -> None:
    url = database(tmp_path)
    busy_hour(url)
    app, _ = board(url, board_settings(), now=THURSDAY_TEN + dt.timedelta(minutes=16))

    async def run_before(pilot: Any) -> None:
        await wait_until(pilot, lambda: app.reads >= 1)
        os.replace(tmp_path / "board.db", tmp_path / "away.db")
        await wait_until(pilot, lambda: not app.available, seconds=4)
        await pilot.pause(0.2)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
