"""The kiosk's own health, written to its log once an hour, so a leak shows in the field.

A kiosk is started once and left running for weeks: visitors served, resident memory
and live objects in the log let a slow leak be seen (and reported) long before the
terminal runs out of memory. Nothing here imports Textual.
"""

from __future__ import annotations

import gc
import os
import time
from dataclasses import dataclass

HEALTH_LOG_SECONDS = 3600.0
"""How often the kiosk writes its health line."""


def rss_bytes() -> int | None:
    """This process's resident memory, or None where /proc is not available."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class Health:
    """One reading of the kiosk's health."""

    visitors: int
    """Check-ins made at this kiosk since it started."""
    rss: int | None
    """Resident memory in bytes (None where unknown)."""
    objects: int
    """Objects the garbage collector tracks, those frozen at start-up included."""
    frozen: int
    """Of which frozen at start-up (they never change)."""
    collections: int
    """Full (oldest-generation) collections since start."""
    count_ms: float
    """What taking this reading cost, in milliseconds."""

    def line(self) -> str:
        """The log line."""
        memory = "unknown" if self.rss is None else f"{self.rss / 2**20:.1f} MiB"
        return (
            f"health: {self.visitors} visitors served, RSS {memory}, "
            f"{self.objects} live objects ({self.frozen} frozen at start-up), "
            f"{self.collections} full collections; counted in {self.count_ms:.1f} ms"
        )


def read_health(visitors: int) -> Health:
    """Count now. No collection is forced: counting the tracked objects is a walk of the
    collector's lists (about 2 ms for 100,000 objects), run once an hour."""
    began = time.perf_counter()
    objects = len(gc.get_objects())
    frozen = gc.get_freeze_count()
    full = gc.get_stats()[-1]["collections"]
    return Health(
        visitors=visitors,
        rss=rss_bytes(),
        objects=objects + frozen,
        frozen=frozen,
        collections=full,
        count_ms=(time.perf_counter() - began) * 1000,
    )
