"""The staff menu behind a PIN: test print, reprint, pause and resume, quit."""

from __future__ import annotations

from pathlib import Path

import pytest

import kiosk.app
from kiosk.screens.dialogs import StaffMenuDialog, StaffPinDialog
from kiosk.screens.ticket import TicketScreen
from kiosk.screens.welcome import ClosedScreen, WelcomeScreen
from kiosk.widgets.keyboard import key_id
from models.authority import OPERATOR
from models.db import make_engine, session_scope
from models.staff import add_staff
from models.tables import PrintJob, StaffRole
from tests.kiosk.harness import (
    SIZE,
    build,
    ready,
    rows,
    screen_text,
    tap,
    tickets_written,
    wait_until,
)


def add_receptionist(url: str) -> None:
    engine = make_engine(url)
    with session_scope(engine) as session:
        add_staff(
            session=session,
            code="jb",
            name="Jo Bloggs",
            role=StaffRole.RECEPTIONIST,
            pin="4821",
            by=OPERATOR,
        )
    engine.dispose()


def clock_is_touchable(app) -> bool:
    """The top screen's clock is laid out where a touch lands, not the screen below's."""
    clocks = list(app.screen.query("#clock"))
    if not clocks or not clocks[0].region.area:
        return False
    try:
        touched, _ = app.screen.get_widget_at(*clocks[0].region.offset)
    except Exception:
        return False
    return touched is clocks[0]


async def sign_in(pilot, pin: str) -> None:
    # A screen pushed a moment ago may not be laid out yet, and a tap then reaches the
    # clock of the screen below: wait, as a person would see the screen first.
    await wait_until(pilot, lambda: clock_is_touchable(pilot.app))
    for _ in range(5):
        await pilot.click("#clock")
    await pilot.pause()
    assert isinstance(pilot.app.screen, StaffPinDialog)
    await pilot.press("j", "b", "enter")
    for digit in pin:
        await tap(pilot, f"#{key_id(digit)}")
    await tap(pilot, "#sign-in")


async def test_wrong_pin_then_the_menu(tmp_path: Path) -> None:
    app, _ = build(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        add_receptionist(app.database_url)
        await sign_in(pilot, "1111")
        await wait_until(pilot, lambda: "Wrong staff code or PIN." in screen_text(app))
        assert isinstance(app.screen, StaffPinDialog)
        for _ in range(4):
            await tap(pilot, f"#{key_id('delete')}")
        for digit in "4821":
            await tap(pilot, f"#{key_id(digit)}")
        await tap(pilot, "#sign-in")
        await wait_until(pilot, lambda: isinstance(app.screen, StaffMenuDialog))
        await wait_until(pilot, lambda: "Jo Bloggs" in screen_text(app))

        await tap(pilot, "#test-print")
        await wait_until(pilot, lambda: "Printed a test ticket" in screen_text(app))
        assert len(tickets_written(tmp_path)) == 1

        await tap(pilot, "#pause")
        await wait_until(pilot, lambda: "Check-ins are paused." in screen_text(app))
        await tap(pilot, "#close")
        await wait_until(pilot, lambda: isinstance(app.screen, ClosedScreen))
        assert "Check-in is paused" in screen_text(app)

        await sign_in(pilot, "4821")
        await wait_until(pilot, lambda: isinstance(app.screen, StaffMenuDialog))
        assert "Resume check-ins" in screen_text(app)
        await tap(pilot, "#pause")
        await wait_until(pilot, lambda: "Check-ins are open again." in screen_text(app))
        await tap(pilot, "#close")
        await wait_until(pilot, lambda: isinstance(app.screen, WelcomeScreen))

        await sign_in(pilot, "4821")
        await wait_until(pilot, lambda: isinstance(app.screen, StaffMenuDialog))
        await tap(pilot, "#quit")
        await wait_until(pilot, lambda: not app.is_running)
    assert app.quit_requested and app.return_code == 0


async def test_reprint_the_last_ticket(tmp_path: Path) -> None:
    app, _ = build(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        add_receptionist(app.database_url)
        for selector in ("#check-in", "#service-general", "#no-thanks", "#confirm"):
            await tap(pilot, selector)
        await wait_until(pilot, lambda: isinstance(app.screen, TicketScreen))
        await tap(pilot, "#done")
        await sign_in(pilot, "4821")
        await wait_until(pilot, lambda: isinstance(app.screen, StaffMenuDialog))
        await tap(pilot, "#reprint")
        await wait_until(pilot, lambda: "will print again" in screen_text(app))
        await wait_until(pilot, lambda: len(tickets_written(tmp_path)) == 2)
    assert [job.reprint for job in rows(app, PrintJob)] == [False, True]


async def test_the_staff_menu_closes_when_left_open(tmp_path: Path) -> None:
    app, clock = build(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        add_receptionist(app.database_url)
        await sign_in(pilot, "4821")
        await wait_until(pilot, lambda: isinstance(app.screen, StaffMenuDialog))
        clock.advance(app.settings.kiosk.idle_seconds + app.settings.kiosk.still_there_seconds)
        app.check_visitor_idle()
        await pilot.pause()
        clock.advance(app.settings.kiosk.still_there_seconds + 1)
        app.check_visitor_idle()
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen) and app.staff is None


async def test_resume_in_the_staff_menu_shows_welcome_as_the_menu_closes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Staff resumed check-ins and closed the menu, and "Check-in is paused" stayed
    # until the kiosk's next 15-second poll (about 10 s, 3 s another time): the change
    # was heard while the menu was on top, and the paused screen, on top again, showed
    # nothing new. No poll here can hide it: the fallback poll is an hour away.
    monkeypatch.setattr(kiosk.app, "STATE_POLL_SECONDS", 3600.0)
    app, _ = build(tmp_path, start_spool=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        add_receptionist(app.database_url)
        for result, then in [
            ("Check-ins are paused.", ClosedScreen),
            ("Check-ins are open again.", WelcomeScreen),
        ] * 2:
            await sign_in(pilot, "4821")
            await wait_until(pilot, lambda: isinstance(app.screen, StaffMenuDialog))
            await tap(pilot, "#pause")
            await wait_until(pilot, lambda: result in screen_text(app))  # noqa: B023
            await tap(pilot, "#close")
            await wait_until(pilot, lambda: isinstance(app.screen, then), seconds=10)  # noqa: B023


async def test_the_staff_keypad_offers_only_what_a_staff_code_can_hold(tmp_path: Path) -> None:
    # A staff code is 2-32 letters and digits (models/staff.py CODE_PATTERN): a key for
    # "." "-" or "_" only typed a code that can never sign in.
    app, _ = build(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await wait_until(pilot, lambda: clock_is_touchable(app))
        for _ in range(5):
            await pilot.click("#clock")
        await pilot.pause()
        assert isinstance(app.screen, StaffPinDialog)
        keys = [str(key.label) for key in app.screen.query(".dialog KeyboardKey")]
        typed = [key for key in keys if key != "Delete"]
        assert sorted(typed) == sorted("1234567890QWERTYUIOPASDFGHJKLZXCVBNM")
