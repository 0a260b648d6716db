"""Start-up: the launcher holds garbage collection back, the kiosk turns it on again."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Button

import kiosk.app
from kiosk.__main__ import main
from kiosk.screens.welcome import ClosedScreen, WelcomeScreen
from models.api import set_checkins_paused
from models.db import make_engine
from tests.kiosk.harness import SIZE, build, ready, screen_text, wait_until


@pytest.fixture
def collection_restored() -> Iterator[None]:
    """Whatever a test does to the collector, the rest of the session has it as before."""
    yield
    gc.unfreeze()
    gc.enable()


def test_the_launcher_starts_the_kiosk_with_collection_held_back(
    monkeypatch: pytest.MonkeyPatch, collection_restored: None
) -> None:
    seen: list[bool] = []
    monkeypatch.setattr(kiosk.app, "run_kiosk", lambda settings: seen.append(gc.isenabled()) or 0)
    assert main([]) == 0
    assert seen == [False]


async def test_collection_is_back_on_once_welcome_is_painted(
    tmp_path: Path, collection_restored: None
) -> None:
    # A kiosk that left the collector off would grow until it ran out of memory.
    gc.disable()
    app, _ = build(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        assert gc.isenabled()
        # What start-up made, the database engine included, is never walked again by
        # a collection in the middle of a visitor's check-in.
        assert app.engine is not None
        assert not any(thing is app.engine for thing in gc.get_objects())


async def test_a_kiosk_started_while_paused_never_offers_check_in(tmp_path: Path) -> None:
    # The configured hours say open; only the database knows staff paused check-ins.
    app, clock = build(tmp_path)
    engine = make_engine(f"sqlite:///{tmp_path / 'kiosk.db'}")
    set_checkins_paused(engine, app.settings, paused=True, by="jb", now=clock())
    engine.dispose()
    offered: list[str] = []
    labels: set[str] = set()
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(500):
            for button in app.screen.query("#check-in").results(Button):
                labels.add(str(button.label))
                if not button.disabled and button.display:
                    offered.append(str(button.label))
            if isinstance(app.screen, ClosedScreen):
                break
            await pilot.pause(0.01)
        assert isinstance(app.screen, ClosedScreen)
        await wait_until(pilot, lambda: "Check-in is paused" in screen_text(app))
    assert offered == []
    assert "One moment…" in " ".join(labels)
