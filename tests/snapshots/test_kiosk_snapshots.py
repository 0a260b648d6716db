"""What each kiosk screen looks like, in the standard, large-text and high-contrast modes.

Update after an intended change with `./dev test tests/snapshots --snapshot-update`,
then look at the report (snapshot_report.html) before committing the new SVGs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

import models.queue.checkin
from kiosk.screens.dialogs import InterpreterDialog, StaffMenuDialog
from tests.conftest import london
from tests.kiosk.harness import SIZE, build, kiosk_settings, ready, tap, wait_until
from tests.kiosk.test_lockdown import (
    go_help,
    go_needs,
    go_online,
    go_service,
    go_staff_pin,
    go_still_there,
    go_ticket,
    go_welcome,
)
from tests.kiosk.test_staff_menu import add_receptionist, sign_in


async def go_needs_with_interpreter(pilot: Any) -> None:
    await go_needs(pilot)
    await tap(pilot, "#need-seat")
    await tap(pilot, "#need-interpreter")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, InterpreterDialog))
    await tap(pilot, "#interpret-0")
    await wait_until(pilot, lambda: not isinstance(pilot.app.screen, InterpreterDialog))


async def go_confirm_with_name(pilot: Any) -> None:
    await go_needs_with_interpreter(pilot)
    await tap(pilot, "#next")
    await pilot.press(*"Ann [b]Lee[/b]")


async def go_ticket_settled(pilot: Any) -> None:
    await go_ticket(pilot)
    await wait_until(
        pilot,
        lambda: "take your ticket" in str(pilot.app.screen.query_one("#print-status").content),
    )


SCREENS: dict[str, Callable[[Any], Awaitable[None]]] = {
    "welcome": go_welcome,
    "service": go_service,
    "online": go_online,
    "needs": go_needs_with_interpreter,
    "confirm": go_confirm_with_name,
    "ticket": go_ticket_settled,
    "still-there": go_still_there,
    "help": go_help,
    "staff-pin": go_staff_pin,
}
MODES = ("standard", "large-text", "high-contrast")


async def settle(pilot: Any) -> None:
    """Let a touched button's press highlight (about 0.2 s) fade before the picture."""
    await pilot.pause(0.4)
    assert not pilot.app.errors, pilot.app.errors


@pytest.fixture(autouse=True)
def fixed_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    """The QR on the ticket screen encodes the visit's reference: make it stable."""
    monkeypatch.setattr(models.queue.checkin, "_new_reference", lambda: "SNAPSHOT")


def snapshot_app(tmp_path: Path, mode: str, **kwargs: Any):
    settings = kiosk_settings(tmp_path, kiosk={"accessibility": mode})
    app, _ = build(tmp_path, settings=settings, **kwargs)
    return app


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("screen", list(SCREENS))
def test_kiosk_screen(snap_compare: Any, tmp_path: Path, screen: str, mode: str) -> None:
    async def run_before(pilot: Any) -> None:
        await ready(pilot)
        await SCREENS[screen](pilot)
        await settle(pilot)

    assert snap_compare(snapshot_app(tmp_path, mode), terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("mode", MODES)
def test_closed_screen(snap_compare: Any, tmp_path: Path, mode: str) -> None:
    async def run_before(pilot: Any) -> None:
        await ready(pilot)

    app = snapshot_app(tmp_path, mode, now=london(2026, 12, 25, 10, 0))
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


LANGUAGES = ("en", "pl", "pt", "lt", "ro")


@pytest.mark.parametrize("screen", ["welcome", "needs"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language(snap_compare: Any, tmp_path: Path, language: str, screen: str) -> None:
    async def run_before(pilot: Any) -> None:
        await ready(pilot)
        await tap(pilot, f"#language-{language}")
        await SCREENS[screen](pilot)
        await settle(pilot)

    assert snap_compare(
        snapshot_app(tmp_path, "standard"), terminal_size=SIZE, run_before=run_before
    )


def test_staff_menu(snap_compare: Any, tmp_path: Path) -> None:
    async def run_before(pilot: Any) -> None:
        await ready(pilot)
        add_receptionist(pilot.app.database_url)
        await sign_in(pilot, "4821")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, StaffMenuDialog))
        await settle(pilot)

    assert snap_compare(
        snapshot_app(tmp_path, "standard"), terminal_size=SIZE, run_before=run_before
    )
