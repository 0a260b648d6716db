"""The console hears changes: another terminal's check-in shows at once, not on a poll."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.console.harness import SIZE, console, database, sign_in
from tests.console.test_console import check_in
from tests.kiosk.harness import wait_until


async def test_a_check_in_elsewhere_shows_within_half_a_second(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With polling alone the console would wait a whole minute for it.
    monkeypatch.setattr("staff_console.app.LISTENING_REFRESH_SECONDS", 60.0)
    monkeypatch.setattr("staff_console.app.REFRESH_SECONDS", 60.0)
    url = database(tmp_path)
    app, _ = console(url)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        await wait_until(pilot, lambda: app.listening_for_changes)
        await pilot.pause(0.3)
        assert app.state.snapshot is not None and app.state.snapshot.queue == []
        check_in(url)
        committed = time.monotonic()
        await wait_until(
            pilot, lambda: bool(app.state.snapshot and app.state.snapshot.queue), seconds=3
        )
        # Far sooner than the minute-long poll (the bench measures the real figure).
        assert time.monotonic() - committed < 2.0
