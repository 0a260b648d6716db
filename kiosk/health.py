"""The kiosk's own health, written to its log once an hour, so a leak shows in the field.

A kiosk is started once and left running for weeks: visitors served, resident memory
and live objects in the log let a slow leak be seen (and reported) long before the
terminal runs out of memory. Nothing here imports Textual.
"""

from __future__ import annotations

import ctypes
import gc
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

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


FULL_COLLECTION_PASSES = 100
"""While a kiosk runs: middle-generation passes before Python collects the oldest
generation by itself (its default is 10, about one visitor's worth)."""


def hold_full_collections() -> tuple[int, int, int]:
    """Leave the oldest generation to `collect_between_visitors`; returns the old thresholds.

    With the default, Python's own full collection still came once per visitor at a
    moment of its choosing, often mid-visit. At 100 passes it comes only in a visit ten
    times as long as usual, or after a long quiet spell on Welcome: a safety net, not
    the rule. The caller restores the thresholds when the kiosk stops (tests run many
    kiosks in one process).
    """
    young, middle, oldest = gc.get_threshold()
    gc.set_threshold(young, middle, max(FULL_COLLECTION_PASSES, oldest))
    return young, middle, oldest


def collect_between_visitors() -> None:
    """A full garbage collection now, while Welcome waits for the next visitor.

    Each visitor's screens and the text drawn for them live through many young
    collections, so they end in the oldest generation, and Python collects that one
    about once per visitor on its own (its trigger: ten middle-generation passes, and
    new old objects over a quarter of the old ones). Left alone, that collection (tens
    of milliseconds in a started kiosk, about 150 in a test process) fell wherever the
    count ran out: in a slowly moving share of visits between "Get my ticket" and the
    ticket, which showed as a p95 that rose and fell from run to run. Done here, it
    frees the last visitor's objects at once and starts the counts again from nothing
    (with `hold_full_collections`, the next comes here too).
    """
    gc.collect()


def _malloc_trim() -> Callable[[int], int] | None:
    # glibc's; musl and other C libraries have none (there the kiosk just keeps its heap).
    try:
        libc = ctypes.CDLL(None)
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return cast("Callable[[int], int]", trim)


_TRIM = _malloc_trim()


def return_free_memory() -> bool:
    """Give the C allocator's free pages back to the system; False where it cannot.

    Each visitor's work (SQLite connections and their page caches, the ticket's images,
    text drawn for the screens) is made and freed by C code in several threads, and glibc
    keeps the freed pages inside its heaps whenever something still alive sits above
    them: the kiosk's resident memory rose about 2 MiB per 100 visitors with nothing
    live behind it. `malloc_trim(0)` hands every whole free page back (tens of
    microseconds); the kiosk calls it each time Welcome returns.
    """
    if _TRIM is None:
        return False
    _TRIM(0)
    return True
