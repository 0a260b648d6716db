"""A kiosk (or a staff console) running for weeks: memory, objects and latency must stay flat.

Kiosk: N visitors (default 2,000) one after another through the real kiosk app in one
process, built as the tests build it (SQLite file, preview printer written by the real
spool thread), each a general enquiry tapped as on the touchscreen; a member of staff
serves the longest-waiting visitor whenever more than 20 wait, as in an office. Printed:
RSS and live objects (after a full collection) at visitor 100 and at the end, the growth
in %, and Confirm → ticket p50/p95 for the first and the last 100 visitors, with how
that time was spent: the CPU the kiosk's process used, and the time its event loop
waited for a CPU that other processes had (Linux), beside the load average, so that a
busier machine at the end is not taken for a kiosk that slows down.

Console: 3,600 refreshes (an hour of seconds) of the queue screen with 50 waiting and
an alert arriving every 30 refreshes, one visitor called, served and another checked in
every 10.

Targets: RSS growth under 5%, live objects within 5% from visitor 100 (refresh 100) to
the end, kiosk RSS under 150 MB, no latency drift.

    .venv/bin/python bench/soak.py [--visitors 2000]
    .venv/bin/python bench/soak.py --console [--refreshes 3600]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from config import Settings  # noqa: E402
from models import api, queue  # noqa: E402
from models.db import make_engine  # noqa: E402
from models.enums import Channel, Outcome  # noqa: E402
from tests.kiosk.harness import SIZE, THURSDAY_TEN, build, ready  # noqa: E402
from tests.kiosk.visitors import Visitors, live_objects, rss_mib  # noqa: E402

MARK = 100
"""Warm-up: growth is measured from this visitor (or refresh) on."""
SERVE_ABOVE = 20
"""Staff serve the longest-waiting visitor whenever more than this many wait."""


def percentiles(seconds: list[float]) -> str:
    """p50 and p95 in milliseconds."""
    ms = sorted(s * 1000 for s in seconds)
    return f"p50 {statistics.median(ms):5.0f} ms, p95 {ms[int(len(ms) * 0.95) - 1]:5.0f} ms"


def spent(cpu: list[float], queued: list[float]) -> str:
    """The kiosk's own CPU and its wait for a CPU, p50/p95 in ms."""
    line = f"kiosk CPU {percentiles(cpu)}"
    if queued:
        line += f"; waiting for a CPU {percentiles(queued)}"
    return line


def load() -> str:
    """The machine's load averages (1, 5, 15 minutes)."""
    return " ".join(f"{figure:.2f}" for figure in os.getloadavg())


def growth(label: str, first: float, last: float, unit: str, target: float) -> bool:
    """Print one growth line; True when within target %."""
    change = (last - first) / first * 100
    ok = change < target
    digits = 1 if unit else 0  # MiB to a tenth, objects whole
    print(
        f"{label:<13} {first:>10,.{digits}f} → {last:>10,.{digits}f} {unit:<4} {change:+6.1f}% "
        f"(target < {target:.0f}%) {'ok' if ok else 'OVER'}"
    )
    return ok


def serve_oldest(engine: object, settings: Settings, now: dt.datetime) -> None:
    """A desk calls the longest-waiting visitor and resolves the visit."""
    called = api.unit(
        engine,  # type: ignore[arg-type]
        queue.call_next,
        settings=settings,
        desk="Desk 1",
        staff="soak",
        now=now,
    )
    if called is not None:
        api.unit(
            engine,  # type: ignore[arg-type]
            queue.resolve,
            settings=settings,
            visit_id=called.id,
            outcome=Outcome.RESOLVED,
            desk="Desk 1",
            staff="soak",
            now=now,
        )


