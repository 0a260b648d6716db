"""Every control's label is whole on every kiosk screen and dialog.

Walks the visitor's flow and the staff dialogs in each language, display mode and
terminal size, and checks, for each button, that its label's words appear whole inside
the button on the rendered terminal. A snapshot only proves a screen did not change;
this proves nobody has to guess what a cut-off button does.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kiosk.screens.dialogs import (
    InterpreterDialog,
    LanguageDialog,
    MessageDialog,
    StaffMenuDialog,
    StaffPinDialog,
    StillThereDialog,
)
from kiosk.screens.flow import ConfirmScreen, NeedsScreen, OnlineScreen, ServiceScreen
from kiosk.screens.ticket import TicketScreen
from kiosk.screens.unavailable import UnavailableScreen
from kiosk.screens.welcome import ClosedScreen, WelcomeScreen
from kiosk.widgets.keyboard import key_id
from tests.conftest import london
from tests.kiosk.harness import (
    build,
    clipped_controls,
    kiosk_settings,
    pages_settled,
    ready,
    tap,
    wait_until,
)
from tests.kiosk.test_staff_menu import add_receptionist, sign_in

LANGUAGES = ("en", "pl", "pt", "lt", "ro")
MODES = ("standard", "large-text", "high-contrast")
SIZES = ((100, 30), (160, 50))


async def on(pilot: Any, kind: type) -> None:
    """Wait for a screen, let it settle (a press highlight fades), then check it."""
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, kind))
    await pages_settled(pilot)  # large text: choices measured and paged
    await pilot.pause(0.05)


async def check_every_page(pilot: Any, name: str, check: Callable[[str], None]) -> None:
    """Check the screen, and each further page of its choices (large text pages them)."""
    check(name)
    for page in itertools.count(2):
        more = [b for b in pilot.app.screen.query("#page-more") if b.display]
        if not more:
            return
        await pilot.click("#page-more")
        await pilot.pause(0.25)  # Textual ignores a click within 0.2 s of the last
        check(f"{name}, page {page}")


@pytest.mark.parametrize(
    ("size", "mode", "language"),
    list(itertools.product(SIZES, MODES, LANGUAGES)),
    ids=lambda value: "x".join(map(str, value)) if isinstance(value, tuple) else value,
)
async def test_every_label_is_whole(
    tmp_path: Path, size: tuple[int, int], mode: str, language: str
) -> None:
    app, clock = build(tmp_path, settings=kiosk_settings(tmp_path, kiosk={"accessibility": mode}))
    seen: dict[str, list[str]] = {}

    def check(name: str) -> None:
        seen[name] = clipped_controls(app)

    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        await tap(pilot, f"#language-{language}")
        await on(pilot, WelcomeScreen)
        check("welcome")
        await tap(pilot, "#help-now")
        await on(pilot, MessageDialog)
        check("help")
        await tap(pilot, "#ok")
        await tap(pilot, "#check-in")
        await on(pilot, ServiceScreen)
        check("service")
        await tap(pilot, "#service-council-tax")
        await on(pilot, OnlineScreen)
        check("online")
        await tap(pilot, "#next")
        await on(pilot, NeedsScreen)
        check("needs")
        await tap(pilot, "#need-interpreter")
        await on(pilot, InterpreterDialog)
        await check_every_page(pilot, "interpreter", check)
        await tap(pilot, "#interpret-other")
        await tap(pilot, "#need-seat")
        await on(pilot, NeedsScreen)
        check("needs, chosen")
        # Every need ticked: "✓ " makes each label two cells longer, and a label that
        # fitted on one line may now need two (issue 12: the tile kept its old height).
        # Each is checked on the page it is on, once its tile is measured again.
        needs = [n.id for n in app.screen.query(".need")]
        for need in [n for n in needs if n not in ("need-interpreter", "need-seat")]:
            await tap(pilot, f"#{need}")
            await on(pilot, NeedsScreen)
            check(f"needs, {need} chosen")
        await tap(pilot, "#language")
        await on(pilot, LanguageDialog)
        await check_every_page(pilot, "language", check)
        await tap(pilot, "#cancel")
        await tap(pilot, "#next")
        await on(pilot, ConfirmScreen)
        check("confirm")
        await tap(pilot, f"#{key_id('page')}")
        check("confirm, accents")
        clock.advance(app.settings.kiosk.idle_seconds + 1)
        app.check_visitor_idle()
        await on(pilot, StillThereDialog)
        check("still there")
        await tap(pilot, "#continue")
        await on(pilot, ConfirmScreen)
        await tap(pilot, "#confirm")
        await on(pilot, TicketScreen)
        await wait_until(
            pilot, lambda: "-problem" not in app.screen.query_one("#print-status").classes
        )
        check("ticket")
        await tap(pilot, "#done")
        await on(pilot, WelcomeScreen)
        add_receptionist(app.database_url)
        await sign_in(pilot, "4821")
        await on(pilot, StaffMenuDialog)
        check("staff menu")
        await tap(pilot, "#pause")
        await wait_until(
            pilot, lambda: "paused" in str(app.screen.query_one("#staff-result").content)
        )
        await tap(pilot, "#close")
        await on(pilot, ClosedScreen)
        check("closed (paused)")
        for _ in range(5):
            await pilot.click("#clock")
        await on(pilot, StaffPinDialog)
        check("staff sign-in")
    problems = {name: found for name, found in seen.items() if found}
    assert problems == {}


@pytest.mark.parametrize(
    ("size", "mode", "language"),
    list(itertools.product(SIZES, MODES, LANGUAGES)),
    ids=lambda value: "x".join(map(str, value)) if isinstance(value, tuple) else value,
)
async def test_every_label_is_whole_when_closed_or_unavailable(
    tmp_path: Path, size: tuple[int, int], mode: str, language: str
) -> None:
    # Christmas Day: "We are closed" (big in large text) above the contact details and
    # the QR code, which must all stay whole with the language buttons below.
    settings = kiosk_settings(tmp_path, kiosk={"accessibility": mode})
    app, _ = build(tmp_path, now=london(2026, 12, 25, 10, 0), settings=settings)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        await tap(pilot, f"#language-{language}")
        await on(pilot, ClosedScreen)
        await pilot.pause(0.2)  # the heading is fitted once the screen is laid out
        closed = clipped_controls(app)
    # A kiosk whose database file is not there says check-in is not available.
    unavailable_path = tmp_path / "unavailable"
    unavailable_path.mkdir()
    settings = kiosk_settings(unavailable_path, kiosk={"accessibility": mode})
    app, _ = build(unavailable_path, settings=settings)
    (unavailable_path / "kiosk.db").unlink()
    async with app.run_test(size=size) as pilot:
        await on(pilot, UnavailableScreen)
        await tap(pilot, f"#language-{language}")
        await on(pilot, UnavailableScreen)
        await pilot.pause(0.2)
        unavailable = clipped_controls(app)
    assert (closed, unavailable) == ([], [])


@pytest.mark.parametrize(
    ("mode", "language"),
    list(itertools.product(MODES, LANGUAGES)),
    ids=lambda value: value,
)
async def test_the_needs_screen_can_start_again_like_every_step(
    tmp_path: Path, mode: str, language: str
) -> None:
    # Every other step of the visit has Back and Start again; the needs screen had only
    # Back (in every language and mode). At the smallest size, whole.
    app, _ = build(tmp_path, settings=kiosk_settings(tmp_path, kiosk={"accessibility": mode}))
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await tap(pilot, f"#language-{language}")
        for selector in ("#check-in", "#service-general"):
            await tap(pilot, selector)
        await on(pilot, NeedsScreen)
        assert [b.id for b in app.screen.query("#navigation Button")][:2] == [
            "back",
            "start-again",
        ]
        assert clipped_controls(app) == []
        await tap(pilot, "#need-seat")
        await tap(pilot, "#start-again")
        await on(pilot, WelcomeScreen)
        assert app.context.draft.needs == [] and app.context.language == language
