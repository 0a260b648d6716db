"""Visitors one after another through a running kiosk, for soak tests and bench/soak.py.

Taps go in as a touchscreen's do: a mouse-down and a mouse-up posted to the app at the
middle of the control, which the app turns into a click (Pilot's `click` forwards the
click to the screen itself, skipping that path, and waits for the whole process to go
idle before each event: up to a second each on a busy machine). A control is tapped only
once it is painted where the tap lands, as a visitor can only touch what they see.
"""

from __future__ import annotations

import asyncio
import gc
import os
import threading
import time
from collections.abc import Callable

from textual import events
from textual.app import App
from textual.css.query import NoMatches

POLL_SECONDS = 0.005
"""How often a waiting step looks at the screen again."""


def painted_at(app: App[object], selector: str) -> tuple[int, int] | None:
    """The middle of `selector` on the current screen, if that is what is drawn there."""
    # `query`, not `query_one`: Textual's query_one cache on a screen that lives as long
    # as the kiosk (Welcome) would keep every replaced widget the driver looked up.
    try:
        widget = app.screen.query(selector).first()
        region = widget.region
        if not region.area:
            return None
        x, y = region.x + region.width // 2, region.y + region.height // 2
        under, _ = app.get_widget_at(x, y)
    except (NoMatches, LookupError, Exception):  # the screen is changing under us
        return None
    return (x, y) if under is widget else None


async def until(condition: Callable[[], object], seconds: float = 60.0) -> None:
    """Let the app run until `condition()` holds."""
    deadline = time.perf_counter() + seconds
    while not condition():
        if time.perf_counter() > deadline:
            raise AssertionError("the kiosk did not get there in time")
        await asyncio.sleep(POLL_SECONDS)


def queued_seconds() -> float | None:
    """This thread's time so far spent runnable but waiting for a CPU (Linux's
    per-thread schedstat; None where there is none).

    On a shared machine a wall-clock latency includes the time other processes had the
    cores: the second figure says how much of it that was.
    """
    try:
        with open(f"/proc/{os.getpid()}/task/{threading.get_native_id()}/schedstat") as stat:
            _, waiting, _ = stat.read().split()
    except (OSError, ValueError):
        return None
    return int(waiting) / 1e9


class Visitors:
    """Taps visitors through a kiosk started with `run_test`, counting lost taps."""

    def __init__(self, app: App[object]) -> None:
        self.app = app
        self.lost_taps = 0
        """Taps that landed on a control just as the screen replaced it (made again)."""
        self.last_cpu = 0.0
        """CPU seconds the process used during the last Confirm → ticket."""
        self.last_queued: float | None = None
        """Seconds the event loop's thread waited for a CPU (other processes had the
        cores) during the last Confirm → ticket; None where that is not known."""

    async def touch(self, selector: str, then: Callable[[], object], seconds: float = 60) -> None:
        """Tap `selector`, then wait until `then()` holds.

        Welcome is drawn afresh after each visitor: a tap that lands on the old button
        as it is replaced does nothing, on the terminal too. It is counted and made again.
        """
        app = self.app
        deadline = time.perf_counter() + seconds
        while True:
            spot: tuple[int, int] | None = None

            def visible() -> bool:
                nonlocal spot
                spot = painted_at(app, selector)
                return spot is not None

            await until(visible, seconds)
            assert spot is not None
            x, y = spot
            widget = app.screen.query(selector).first()
            for kind in (events.MouseDown, events.MouseUp):
                app.post_message(kind(None, x, y, 0, 0, 1, False, False, False, x, y))
            while not then():
                if time.perf_counter() > deadline:
                    raise AssertionError(f"tapping {selector} did not lead on")
                if not widget.is_attached and painted_at(app, selector):
                    self.lost_taps += 1
                    break
                await asyncio.sleep(POLL_SECONDS)
            else:
                return

    async def general_enquiry(self) -> float:
        """One visitor: Touch to check in, General enquiry, No thank you, Get my ticket, Done.

        Returns the seconds from the "Get my ticket" tap to the ticket screen painted
        (`last_cpu` and `last_queued` say how they were spent).
        """
        from kiosk.screens.ticket import TicketScreen
        from kiosk.screens.welcome import WelcomeScreen

        app = self.app
        await self.touch("#check-in", lambda: painted_at(app, "#service-general"))
        await self.touch("#service-general", lambda: painted_at(app, "#no-thanks"))
        await self.touch("#no-thanks", lambda: painted_at(app, "#confirm"))
        queued = queued_seconds()
        cpu = time.process_time()
        began = time.perf_counter()
        await self.touch(
            "#confirm",
            lambda: isinstance(app.screen, TicketScreen) and painted_at(app, "#done"),
        )
        took = time.perf_counter() - began
        self.last_cpu = time.process_time() - cpu
        now_queued = queued_seconds()
        self.last_queued = None if queued is None or now_queued is None else now_queued - queued
        await self.touch(
            "#done", lambda: isinstance(app.screen, WelcomeScreen) and painted_at(app, "#check-in")
        )
        return took


def live_objects() -> int:
    """Objects the garbage collector tracks after a full collection (frozen ones too)."""
    gc.collect()
    return len(gc.get_objects()) + gc.get_freeze_count()


def rss_mib() -> float:
    """This process's resident memory in MiB."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
