"""The idle lock of a signed-in app: after so many minutes without a key or a click,
what was on screen goes behind the sign-in, with a warning shortly before.

`IdleLock` only keeps time (no Textual here, so it is tested with a clock in hand);
`FrontdeskApp.start_idle_lock` feeds it the keys and clicks and asks it every second.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable

WARNING_SECONDS = 30
"""Warn this long before the lock."""


class IdleVerdict(enum.Enum):
    """What an idle check found."""

    STAY = "stay"
    WARN = "warn"
    LOCK = "lock"


class IdleLock:
    """Counts idle time from the last key or click.

    Args:
        clock: Now, as aware UTC (the app's clock, which tests move).
        minutes: Idle minutes before the lock, read at each check (settings may change).
        warning_seconds: The warning comes this long before the lock, once per idle spell.
    """

    def __init__(
        self,
        clock: Callable[[], dt.datetime],
        minutes: Callable[[], float],
        *,
        warning_seconds: float = WARNING_SECONDS,
    ) -> None:
        self.clock = clock
        self.minutes = minutes
        self.warning_seconds = warning_seconds
        self.last_activity = clock()
        """When the person last pressed a key or clicked."""
        self.warned = False
        """The warning was given in this idle spell."""

    def touch(self) -> None:
        """Someone is there: the idle time starts again (and a new warning may come)."""
        self.last_activity = self.clock()
        self.warned = False

    def check(self) -> IdleVerdict:
        """Lock, warn (once per idle spell) or stay, by the idle time now."""
        idle = (self.clock() - self.last_activity).total_seconds()
        limit = self.minutes() * 60
        if idle >= limit:
            return IdleVerdict.LOCK
        if idle >= limit - self.warning_seconds and not self.warned:
            self.warned = True
            return IdleVerdict.WARN
        return IdleVerdict.STAY
