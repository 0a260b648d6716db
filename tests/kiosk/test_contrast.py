"""Contrast measured, not hoped: every text cell each theme can show, in every state.

Each kiosk screen and dialog is drawn by Textual's own screenshot (the terminal as
shown) in the standard and the high-contrast theme, each with and without large text;
every button is shown focused, pressed, disabled and (where it applies) selected; and
the WCAG 2.2 contrast ratio of each character's foreground against its background is
computed from the drawn colours, the strokes of big letters included. Text must reach
4.5:1 in the standard theme and 7:1 (AAA) in high contrast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Button, Static

from common_ui.bigtext import BigText, BigTextMixin
from kiosk.screens.dialogs import InterpreterDialog, StaffMenuDialog
from kiosk.screens.welcome import WelcomeScreen
from kiosk.widgets.keyboard import KeyboardKey
from tests.kiosk.harness import SIZE, build, kiosk_settings, ready, tap, wait_until
from tests.kiosk.test_lockdown import go_confirm, go_online, go_service, go_ticket
from tests.kiosk.test_staff_menu import add_receptionist, sign_in
from tests.rendered import rendered_cells

MINIMUM = {"standard": 4.5, "high-contrast": 7.0}


def luminance(colour: str) -> float:
    """WCAG relative luminance of an sRGB colour ("#rrggbb")."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, two: str) -> float:
    """WCAG contrast ratio, 1 to 21."""
    high, low = sorted((luminance(one), luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


BIG_LETTER_INK = frozenset("▀▄█")
"""What big letters (common_ui/bigtext.py) are drawn with: there, block characters are
the letters themselves, read against the cell's background."""


def is_text(char: str, big_letters: bool) -> bool:
    """Whether a drawn character is something to read.

    Box and block drawing (button edges, QR codes, focus frames) is not text, except
    inside big letters, whose strokes are block characters.
    """
    if char.isspace() or not char:
        return False
    if big_letters and char in BIG_LETTER_INK:
        return True
    return not 0x2500 <= ord(char) <= 0x259F


def low_contrast_cells(app: Any, minimum: float) -> list[tuple[str, str]]:
    """Every run of text on the terminal below `minimum`: its text, and its colours.

    Read from the public screenshot of the terminal as shown: with a dialog open, only
    the dialog's own box is measured (the screen behind is dimmed on purpose).
    """
    screen = app.screen
    area = None
    dialogs = list(screen.query(".dialog"))
    if dialogs:
        area = dialogs[0].region
    big = [w.region for w in screen.query("*") if isinstance(w, BigTextMixin | BigText)]
    found = []
    for y, row in enumerate(rendered_cells(app)):
        x = 0
        while x < len(row):
            cell = row[x]
            end = x + 1
            while end < len(row) and (row[end].fg, row[end].bg) == (cell.fg, cell.bg):
                end += 1
            run = row[x:end]
            start, x = x, end
            if area is not None and not area.contains(start, y):
                continue
            if not any(
                is_text(c.char, any(r.contains(start + i, y) for r in big))
                for i, c in enumerate(run)
            ):
                continue
            ratio = contrast(cell.fg, cell.bg)
            if ratio < minimum:
                text = "".join(c.char for c in run).strip()
                found.append((text, f"{cell.fg} on {cell.bg}: {ratio:.2f}"))
    return found


async def every_state(pilot: Any, minimum: float, where: str) -> list[tuple[str, str]]:
    """The screen as it is; each button focused, and focused while pressed (a tap
    focuses what it presses); keys that never take focus pressed; buttons disabled.

    A button's look depends only on its own state and its containers' (Textual's CSS
    has no sibling selectors), so the unfocused states are shown on every button at
    once: one picture each instead of one a button.
    """
    app = pilot.app

    def check(state: str) -> list[tuple[str, str]]:
        """(Where it was seen, the colour pair) for each failing run of text."""
        return [
            (f"{where}{state}: {text!r}", pair) for text, pair in low_contrast_cells(app, minimum)
        ]

    problems = check("")
    buttons = [b for b in app.screen.query(Button) if b.display and b.region.area]
    for button in buttons:
        if not button.focusable:
            continue
        label = str(button.label).strip()[:30]
        button.focus()
        await pilot.pause()
        problems += check(f", {label} focused")
        button.add_class("-active")  # how Textual shows a button being pressed
        await pilot.pause()
        problems += check(f", {label} pressed")
        button.remove_class("-active")
    keys = [b for b in buttons if not b.focusable]
    if keys:
        for key in keys:
            key.add_class("-active")
        await pilot.pause()
        problems += check(", keys pressed")
        for key in keys:
            key.remove_class("-active")
    was = {b: b.disabled for b in buttons if not isinstance(b, KeyboardKey)}
    if was:
        for button in was:
            button.disabled = True
        await pilot.pause()
        problems += check(", buttons disabled")
        for button, disabled in was.items():
            button.disabled = disabled
        await pilot.pause()
    return problems


MODES = {
    "standard": ("standard", ()),
    "high-contrast": ("high-contrast", ()),
    "large-text": ("large-text", ()),
    "large-text+high-contrast": ("large-text", ("#high-contrast",)),
}
"""Each way the kiosk can look: the configured mode, and the Welcome toggles a visitor
turns on after it (each visitor starts again from the configured mode)."""


@pytest.mark.parametrize("mode", sorted(MODES))
async def test_every_text_meets_the_contrast_of_its_theme(tmp_path: Path, mode: str) -> None:
    configured, toggles = MODES[mode]
    minimum = MINIMUM["high-contrast" if "high-contrast" in mode else "standard"]
    settings = kiosk_settings(tmp_path, kiosk={"accessibility": configured})
    app, _ = build(tmp_path, settings=settings)
    problems: list[tuple[str, str]] = []

    async def welcome() -> None:
        """A new visitor: turn on what the mode adds to the configured one."""
        await wait_until(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        for toggle in toggles:
            await tap(pilot, toggle)
        assert app.context.high_contrast == ("high-contrast" in mode)
        assert app.context.large_text == ("large-text" in mode)

    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await welcome()
        await tap(pilot, "#language-pl")  # a language selected (ticked and coloured)
        problems += await every_state(pilot, minimum, "welcome")
        await tap(pilot, "#language-en")
        await go_service(pilot)
        problems += await every_state(pilot, minimum, "service")
        app.pop_screen()
        await pilot.pause()
        await go_online(pilot)
        problems += await every_state(pilot, minimum, "online")
        await tap(pilot, "#next")
        await tap(pilot, "#need-seat")  # a need chosen
        await tap(pilot, "#need-interpreter")
        await wait_until(pilot, lambda: isinstance(app.screen, InterpreterDialog))
        problems += await every_state(pilot, minimum, "interpreter")
        await tap(pilot, "#interpret-1")
        problems += await every_state(pilot, minimum, "needs")
        app.reset_to_welcome()
        await welcome()
        await go_confirm(pilot)
        problems += await every_state(pilot, minimum, "confirm")
        app.reset_to_welcome()
        await welcome()
        await go_ticket(pilot)
        await wait_until(
            pilot,
            lambda: (
                "take your ticket" in str(app.screen.query_one("#print-status", Static).content)
            ),
        )
        problems += await every_state(pilot, minimum, "ticket")
        await tap(pilot, "#done")
        await welcome()
        assert app.database_url is not None
        add_receptionist(app.database_url)
        await sign_in(pilot, "4821")
        await wait_until(pilot, lambda: isinstance(app.screen, StaffMenuDialog))
        problems += await every_state(pilot, minimum, "staff menu")
    # One line per colour pair that fails, with the first place it was seen.
    pairs: dict[str, str] = {}
    for where, pair in problems:
        pairs.setdefault(pair, where)
    assert not pairs, "\n".join(f"{pair}  ({where})" for pair, where in sorted(pairs.items()))
