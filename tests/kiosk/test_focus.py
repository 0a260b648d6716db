"""Focus is always visible, and Enter acts on the focused control, on every screen.

A keyboard or switch user cannot see colour-only hints of focus that CSS of a more
specific selector (an id's own text style) quietly overrides: this test draws every
button focused and not focused and requires the two pictures to differ.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.geometry import Region
from textual.widgets import Button

from kiosk.screens.dialogs import MessageDialog
from kiosk.screens.flow import ServiceScreen
from kiosk.screens.welcome import WelcomeScreen
from tests.kiosk.harness import SIZE, build, kiosk_settings, ready, tap, wait_until
from tests.kiosk.test_lockdown import go_confirm, go_needs, go_online, go_service, go_ticket
from tests.rendered import Cell, rendered_cells

MODES = ("standard", "large-text", "high-contrast")


def drawn(cells: list[list[Cell]], region: Region) -> list[Cell]:
    """Each cell of `region` as drawn: its character, colours and weight."""
    rows = cells[region.y : region.bottom]
    return [cell for row in rows for cell in row[region.x : region.right]]


async def unseen_focus(pilot: Any, where: str) -> list[str]:
    """Buttons on the top screen that look the same focused as not focused."""
    app = pilot.app
    problems: list[str] = []
    buttons = [b for b in app.screen.query(Button) if b.display and b.region.area and b.focusable]
    if len(buttons) < 2:
        return problems
    # One picture with the first button focused shows every other button unfocused (a
    # button's look depends only on its own state and its containers'); the second
    # button focused shows the first one unfocused.
    pictures = []
    for button in buttons:
        button.focus()
        await pilot.pause()
        pictures.append((rendered_cells(app), button.region))
    for index, button in enumerate(buttons):
        focused, region = pictures[index]
        before = pictures[1 if index == 0 else 0][0]
        if drawn(focused, region) == drawn(before, region):
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
