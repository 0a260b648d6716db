"""Nothing a visitor types, taps or pastes gets them out of the kiosk or runs an action."""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.widgets import Input

from kiosk.screens.dialogs import MessageDialog, StaffPinDialog, StillThereDialog
from kiosk.screens.flow import ConfirmScreen, NeedsScreen, OnlineScreen, ServiceScreen
from kiosk.screens.ticket import TicketScreen
from kiosk.screens.welcome import ClosedScreen, WelcomeScreen
from models.tables import Visit
from models.text import clean_name
from tests.conftest import london
from tests.hostile import HOSTILE_STRINGS
from tests.kiosk.harness import SIZE, build, ready, rows, screen_text, tap, wait_until

ESCAPE_KEYS = (
    "ctrl+q",
    "ctrl+c",
    "ctrl+p",
    "ctrl+z",
    "ctrl+backslash",
    "ctrl+d",
    "escape",
    "f1",
    "ctrl+s",
    "ctrl+x",
    "f10",
)
FORBIDDEN_ACTIONS = (
    "quit",
    "app.quit",
    "screenshot",
    "app.screenshot",
    "suspend_process",
    "app.suspend_process",
    "command_palette",
    "app.command_palette",
    "help_quit",
    "app.simulate_key('ctrl+q')",
    "app.toggle_dark",
    "app.change_theme",
    "app.show_help_panel",
    "screen.dismiss",
    "app.pop_screen",
    "app.push_screen('welcome')",
    "app.bell",
)


async def go_welcome(pilot: Any) -> None:
    """Stay on Welcome."""


async def go_service(pilot: Any) -> None:
    await tap(pilot, "#check-in")


async def go_online(pilot: Any) -> None:
    await go_service(pilot)
    await tap(pilot, "#service-council-tax")


async def go_needs(pilot: Any) -> None:
    await go_service(pilot)
    await tap(pilot, "#service-housing")


async def go_confirm(pilot: Any) -> None:
    await go_needs(pilot)
    await tap(pilot, "#no-thanks")


async def go_ticket(pilot: Any) -> None:
    await go_confirm(pilot)
    await tap(pilot, "#confirm")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, TicketScreen))


async def go_still_there(pilot: Any) -> None:
    await go_needs(pilot)
    pilot.app.clock.advance(pilot.app.settings.kiosk.idle_seconds + 1)
    pilot.app.check_visitor_idle()
    await pilot.pause()


async def go_help(pilot: Any) -> None:
    await tap(pilot, "#help-now")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, MessageDialog))


async def go_staff_pin(pilot: Any) -> None:
    for _ in range(5):
        await pilot.click("#clock")
    await pilot.pause()


SCREENS: dict[str, tuple[Callable[[Any], Awaitable[None]], type]] = {
    "welcome": (go_welcome, WelcomeScreen),
    "service": (go_service, ServiceScreen),
    "online": (go_online, OnlineScreen),
    "needs": (go_needs, NeedsScreen),
    "confirm": (go_confirm, ConfirmScreen),
    "ticket": (go_ticket, TicketScreen),
    "still-there": (go_still_there, StillThereDialog),
    "help": (go_help, MessageDialog),
    "staff-pin": (go_staff_pin, StaffPinDialog),
}


def files_in(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()} if folder.exists() else set()


@pytest.mark.parametrize("screen", sorted(SCREENS))
async def test_no_key_or_action_leaves_the_screen(
    tmp_path: Path, screen: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app, _ = build(tmp_path)
    go, expected = SCREENS[screen]
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await go(pilot)
        assert isinstance(app.screen, expected)
        before = files_in(tmp_path) - files_in(tmp_path / "tickets")
        for key in ESCAPE_KEYS:
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, expected), key
            assert app.is_running and app.return_code is None, key
        for action in FORBIDDEN_ACTIONS:
            await app.run_action(action)
            await pilot.pause()
            assert isinstance(app.screen, expected), action
            assert app.is_running and app.return_code is None, action
            await app.run_action(action, app.screen)
            await pilot.pause()
            assert isinstance(app.screen, expected), action
        after = files_in(tmp_path) - files_in(tmp_path / "tickets")
        assert after - before <= {p for p in after if p.suffix in (".db", ".db-wal", ".db-shm")}
        assert not list(tmp_path.glob("*.svg"))
        assert app.errors == []


async def test_closed_screen_is_locked_too(tmp_path: Path) -> None:
    app, _ = build(tmp_path, now=london(2026, 11, 27, 18, 0))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, ClosedScreen)
        for key in ESCAPE_KEYS:
            await pilot.press(key)
        for action in FORBIDDEN_ACTIONS:
            await app.run_action(action)
        await pilot.pause()
        assert isinstance(app.screen, ClosedScreen) and app.is_running


def test_the_kiosk_removes_the_signal_escape_hatch(monkeypatch: pytest.MonkeyPatch) -> None:
    import kiosk.app

    monkeypatch.setenv("TEXTUAL_ALLOW_SIGNALS", "1")
    seen: dict[str, str | None] = {}

    class Stop(Exception):
        pass

    def fake_logging(log_file: object, app_name: str) -> Path:
        seen["env"] = os.environ.get("TEXTUAL_ALLOW_SIGNALS")
        raise Stop

    monkeypatch.setattr(kiosk.app, "configure_logging", fake_logging)
    with pytest.raises(Stop):
        kiosk.app.run_kiosk(kiosk.app.Settings())
    assert seen["env"] is None


@pytest.mark.parametrize("label", sorted(HOSTILE_STRINGS))
async def test_hostile_names_are_shown_literally_and_do_nothing(
    tmp_path: Path, label: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    hostile = HOSTILE_STRINGS[label]
    expected = clean_name(hostile)
    app, _ = build(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await go_confirm(pilot)
        field = app.screen.query_one("#name", Input)
        field.post_message(events.Paste(hostile))
        await pilot.pause()
        shown = screen_text(app)
        assert f"Name: {expected or 'not given'}" in shown
        await pilot.click("#name-shown")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await tap(pilot, "#confirm")
        await wait_until(pilot, lambda: isinstance(app.screen, TicketScreen))
        assert "Thank you" in screen_text(app)
        if expected:
            assert expected not in screen_text(app)  # no name where strangers can read it
        await pilot.click("#thanks")
        await pilot.pause()
        assert isinstance(app.screen, TicketScreen)
        assert app.is_running and app.return_code is None
        assert app.errors == []
    (visit,) = rows(app, Visit)
    assert visit.name == expected
    assert not list(tmp_path.glob("*.svg"))
