"""Seed a database with a year of realistic visits, for the benchmarks.

Rows are written with bulk inserts (not through `check_in`) so that seeding 100,000
visits takes seconds; their values follow the same rules check-in and resolve apply.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import insert
from sqlalchemy.engine import Engine

from config import Settings
from models import queue
from models.calendar import OfficeCalendar
from models.db import session_scope
from models.tables import Channel, Outcome, TicketCounter, Visit, VisitEvent

OUTCOMES = (
    "resolved",
    "resolved",
    "resolved",
    "signposted",
    "referred",
    "callback",
    "written_reply",
)


def seed_history(
    engine: Engine, settings: Settings, *, now: dt.datetime, visits: int = 100_000, seed: int = 7
) -> int:
    """Fill the year before `now` (working days only) with about `visits` closed visits."""
    rng = random.Random(seed)
    calendar = OfficeCalendar(settings)
    today = calendar.local_date(now)
    days = [today - dt.timedelta(days=n) for n in range(365, 0, -1)]
    open_days = [d for d in days if calendar.hours_on(d) is not None]
    per_day = max(1, visits // len(open_days))
    services = settings.services
    visit_rows: list[dict[str, Any]] = []
    counters: list[dict[str, Any]] = []
    reference = 0
    for day in open_days:
        opens, closes = calendar.hours_on(day)  # type: ignore[misc]
        span = (closes - opens).total_seconds() - 1800
        seqs: dict[str, int] = {}
        for _ in range(per_day):
            service = rng.choice(services)
            seqs[service.letter] = seqs.get(service.letter, 0) + 1
            arrived = opens + dt.timedelta(seconds=rng.uniform(0, span))
            greet = rng.randint(60, 1500)
            wait = greet + rng.randint(0, 120)
            resolve = wait + rng.randint(120, 900)
            target = settings.target_for(service.code)
            local = calendar.local(arrived)
            reference += 1
            needs = ["seat"] if rng.random() < 0.08 else []
            visit_rows.append(
                {
                    "site": settings.office.site,
                    "reference": f"H{reference:07d}",
                    "local_date": day,
                    "local_hour": local.hour,
                    "letter": service.letter,
                    "seq": seqs[service.letter],
                    "ticket": f"{service.letter}{seqs[service.letter]:03d}",
                    "service_code": service.code,
                    "channel": "kiosk",
                    "language": "en",
                    "name": None,
                    "needs": needs,
                    "has_needs": bool(needs),
                    "status": "resolved",
                    "desk": f"Desk {rng.randint(1, 4)}",
                    "staff_code": "seed",
                    "arrived_at": arrived,
                    "target_due_at": arrived + dt.timedelta(minutes=target),
                    "target_minutes": target,
                    "called_at": arrived + dt.timedelta(seconds=greet),
                    "first_called_at": arrived + dt.timedelta(seconds=greet),
                    "serving_started_at": arrived + dt.timedelta(seconds=wait),
                    "ended_at": arrived + dt.timedelta(seconds=resolve),
                    "recalls": 0,
                    "outcome": rng.choice(OUTCOMES),
                    "greet_seconds": greet,
                    "wait_seconds": wait,
                    "resolve_seconds": resolve,
                    "within_target": resolve <= target * 60,
                }
            )
        counters += [
            {"site": settings.office.site, "local_date": day, "letter": letter, "last": last}
            for letter, last in seqs.items()
        ]
    with session_scope(engine) as session:
        for start in range(0, len(visit_rows), 5000):
            session.execute(insert(Visit), visit_rows[start : start + 5000])
        session.execute(insert(TicketCounter), counters)
    # Events: one per visit milestone, as the rules would have written them.
    with engine.begin() as connection:
        ids = [row[0] for row in connection.exec_driver_sql("SELECT id, arrived_at FROM visit")]
    event_rows: list[dict[str, Any]] = []
    for visit_id, row in zip(ids, visit_rows, strict=False):
        for kind, at, before, after in (
            ("checked_in", row["arrived_at"], None, "waiting"),
            ("called", row["called_at"], "waiting", "called"),
            ("serving", row["serving_started_at"], "called", "serving"),
            ("resolved", row["ended_at"], "serving", "resolved"),
        ):
            event_rows.append(
                {
                    "visit_id": visit_id,
                    "at": at,
                    "kind": kind,
                    "actor": "seed",
                    "desk": row["desk"],
                    "from_status": before,
                    "to_status": after,
                    "detail": {},
                    "note": None,
                }
            )
    with session_scope(engine) as session:
        for start in range(0, len(event_rows), 20000):
            session.execute(insert(VisitEvent), event_rows[start : start + 20000])
    return len(visit_rows)


def seed_today(
    engine: Engine, settings: Settings, *, now: dt.datetime, waiting: int = 30, served: int = 60
) -> None:
    """Today so far: `served` visits resolved, then `waiting` people in the queue."""
    start = now - dt.timedelta(minutes=waiting + served)
    with session_scope(engine) as session:
        for n in range(served + waiting):
            service = settings.services[n % len(settings.services)].code
            queue.check_in(
                session=session,
                settings=settings,
                service_code=service,
                channel=Channel.WALK_IN,
                actor="seed",
                needs=["bsl"] if n % 9 == 0 else [],
                name=f"Visitor {n}",
                now=start + dt.timedelta(minutes=n),
            )
    with session_scope(engine) as session:
        for n in range(served):
            called = queue.call_next(
                session=session,
                settings=settings,
                desk="Desk 1",
                staff="seed",
                now=start + dt.timedelta(minutes=n + 1),
            )
            assert called is not None
            queue.resolve(
                session=session,
                settings=settings,
                visit_id=called.id,
                outcome=Outcome.RESOLVED,
                desk="Desk 1",
                staff="seed",
                now=start + dt.timedelta(minutes=n + 2),
            )


def median_ms(function: Callable[[], object], runs: int = 50) -> tuple[float, float]:
    """Median and 90th percentile of `runs` calls, in milliseconds (after one warm-up)."""
    function()
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        function()
        times.append((time.perf_counter() - began) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.9)]