async def soak_kiosk(visitors: int) -> bool:
    """The kiosk's run; True when every target was met."""
    with tempfile.TemporaryDirectory() as folder:
        app, clock = build(Path(folder))
        latency: list[float] = []
        # Floats in lists: nothing the collector tracks, so the object counts are the kiosk's.
        cpu: list[float] = []
        queued: list[float] = []
        loads = [f"load at the start {load()}"]
        marks: dict[int, tuple[float, int]] = {}
        began = time.perf_counter()
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            staff_engine = make_engine(app.database_url)
            crowd = Visitors(app)
            waiting = 0
            for visitor in range(1, visitors + 1):
                clock.advance(4)
                latency.append(await crowd.general_enquiry())
                cpu.append(crowd.last_cpu)
                if crowd.last_queued is not None:
                    queued.append(crowd.last_queued)
                assert not app.errors, app.errors
                waiting += 1
                if waiting > SERVE_ABOVE:
                    await asyncio.to_thread(serve_oldest, staff_engine, app.settings, clock())
                    waiting -= 1
                if visitor in (MARK, visitors):
                    await asyncio.sleep(0.2)  # the ticket's print job and Welcome settle
                    marks[visitor] = (rss_mib(), live_objects())
                    loads.append(f"at visitor {visitor} {load()}")
                if visitor % 250 == 0:
                    # The figures on the way too: on a busy machine a run may be stopped
                    # before its end and still say how memory and objects went.
                    print(
                        f"  {visitor:>5} visitors, {time.perf_counter() - began:5.0f} s, "
                        f"RSS {rss_mib():.1f} MiB, {live_objects():,} live objects",
                        file=sys.stderr,
                        flush=True,
                    )
            staff_engine.dispose()
        (rss_1, objects_1), (rss_n, objects_n) = marks[MARK], marks[visitors]
        print(f"kiosk: {visitors:,} visitors in {time.perf_counter() - began:,.0f} s")
        ok = growth(f"RSS {MARK}→{visitors}", rss_1, rss_n, "MiB", 5)
        ok &= growth(f"objects {MARK}→{visitors}", objects_1, objects_n, "", 5)
        ok &= rss_n < 150 * 1e6 / 2**20
        print(f"RSS at the end {rss_n * 2**20 / 1e6:.0f} MB (target < 150 MB)")
        first, last = latency[:MARK], latency[-MARK:]
        print(f"Confirm → ticket, first {MARK}: {percentiles(first)}")
        print(f"  time spent: {spent(cpu[:MARK], queued[:MARK])}")
        print(f"Confirm → ticket, last {MARK}:  {percentiles(last)}")
        print(f"  time spent: {spent(cpu[-MARK:], queued[-MARK:])}")
        print(f"machine {', '.join(loads)}")
        print(f"taps made again after landing on a replaced control: {crowd.lost_taps}")
        return ok


async def soak_console(refreshes: int) -> bool:
    """The staff console's run; True when memory and objects stayed within target."""
    from models.alerts import open_alerts  # noqa: F401  (the console's own import path)
    from staff_console.screens.queue import QueueScreen
    from tests.console.harness import SIZE as CONSOLE_SIZE
    from tests.console.harness import console, database, sign_in

    with tempfile.TemporaryDirectory() as folder:
        url = database(Path(folder))
        settings = Settings()
        engine = make_engine(url)
        now = THURSDAY_TEN
        for n in range(50):
            api.unit(
                engine,
                queue.check_in,
                settings=settings,
                service_code=settings.services[n % len(settings.services)].code,
                channel=Channel.WALK_IN,
                actor="soak",
                needs=["bsl"] if n % 9 == 0 else [],
                name=f"Visitor {n}",
                now=now - dt.timedelta(minutes=50 - n),
            )
        app, clock = console(url, now=now)
        timings: list[float] = []
        marks: dict[int, tuple[float, int]] = {}
        began = time.perf_counter()
        async with app.run_test(size=CONSOLE_SIZE) as pilot:
            await sign_in(pilot)
            screen = app.screen
            assert isinstance(screen, QueueScreen)
            for refresh in range(1, refreshes + 1):
                clock.advance(1)
                moment = clock()
                if refresh % 30 == 0:
                    api.ask_for_help(engine, settings, moment)  # an alert arrives
                if refresh % 10 == 0:
                    serve_oldest(engine, settings, moment)
                    api.unit(
                        engine,
                        queue.check_in,
                        settings=settings,
                        service_code=settings.services[refresh % len(settings.services)].code,
                        channel=Channel.WALK_IN,
                        actor="soak",
                        needs=[],
                        name=f"Walk-in {refresh}",
                        now=moment,
                    )
                start = time.perf_counter()
                snapshot = api.console_snapshot(engine, settings, moment)
                screen.show(snapshot, moment)
                await pilot.pause(0)
                timings.append(time.perf_counter() - start)
                if refresh in (MARK, refreshes):
                    marks[refresh] = (rss_mib(), live_objects())
        engine.dispose()
        (rss_1, objects_1), (rss_n, objects_n) = marks[MARK], marks[refreshes]
        print(f"console: {refreshes:,} refreshes in {time.perf_counter() - began:,.0f} s")
        ok = growth(f"RSS {MARK}→{refreshes}", rss_1, rss_n, "MiB", 5)
        ok &= growth(f"objects {MARK}→{refreshes}", objects_1, objects_n, "", 5)
        print(f"refresh (query, render, paint), first {MARK}: {percentiles(timings[:MARK])}")
        print(f"refresh (query, render, paint), last {MARK}:  {percentiles(timings[-MARK:])}")
        return ok


def main() -> int:
    """Run the soak asked for; exit 1 when a target was missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visitors", type=int, default=2000)
    parser.add_argument("--console", action="store_true", help="soak the staff console")
    parser.add_argument("--refreshes", type=int, default=3600)
    arguments = parser.parse_args()
    if arguments.console:
        ok = asyncio.run(soak_console(max(arguments.refreshes, MARK + 1)))
    else:
        ok = asyncio.run(soak_kiosk(max(arguments.visitors, MARK + 1)))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
