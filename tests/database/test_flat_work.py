"""A visitor's database work must not grow with the number already seen that day.

A kiosk checks in hundreds of visitors on one day: the check-in (next ticket number,
people ahead), the ticket screen's look at its print job, the spool's pass and the
state poll must each cost the same for the 150th visitor as for the 30th. Measured
without a clock: SQLite counts the virtual-machine instructions each call executes
(its progress handler, called once per instruction), so a query that came to read
every row of the day (a lost index, an unbounded count) shows as a growing count on
any machine, however busy.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from config import Settings
from models import api, queue
from models.db import make_engine, open_database
from models.enums import Outcome
from printing.connections import PreviewPrinter
from printing.spool import Spool
from tests.conftest import Clock
from tests.kiosk.harness import THURSDAY_TEN, kiosk_settings

WAITING = 20
"""Staff serve the longest-waiting visitor whenever more than this many wait."""
EARLY, LATE = 30, 150
"""The visitors whose work is compared (the first is past the queue's filling up)."""
SLACK = 0.02
"""Allowed growth: none is expected (the counts are equal today)."""


class Instructions:
    """SQLite virtual-machine instructions executed on an engine's connections."""

    def __init__(self, engine: Engine) -> None:
        self.count = 0
        event.listen(engine, "connect", self._connected)

    def _connected(self, connection: Any, _record: object) -> None:
        connection.set_progress_handler(self._step, 1)

    def _step(self) -> int:
        self.count += 1
        return 0  # carry on

    def of(self, call: Callable[[], object]) -> tuple[int, Any]:
        """Instructions `call` executed, and its result."""
        before = self.count
        result = call()
        return self.count - before, result


def one_visitor(
    engine: Engine, settings: Settings, spool: Spool, clock: Clock, counter: Instructions
) -> dict[str, int]:
    """A kiosk visitor's calls (as the soak makes them), each's instruction count."""
    clock.advance(4)
    counts: dict[str, int] = {}
    counts["check-in"], issued = counter.of(
        lambda: api.kiosk_check_in(
            engine,
            settings,
            service_code=settings.services[0].code,
            language="en",
            needs=[],
            interpreter_language=None,
            name=None,
            now=clock(),
        )
    )
    assert issued.print_job_id is not None
    job = issued.print_job_id
    counts["print job"], _ = counter.of(lambda: api.print_job(engine, job))
    counts["spool pass"], passed = counter.of(spool.run_once)
    assert passed.printed == (job,)
    counts["state"], _ = counter.of(lambda: api.kiosk_state(engine, settings, clock()))
    return counts


def serve_oldest(engine: Engine, settings: Settings, clock: Clock) -> None:
    """A desk calls and resolves the longest-waiting visitor (the console's work, which
    must not grow either)."""
    called = api.unit(
        engine, queue.call_next, settings=settings, desk="Desk 1", staff="t", now=clock()
    )
    assert called is not None
    api.unit(
        engine,
        queue.resolve,
        settings=settings,
        visit_id=called.id,
        outcome=Outcome.RESOLVED,
        desk="Desk 1",
        staff="t",
        now=clock(),
    )


@pytest.mark.timeout(300)
def test_a_visitors_database_work_does_not_grow_with_the_day(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kiosk.db'}"
    open_database(url, create=True).dispose()
    settings = kiosk_settings(tmp_path)
    engine = make_engine(url)
    counter = Instructions(engine)
    clock = Clock(THURSDAY_TEN)
    spool = Spool(engine, settings, printer=PreviewPrinter(tmp_path / "tickets"), clock=clock)
    measured: dict[int, dict[str, int]] = {}
    try:
        for visitor in range(1, LATE + 1):
            measured[visitor] = one_visitor(engine, settings, spool, clock, counter)
            if visitor > WAITING:
                measured[visitor]["serve"], _ = counter.of(
                    lambda: serve_oldest(engine, settings, clock)
                )
    finally:
        engine.dispose()
    early, late = measured[EARLY], measured[LATE]
    grown = {
        call: (early[call], late[call]) for call in early if late[call] > early[call] * (1 + SLACK)
    }
    assert not grown, f"instructions at visitor {EARLY} and {LATE}: {grown}"
    assert all(early.values()), early  # the handler counted something
