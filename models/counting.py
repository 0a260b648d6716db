"""One definition of each state the console, the figures screen and `report` count.

The console header, the figures ("waiting now") and the command line's report all read
these tuples, so "waiting" means the same everywhere: in the queue and not yet called.
A called or served visitor is "with staff"; a held one is "on hold". (Before, the
console counted only `waiting` while the report also counted called and held visits,
and visits left open on earlier days: "waiting now: 9" beside "8 waiting".)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from models.enums import VisitStatus

WAITING_NOW: tuple[VisitStatus, ...] = (VisitStatus.WAITING,)
"""In the queue, not yet called (or sent back to waiting by a transfer)."""
WITH_STAFF_NOW: tuple[VisitStatus, ...] = (VisitStatus.CALLED, VisitStatus.SERVING)
"""Called to a desk, or being served there."""
HELD_NOW: tuple[VisitStatus, ...] = (VisitStatus.HELD,)
"""Stepped away (fetching a document); keeps their place."""

GREET_TARGET_SECONDS = 5 * 60
"""The charter's "greet you promptly", measured as arrival to first call within 5 minutes."""


@dataclass(frozen=True)
class QueueCounts:
    """Today's open visits by state, as the console header and the figures say them."""

    waiting: int = 0
    """Visits in `WAITING_NOW`."""
    with_staff: int = 0
    """Visits in `WITH_STAFF_NOW`."""
    held: int = 0
    """Visits in `HELD_NOW`."""

    def describe(self) -> str:
        """ "8 waiting · 2 with staff · 1 on hold" (the same words on every screen)."""
        return f"{self.waiting} waiting · {self.with_staff} with staff · {self.held} on hold"


def count_states(statuses: Iterable[str]) -> QueueCounts:
    """Count open visits' statuses by the definitions above."""
    waiting = with_staff = held = 0
    for status in statuses:
        if status in WAITING_NOW:
            waiting += 1
        elif status in WITH_STAFF_NOW:
            with_staff += 1
        elif status in HELD_NOW:
            held += 1
    return QueueCounts(waiting=waiting, with_staff=with_staff, held=held)
