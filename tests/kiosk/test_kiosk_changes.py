"""The kiosk hears changes: staff pausing check-ins elsewhere closes it at once."""

from __future__ import annotations

from pathlib import Path

from kiosk.screens.welcome import ClosedScreen, WelcomeScreen
from models import api
from models.db import make_engine
from tests.kiosk.harness import SIZE, THURSDAY_TEN, build, kiosk_settings, ready, wait_until


async def test_paused_at_a_console_closes_the_kiosk_without_waiting_for_its_poll(
    tmp_path: Path,
) -> None:
    app, _ = build(tmp_path, start_spool=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        engine = make_engine(f"sqlite:///{tmp_path / 'kiosk.db'}")
        api.set_checkins_paused(
            engine, kiosk_settings(tmp_path), paused=True, by="jb", now=THURSDAY_TEN
        )
        engine.dispose()
        # The kiosk's own poll comes every 15 s; the change is heard within a second or so.
        await wait_until(pilot, lambda: isinstance(app.screen, ClosedScreen), seconds=4)
