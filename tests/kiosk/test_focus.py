"""Focus is always visible, and Enter acts on the focused control, on every screen.

A keyboard or switch user cannot see colour-only hints of focus that CSS of a more
specific selector (an id's own text style) quietly overrides: this test draws every
button focused and not focused and requires the two pictures to differ.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rich.segment import Segment
from textual.geometry import Region
from textual.widgets import Button

from kiosk.screens.dialogs import MessageDialog
from kiosk.screens.flow import ServiceScreen
from kiosk.screens.welcome import WelcomeScreen
from tests.kiosk.harness import SIZE, build, kiosk_settings, ready, tap, wait_until
from tests.kiosk.test_lockdown import go_confirm, go_needs, go_online, go_service, go_ticket

MODES = ("standard", "large-text", "high-contrast")


def drawn(app: Any, region: Region) -> list[tuple[str, str]]:
    """Each cell of `region` as drawn: its character and its full style."""
    update = app.screen._compositor.render_update(full=True)
    cells = []
    for y, line in enumerate(update.strips):
        if not region.y <= y < region.bottom:
            continue
        x = 0
        for strip in line:
            for text, style, _ in Segment.simplify(list(strip)):
                for char in text:
                    if region.x <= x < region.right:
                        cells.append((char, str(style)))
                    x += 1
    return cells


async def unseen_focus(pilot: Any, where: str) -> list[str]:
    """Buttons on the top screen that look the same focused as not focused."""
    app = pilot.app
    problems = []
    buttons = [b for b in app.screen.query(Button) if b.display and b.region.area and b.focusable]
    for button in buttons:
        others = [b for b in buttons if b is not button]
        if not others:
            continue
        others[0].focus()
        await pilot.pause()
        before = drawn(app, button.region)
        button.focus()
        await pilot.pause()
        if drawn(app, button.region) == before:
            problems.append(f"{where}: {' '.join(str(button.label).split())!r}")
    return problems


@pytest.mark.parametrize("mode", MODES)
async def test_focus_shows_on_every_button_of_every_screen(tmp_path: Path, mode: str) -> None:
    app, _ = build(tmp_path, settings=kiosk_settings(tmp_path, kiosk={"accessibility": mode}))
    problems: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await wait_until(pilot, lambda: app.screen.focused is not None)
        problems += await unseen_focus(pilot, "welcome")
        await tap(pilot, "#help-now")
        await wait_until(pilot, lambda: isinstance(app.screen, MessageDialog))
        problems += await unseen_focus(pilot, "help")
        await tap(pilot, "#ok")
        await go_service(pilot)
        problems += await unseen_focus(pilot, "service")
        app.reset_to_welcome()
        await pilot.pause()
        await go_online(pilot)
        problems += await unseen_focus(pilot, "online")
        app.reset_to_welcome()
        await pilot.pause()
        await go_needs(pilot)
        problems += await unseen_focus(pilot, "needs")
        app.reset_to_welcome()
        await pilot.pause()
        await go_confirm(pilot)
        problems += await unseen_focus(pilot, "confirm")
        app.reset_to_welcome()
        await pilot.pause()
        await go_ticket(pilot)
        problems += await unseen_focus(pilot, "ticket")
    assert problems == []


@pytest.mark.parametrize("mode", MODES)
async def test_enter_acts_on_welcome_focus_after_a_visitor(tmp_path: Path, mode: str) -> None:
    """Back on Welcome after a ticket, Enter at once starts the next check-in."""
    app, _ = build(tmp_path, settings=kiosk_settings(tmp_path, kiosk={"accessibility": mode}))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await go_ticket(pilot)
        await tap(pilot, "#done")
        await wait_until(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        await wait_until(pilot, lambda: app.screen.focused is not None)
        assert app.screen.focused is not None and app.screen.focused.id == "check-in"
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ServiceScreen))
