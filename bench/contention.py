"""Check-ins on SQLite while sign-ins and a console's refresh run beside them.

A kiosk checks a visitor in every 20 ms for a while, in a process of its own, and the
time each check-in takes is recorded. The same run is made twice: alone, and with
noise in two more processes — one signing in with unknown staff codes back to back (an
attacker at a keypad: each attempt hashes a PIN), one refreshing the console's snapshot
(`models.api.console_snapshot`, what the console calls each second) ten times a second.

Before reads were deferred and hashing moved out of the write transaction, every read
and sign-in took SQLite's write lock, and check-ins stalled for seconds behind them.
Target: with the noise, check-in p99 under 100 ms and max under 500 ms.

    .venv/bin/python bench/contention.py [--seconds 15] [--before]

`--before` adds a third run with the noise done the old way, for comparison.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from multiprocessing.synchronize import Event
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

NOW = dt.datetime(2026, 11, 26, 11, 0, tzinfo=dt.UTC)  # a Thursday morning, open
CHECK_IN_EVERY = 0.020


def _as_before() -> None:
    """Put back the old behaviour in this process, to compare: every transaction
    `BEGIN IMMEDIATE`, and sign-in hashing inside its write transaction."""
    from models import api, staff
    from models.db import session_scope

    api.read_scope = session_scope  # type: ignore[assignment]

    def sign_in_in_one_write(engine, *, code, pin, now=None):  # type: ignore[no-untyped-def]
        with session_scope(engine) as session:
            account = staff.find_account(session=session, code=code)
            check = staff.check_pin(account, pin)
            return staff.record_sign_in(session=session, check=check, now=now)

    api.sign_in = sign_in_in_one_write  # type: ignore[assignment]


def _check_ins(url: str, seconds: float, start: Event, out: multiprocessing.Queue) -> None:
    from config import Settings
    from models import api
    from models.db import make_engine

    settings = Settings()
    engine = make_engine(url)
    api.kiosk_check_in(  # warm up: imports, first connection
        engine,
        settings,
        service_code="general",
        language="en",
        needs=(),
        interpreter_language=None,
        name=None,
        now=NOW,
    )
    start.wait(60)
    took: list[float] = []
    deadline = time.monotonic() + seconds
    following = time.monotonic()
    while time.monotonic() < deadline:
        began = time.perf_counter()
        api.kiosk_check_in(
            engine,
            settings,
            service_code="general",
            language="en",
            needs=(),
            interpreter_language=None,
            name="Bench Visitor",
            now=NOW,
        )
        took.append(time.perf_counter() - began)
        following += CHECK_IN_EVERY
        time.sleep(max(0.0, following - time.monotonic()))
    engine.dispose()
    out.put(took)


def _sign_ins(
    url: str, stop: Event, start: Event, out: multiprocessing.Queue, before: bool
) -> None:
    from models import api
    from models.db import make_engine

    if before:
        _as_before()

    engine = make_engine(url)
    start.wait(60)
    attempts = 0
    while not stop.is_set():
        result = api.sign_in(engine, code=f"nobody{attempts % 97}", pin="1234", now=NOW)
        assert result.staff is None
        attempts += 1
    engine.dispose()
    out.put(attempts)


def _refreshes(
    url: str, stop: Event, start: Event, out: multiprocessing.Queue, before: bool
) -> None:
    from config import Settings
    from models import api
    from models.db import make_engine

    if before:
        _as_before()

    settings = Settings()
    engine = make_engine(url)
    start.wait(60)
    refreshes = 0
    while not stop.is_set():
        api.console_snapshot(engine, settings, NOW + dt.timedelta(seconds=refreshes))
        refreshes += 1
        time.sleep(0.1)
    engine.dispose()
    out.put(refreshes)


def run(
    folder: Path, seconds: float, noise: bool, before: bool = False
) -> tuple[list[float], int, int]:
    """One run on a fresh database: check-in times, sign-ins made, refreshes made."""
    from models.db import open_database

    url = f"sqlite:///{folder / f'run-{noise}-{before}.db'}"
    open_database(url, create=True).dispose()
    context = multiprocessing.get_context("spawn")
    start, stop = context.Event(), context.Event()
    times: multiprocessing.Queue = context.Queue()
    counts: multiprocessing.Queue = context.Queue()
    kiosk = context.Process(target=_check_ins, args=(url, seconds, start, times))
    noisy = (
        [
            context.Process(target=_sign_ins, args=(url, stop, start, counts, before)),
            context.Process(target=_refreshes, args=(url, stop, start, counts, before)),
        ]
        if noise
        else []
    )
    for process in (kiosk, *noisy):
        process.start()
    time.sleep(3)  # let every process import and connect before the clock starts
    start.set()
    took = times.get(timeout=seconds + 120)
    stop.set()
    done = [counts.get(timeout=120) for _ in noisy]
    for process in (kiosk, *noisy):
        process.join(timeout=60)
        if process.is_alive():  # never leave one writing into a folder about to go
            process.terminate()
            process.join(timeout=10)
    return took, (done[0] if noise else 0), (done[1] if noise else 0)


def describe(label: str, took: list[float]) -> str:
    """p50, p99 and max in milliseconds."""
    ordered = sorted(took)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return (
        f"{label:<34} {len(took):>5} check-ins  p50 {statistics.median(took) * 1000:6.1f} ms"
        f"  p99 {p99 * 1000:6.1f} ms  max {max(took) * 1000:6.1f} ms"
    )


def main() -> None:
    """Run alone, then with noise, and print both."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15.0, help="length of each run")
    parser.add_argument(
        "--before",
        action="store_true",
        help="also run the noise the old way (every read IMMEDIATE, hashing in the write)",
    )
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        quiet, _, _ = run(Path(folder), arguments.seconds, noise=False)
        noisy, sign_ins, refreshes = run(Path(folder), arguments.seconds, noise=True)
        old = run(Path(folder), arguments.seconds, True, before=True) if arguments.before else None
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"SQLite, a check-in every {CHECK_IN_EVERY * 1000:.0f} ms for {arguments.seconds:.0f} s"
        f" ({os.cpu_count()} CPUs, load average {load:.1f} at the end)"
    )
    print(describe("alone", quiet))
    print(describe("with sign-ins and console refreshes", noisy))
    print(
        f"  noise: {sign_ins} sign-ins with unknown codes ({sign_ins / arguments.seconds:.1f}/s),"
        f" {refreshes} console refreshes ({refreshes / arguments.seconds:.1f}/s)"
    )
    if old is not None:
        print(describe("the same noise, the old way", old[0]))
        print(f"  noise: {old[1]} sign-ins, {old[2]} console refreshes")
    print("  target with noise: p99 < 100 ms, max < 500 ms")


if __name__ == "__main__":
    main()
