"""Running an app for real: start it again after a crash, give up after many."""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Callable

from appbase.app import CRASH_EXIT_CODE, FrontdeskApp
from appbase.failures import Failure

CRASH_LIMIT = 5
"""Crashes within CRASH_WINDOW_SECONDS after which the process exits with 70."""
CRASH_WINDOW_SECONDS = 60.0
RESTART_PAUSE_SECONDS = 1.0
"""A breath between a crash and the new app, so a fault cannot spin the CPU."""

log = logging.getLogger("frontdesk.launcher")


def run_app(
    make: Callable[[Failure | None], FrontdeskApp],
    *,
    restart: Callable[[FrontdeskApp], bool],
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Run apps made by `make` until one ends for good; return the process's exit status.

    Args:
        make: Builds an app, given the failure that closed the one before (or None).
        restart: Whether an app that closed without a crash is started again (the kiosk
            runs until staff quit it; the console ends when staff quit it).
        sleep: Waits between a crash and the next app (tests pass a no-op).

    Returns:
        0 when the app ended normally; the app's own status when it chose one (the
        kiosk's 70 when its database stayed away); 70 after CRASH_LIMIT crashes within
        CRASH_WINDOW_SECONDS.
    """
    crashes: list[float] = []
    previous: Failure | None = None
    # The kiosk's command holds collection back while an app starts (kiosk/__main__.py);
    # each app started again here starts the same way.
    collecting = gc.isenabled()
    while True:
        app = make(previous)
        result = app.run()
        failure = app.failure
        status = app.return_code
        again = failure is not None or (
            status != CRASH_EXIT_CODE and result != CRASH_EXIT_CODE and restart(app)
        )
        del app
        let_go_of_the_app(collecting=collecting)
        if failure is None:
            if status == CRASH_EXIT_CODE or result == CRASH_EXIT_CODE:
                return CRASH_EXIT_CODE
            if not again:
                return status or 0
            log.warning("the app stopped unexpectedly (status %s); starting again", result)
            previous = None
        else:
            moment = time.monotonic()
            crashes = [t for t in crashes if moment - t < CRASH_WINDOW_SECONDS] + [moment]
            if len(crashes) >= CRASH_LIMIT:
                log.error(
                    "%d crashes within %d s (the last: %s): exiting with status %d",
                    len(crashes),
                    CRASH_WINDOW_SECONDS,
                    failure.reference,
                    CRASH_EXIT_CODE,
                )
                return CRASH_EXIT_CODE
            log.warning("starting again after the crash %s", failure.reference)
            previous = failure
        sleep(RESTART_PAUSE_SECONDS)


def let_go_of_the_app(*, collecting: bool) -> None:
    """Free all that an app which has ended held, before the next one starts.

    The kiosk freezes what it made while starting (`gc.freeze`, kiosk/app.py): the app
    itself, Welcome, the screen stack. Frozen objects are never collected, and whatever
    they refer to counts as alive: after an unexpected error the dead kiosk and the
    visitor's screens (their name on Confirm, the traceback's frames) stayed in memory
    for good, about 100,000 objects a crash, beside the new kiosk. So they are unfrozen
    and collected now; and collection is held back again (when the process started
    that way) so that the next app freezes its own start-up as the first one did.
    """
    gc.unfreeze()
    gc.collect()
    if not collecting:
        gc.disable()
