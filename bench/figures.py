"""Today's figures and the live-queue query against growing history (issue: foundation).

Target: each under 20 ms median on SQLite with a year of history (~100,000 visits), and
not growing with history. Prints one line per history size.

    .venv/bin/python bench/figures.py [--postgres URL]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._history import median_ms, seed_history, seed_today
from config import Settings
from models import queue
from models.db import make_engine, session_scope, upgrade
from models.figures import figures

NOW = dt.datetime(2026, 11, 26, 14, 0, tzinfo=dt.UTC)  # a Thursday afternoon


def measure(url: str, history: int) -> None:
    settings = Settings()
    engine = make_engine(url, create=True)
    upgrade(engine)
    began = time.perf_counter()
    seeded = seed_history(engine, settings, now=NOW, visits=history) if history else 0
    seed_today(engine, settings, now=NOW)
    seconds = time.perf_counter() - began
    today = NOW.date()

    def todays_figures() -> object:
        with session_scope(engine) as session:
            return figures(session=session, settings=settings, start=today, end=today, now=NOW)

    def live() -> object:
        with session_scope(engine) as session:
            return queue.live_queue(session=session, settings=settings, now=NOW)

    fig_median, fig_p90 = median_ms(todays_figures)
    queue_median, queue_p90 = median_ms(live)
    waiting = len(live())  # type: ignore[arg-type]
    print(
        f"history {seeded:>7,} visits (seeded in {seconds:5.1f} s), {waiting} in queue: "
        f"today's figures {fig_median:6.2f} ms median ({fig_p90:6.2f} p90); "
        f"live queue {queue_median:6.2f} ms median ({queue_p90:6.2f} p90)"
    )
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--sizes", default="0,10000,100000", help="history sizes to try, comma-separated"
    )
    args = parser.parse_args()
    print(f"SQLite (WAL, synchronous=FULL), target < 20 ms median; now = {NOW:%Y-%m-%d %H:%M} UTC")
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            measure(f"sqlite:///{folder}/bench.db", size)


if __name__ == "__main__":
    main()
