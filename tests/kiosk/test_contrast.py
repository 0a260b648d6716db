"""Contrast measured, not hoped: every text cell each theme can show, in every state.

Each kiosk screen and dialog is rendered by Textual itself in the standard and the
high-contrast theme; every button is shown focused, pressed, disabled and (where it
applies) selected; and the WCAG 2.2 contrast ratio of each character's foreground
against its background is computed from the rendered colours. Text must reach 4.5:1 in
the standard theme and 7:1 (AAA) in high contrast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rich.segment import Segment
from textual.widgets import Button

from kiosk.screens.dialogs import InterpreterDialog, StaffMenuDialog
from kiosk.widgets.keyboard import KeyboardKey
from tests.kiosk.harness import SIZE, build, kiosk_settings, ready, tap, wait_until
from tests.kiosk.test_lockdown import go_confirm, go_online, go_service, go_ticket
from tests.kiosk.test_staff_menu import add_receptionist, sign_in

MINIMUM = {"standard": 4.5, "high-contrast": 7.0}


def luminance(rgb: tuple[int, int, int]) -> float:
    """WCAG relative luminance of an sRGB colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: tuple[int, int, int], two: tuple[int, int, int]) -> float:
    """WCAG contrast ratio, 1 to 21."""
    high, low = sorted((luminance(one), luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def is_text(char: str) -> bool:
    # Box and block drawing (button edges, QR codes, block letters' shading) is not text.
    return not char.isspace() and not (0x2500 <= ord(char) <= 0x259F)


def low_contrast_cells(app: Any, minimum: float) -> list[str]:
    """Every run of text on the top screen below `minimum`, with its colours."""
    screen = app.screen
    update = screen._compositor.render_update(full=True)
    area = None
    dialogs = list(screen.query(".dialog"))
    if dialogs:
        area = dialogs[0].region  # a dialog's own box: the screen behind is dimmed on purpose
    found = []
    for y, line in enumerate(update.strips):
        x = 0
        segments = [segment for strip in line for segment in strip]
        for text, style, _ in Segment.simplify(segments):
            if style is None or not any(is_text(c) for c in text):
                x += len(text)
                continue
            if area is not None and not area.contains(x, y):
                x += len(text)
                continue
            x += len(text)
            fg = style.color.triplet if style.color else None
            bg = style.bgcolor.triplet if style.bgcolor else None
            assert fg is not None and bg is not None, (text, style)
            if style.reverse:
                fg, bg = bg, fg
            ratio = contrast(tuple(fg), tuple(bg))
            if ratio < minimum:
                found.append(f"{text.strip()!r} {fg.hex} on {bg.hex}: {ratio:.2f}")
    return found


async def every_state(pilot: Any, minimum: float, where: str) -> list[str]:
    """The screen as it is, then each button focused, pressed and disabled in turn."""
    app = pilot.app
    problems = [f"{where}: {p}" for p in low_contrast_cells(app, minimum)]
    for button in list(app.screen.query(Button)):
        if not button.display or not button.region.area:
            continue
        label = str(button.label).strip()[:30]
        if button.focusable:
            button.focus()
            await pilot.pause()
            problems += [f"{where}, {label} focused: {p}" for p in low_contrast_cells(app, minimum)]
        button.add_class("-active")  # how Textual shows a button being pressed
        await pilot.pause()
        problems += [f"{where}, {label} pressed: {p}" for p in low_contrast_cells(app, minimum)]
        button.remove_class("-active")
        if not isinstance(button, KeyboardKey):
            was = button.disabled
            button.disabled = True
            await pilot.pause()
            problems += [
                f"{where}, {label} disabled: {p}" for p in low_contrast_cells(app, minimum)
            ]
            button.disabled = was
            await pilot.pause()
    return problems


@pytest.mark.parametrize("mode", sorted(MINIMUM))
async def test_every_text_meets_the_contrast_of_its_theme(tmp_path: Path, mode: str) -> None:
    minimum = MINIMUM[mode]
    settings = kiosk_settings(tmp_path, kiosk={"accessibility": mode})
    app, _ = build(tmp_path, settings=settings)
    problems: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
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
        await pilot.pause()
        await go_confirm(pilot)
        problems += await every_state(pilot, minimum, "confirm")
        app.reset_to_welcome()
        await pilot.pause()
        await go_ticket(pilot)
        await wait_until(
            pilot, lambda: "take your ticket" in str(app.screen.query_one("#print-status").content)
        )
        problems += await every_state(pilot, minimum, "ticket")
        await tap(pilot, "#done")
        add_receptionist(app.database_url)
        await sign_in(pilot, "4821")
        await wait_until(pilot, lambda: isinstance(app.screen, StaffMenuDialog))
        problems += await every_state(pilot, minimum, "staff menu")
    # One line per colour pair that fails, with the first place it was seen.
    pairs: dict[str, str] = {}
    for problem in problems:
        where, _, pair = problem.rpartition("' ")
        pairs.setdefault(pair, where + "'")
    assert not pairs, "\n".join(f"{pair}  ({where})" for pair, where in sorted(pairs.items()))
