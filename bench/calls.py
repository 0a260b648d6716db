"""Changes at every terminal within half a second (issue: calling and the board).

Four kiosk processes check visitors in and two desk processes call them, through the
`models` functions the apps use, while a board and two consoles listen as the apps do
(`models.changes.ChangeWatcher`, then a full read). Printed per database:

- p50/p95 from a check-in's commit to its appearance in each console's data, and from
  a call's commit to the board's (target: p95 under 500 ms);
- the database's transactions per second with notifications and with the one-second
  polling they replace, busy and idle (PostgreSQL: `pg_stat_database` deltas of a
  database of the bench's own; SQLite: the listeners' own reads, counted);
- the same latencies with polling, for comparison.

    .venv/bin/python bench/calls.py                  # 60 s per phase, SQLite and PostgreSQL
    .venv/bin/python bench/calls.py --seconds 15     # shorter, while developing

PostgreSQL is used when FRONTDESK_BENCH_DATABASE_URL (a server URL; the bench makes a
database `frontdesk_bench_calls` there) or FRONTDESK_TEST_DATABASE_URL is set.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BENCH_DATABASE = "frontdesk_bench_calls"
CONSOLE_FALLBACK_SECONDS = 5.0
"""As the console: a full read at least this often while changes are heard."""
BOARD_FALLBACK_SECONDS = 10.0
"""As the board."""
POLL_SECONDS = 1.0
"""The polling the notifications replace (the console's old refresh)."""
KIOSK_INTERVAL = (4.0, 8.0)
"""Seconds between two check-ins at one kiosk (uniform)."""
DESK_INTERVAL = (2.0, 4.0)
"""Seconds between two calls at one desk (uniform)."""


def office_settings() -> Any:
    """Open all day every day, no bank holidays: the bench runs whenever it is run."""
    from config import settings_from_mapping

    day = {"opens": "00:00", "closes": "23:59"}
    week = {d: day for d in ("monday", "tuesday", "wednesday", "thursday", "friday")}
    week |= {"saturday": day, "sunday": day}
    return settings_from_mapping({"opening_hours": week, "bank_holidays": "none"})


# --- the processes -------------------------------------------------------------------


def kiosk(url: str, index: int, gate: Gate, results: Any) -> None:
    """Check visitors in until the phase ends; report each ticket with its commit time."""
    from models import api
    from models.db import make_engine

    settings = office_settings()
    engine = make_engine(url)
    until = gate.wait()
    services = ["general", "council-tax", "housing"]
    done: list[tuple[str, float]] = []
    rng = random.Random(index)
    while time.time() < until:
        issued = api.kiosk_check_in(
            engine,
            settings,
            service_code=rng.choice(services),
            language=rng.choice(settings.languages),
            needs=[],
            interpreter_language=None,
            name=None,
        )
        done.append((issued.ticket, time.time()))
        time.sleep(rng.uniform(*KIOSK_INTERVAL))
    engine.dispose()
    results.put(("checked_in", index, done))


def desk(url: str, index: int, gate: Gate, results: Any) -> None:
    """Call the next visitor until the phase ends; report each call with its commit time."""
    from models import queue
    from models.db import make_engine, session_scope

    settings = office_settings()
    engine = make_engine(url)
    until = gate.wait()
    done: list[tuple[str, float]] = []
    rng = random.Random(100 + index)
    time.sleep(1.0)
    while time.time() < until:
        with session_scope(engine) as session:
            visit = queue.call_next(
                session=session, settings=settings, desk=f"Desk {index + 1}", staff="bench"
            )
        if visit is not None:
            done.append((visit.ticket, time.time()))
        time.sleep(rng.uniform(*DESK_INTERVAL))
    engine.dispose()
    results.put(("called", index, done))


def listen(
    url: str,
    role: str,
    index: int,
    gate: Gate,
    notify: bool,
    results: Any,
) -> None:
    """A console (`role` "console") or the board ("board"), reading as the app does.

    Reports when each ticket first appeared in its data, how many reads it made and
    how many change checks its watcher made.
    """
    from models import api
    from models.board import board_snapshot
    from models.changes import ChangeWatcher
    from models.db import make_engine

    settings = office_settings()
    engine = make_engine(url)
    watcher = ChangeWatcher(engine)
    fallback = CONSOLE_FALLBACK_SECONDS if role == "console" else BOARD_FALLBACK_SECONDS
    seen: dict[str, float] = {}
    reads = 0
    until = gate.wait()

    def read() -> set[str]:
        if role == "console":
            snapshot = api.console_snapshot(engine, settings)
            return {visit.ticket for visit in snapshot.queue}
        board = board_snapshot(engine, settings, calls=20)
        return {call.ticket for call in board.calls}

    while time.time() < until:
        tickets = read()
        reads += 1
        moment = time.time()
        for ticket in tickets:
            seen.setdefault(ticket, moment)
        if notify:
            watcher.wait(min(fallback, max(0.0, until - time.time())))
        else:
            time.sleep(POLL_SECONDS)
    watcher.close()
    engine.dispose()
    results.put((role, index, {"seen": seen, "reads": reads, "checks": watcher.queries}))


# --- running a phase -----------------------------------------------------------------


class Gate:
    """Holds every process until all have started (imports take seconds on a busy
    machine), then lets them run for the phase's length together."""

    def __init__(self, context: Any) -> None:
        self.ready = context.Semaphore(0)
        self.go = context.Event()
        self.times = context.Array("d", 2)

    def wait(self) -> float:
        """Say "ready", wait for the start; returns when the phase ends (epoch seconds)."""
        self.ready.release()
        self.go.wait()
        start, until = self.times[0], self.times[1]
        time.sleep(max(0.0, start - time.time()))
        return float(until)

    def open(self, parties: int, seconds: float) -> tuple[float, float]:
        """Wait for `parties` to be ready, then start them all half a second from now."""
        for _ in range(parties):
            self.ready.acquire()
        start = time.time() + 0.5
        self.times[0], self.times[1] = start, start + seconds
        self.go.set()
        return start, start + seconds


def run_phase(
    url: str,
    seconds: float,
    *,
    notify: bool,
    writers: bool,
    count: Callable[[], int] | None = None,
) -> dict[str, Any]:
    """Start the listeners (and the writers), run them together, gather their reports.

    `count` (PostgreSQL) is read before any process starts and after all have ended:
    a backend reports its transactions to the statistics when it goes idle, up to
    seconds later, and at the latest when it exits, so only then is the count exact.
    The phase's figure therefore includes each process's first reads.
    """
    first = count() if count is not None else 0
    context = mp.get_context("spawn")
    results = context.Queue()
    gate = Gate(context)
    processes = [
        context.Process(target=listen, args=(url, "board", 0, gate, notify, results)),
        context.Process(target=listen, args=(url, "console", 0, gate, notify, results)),
        context.Process(target=listen, args=(url, "console", 1, gate, notify, results)),
    ]
    if writers:
        processes += [context.Process(target=kiosk, args=(url, n, gate, results)) for n in range(4)]
        processes += [context.Process(target=desk, args=(url, n, gate, results)) for n in range(2)]
    for process in processes:
        process.start()
    start, until = gate.open(len(processes), seconds)
    gathered: dict[str, Any] = {"checked_in": [], "called": [], "console": [], "board": []}

    for _ in processes:
        role, _index, payload = results.get(timeout=seconds + 120)
        gathered[role].append(payload)
    for process in processes:
        process.join(30)
    if count is not None:
        time.sleep(1.0)
        gathered["transactions"] = (first, count())
    gathered["start"], gathered["until"] = start, until
    return gathered


def latencies(
    events: list[list[tuple[str, float]]], listeners: list[dict[str, Any]]
) -> tuple[list[float], int]:
    """Commit-to-seen seconds for every (event, listener) pair, and how many never seen."""
    found: list[float] = []
    missed = 0
    for batch in events:
        for ticket, committed in batch:
            for listener in listeners:
                seen = listener["seen"].get(ticket)
                if seen is None:
                    missed += 1
                else:
                    found.append(max(0.0, seen - committed))
    return found, missed


def percentile(values: list[float], share: float) -> float:
    """The `share` quantile (0-1) of `values`."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summary(label: str, values: list[float], missed: int) -> str:
    """ "p50 … ms, p95 … ms (n=…)"."""
    if not values:
        return f"{label}: no samples"
    return (
        f"{label}: p50 {statistics.median(values) * 1000:.0f} ms, "
        f"p95 {percentile(values, 0.95) * 1000:.0f} ms, max {max(values) * 1000:.0f} ms "
        f"(n={len(values)}, not seen before the end: {missed})"
    )


# --- the databases ---------------------------------------------------------------------


class Postgres:
    """A database of the bench's own, so that its statistics count the bench alone."""

    def __init__(self, server_url: str) -> None:
        from sqlalchemy import create_engine, make_url

        base = make_url(server_url.replace("postgresql://", "postgresql+psycopg://", 1))
        self.admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with self.admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {BENCH_DATABASE}")
            connection.exec_driver_sql(f"CREATE DATABASE {BENCH_DATABASE}")
        self.url = base.set(database=BENCH_DATABASE).render_as_string(hide_password=False)

    def transactions(self) -> int:
        """Commits and rollbacks in the bench's database so far."""
        with self.admin.connect() as connection:
            connection.exec_driver_sql("SELECT pg_stat_clear_snapshot()")
            row = connection.exec_driver_sql(
                "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = %s",
                (BENCH_DATABASE,),
            ).one()
        return int(row[0])

    def drop(self) -> None:
        """Remove the bench's database."""
        with self.admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")
        self.admin.dispose()


def measured_phase(
    url: str, postgres: Postgres | None, seconds: float, *, notify: bool, writers: bool
) -> tuple[dict[str, Any], float, float]:
    """A phase, the server's transactions per second (PostgreSQL) and the listeners'
    full reads per second (both databases, counted by the listeners)."""
    count = postgres.transactions if postgres else None
    result = run_phase(url, seconds, notify=notify, writers=writers, count=count)
    server = 0.0
    if postgres:
        server = (result["transactions"][1] - result["transactions"][0]) / seconds
    reads = sum(x["reads"] for x in result["console"] + result["board"]) / seconds
    return result, server, reads


def bench(label: str, url: str, postgres: Postgres | None, seconds: float) -> None:
    """Every phase on one database, printed."""
    from models.db import make_engine, upgrade

    engine = make_engine(url, create=True)
    upgrade(engine)
    engine.dispose()
    print(f"\n== {label}: 4 kiosks, 2 desks; a board and 2 consoles listening ({seconds:.0f} s)")
    for notify in (True, False):
        how = "notifications" if notify else "polling every second"
        busy, busy_server, busy_reads = measured_phase(
            url, postgres, seconds, notify=notify, writers=True
        )
        checked = busy["checked_in"]
        called = busy["called"]
        console_lat, console_missed = latencies(checked, busy["console"])
        board_lat, board_missed = latencies(called, busy["board"])
        count_in = sum(len(b) for b in checked)
        count_called = sum(len(b) for b in called)
        print(f"-- with {how}: {count_in} check-ins, {count_called} calls")
        print("   " + summary("check-in commit → each console's data", console_lat, console_missed))
        print("   " + summary("call commit → the board's data", board_lat, board_missed))
        idle_seconds = max(30.0, seconds / 2)
        _, idle_server, idle_reads = measured_phase(
            url, postgres, idle_seconds, notify=notify, writers=False
        )
        print(
            f"   listeners' full reads/s: busy {busy_reads:.2f}, idle {idle_reads:.2f}"
            f" ({idle_seconds:.0f} s with no writer, first reads included)"
        )
        if postgres:
            print(
                f"   server transactions/s (every process): busy {busy_server:.1f},"
                f" idle {idle_server:.2f}"
            )
        else:
            checks = sum(x["checks"] for x in busy["console"] + busy["board"]) / seconds
            if notify:
                print(f"   and {checks:.1f} data_version checks/s (a read of the file's header)")


def main() -> None:
    """Run the bench on SQLite and, when configured, on PostgreSQL."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="length of each busy phase")
    parser.add_argument("--only", choices=("sqlite", "postgresql"), help="run on one database only")
    arguments = parser.parse_args()
    if arguments.only != "postgresql":
        with tempfile.TemporaryDirectory() as folder:
            bench("SQLite", f"sqlite:///{Path(folder) / 'calls.db'}", None, arguments.seconds)
    server = os.environ.get("FRONTDESK_BENCH_DATABASE_URL") or os.environ.get(
        "FRONTDESK_TEST_DATABASE_URL"
    )
    if arguments.only != "sqlite":
        if not server:
            print("\n(PostgreSQL skipped: set FRONTDESK_BENCH_DATABASE_URL)")
            return
        postgres = Postgres(server)
        try:
            bench("PostgreSQL", postgres.url, postgres, arguments.seconds)
        finally:
            postgres.drop()


if __name__ == "__main__":
    main()
