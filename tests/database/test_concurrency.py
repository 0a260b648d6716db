"""Ticket numbers and calls under several writers at once, in separate processes."""

from __future__ import annotations

import multiprocessing
import traceback
from multiprocessing.synchronize import Event

import pytest
from sqlalchemy import select

from config import Settings
from models import queue
from models.db import make_engine, session_scope
from models.tables import Visit
from tests.conftest import london

WRITERS = 4
CHECK_INS_EACH = 200
NOW = london(2026, 11, 26, 11, 0)


def _check_in_many(url: str, start: Event, results: multiprocessing.Queue) -> None:
    settings = Settings()
    engine = make_engine(url)
    tickets: list[str] = []
    errors: list[str] = []
    start.wait(30)
    for _ in range(CHECK_INS_EACH):
        try:
            with session_scope(engine) as session:
                issued = queue.check_in(
                    session=session, settings=settings, service_code="general", now=NOW
                )
            tickets.append(issued.ticket)
        except Exception:
            errors.append(traceback.format_exc(limit=1))
    engine.dispose()
    results.put((tickets, errors))


@pytest.mark.slow
@pytest.mark.timeout(300)  # four spawned interpreters on a busy machine; each waits up to 240 s
def test_four_processes_get_distinct_gap_free_numbers(database_url: str) -> None:
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    results: multiprocessing.Queue = context.Queue()
    workers = [
        context.Process(target=_check_in_many, args=(database_url, start, results))
        for _ in range(WRITERS)
    ]
    for worker in workers:
        worker.start()
    start.set()
    collected = [results.get(timeout=240) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    tickets = [t for batch, _ in collected for t in batch]
    errors = [e for _, batch in collected for e in batch]
    assert errors == []
    assert len(tickets) == WRITERS * CHECK_INS_EACH
    assert sorted(tickets) == [f"A{n:03d}" for n in range(1, WRITERS * CHECK_INS_EACH + 1)]
    engine = make_engine(database_url)
    with session_scope(engine) as session:
        seqs = sorted(session.execute(select(Visit.seq)).scalars())
    engine.dispose()
    assert seqs == list(range(1, WRITERS * CHECK_INS_EACH + 1))


def _call_many(url: str, desk: str, start: Event, results: multiprocessing.Queue) -> None:
    settings = Settings()
    engine = make_engine(url)
    called: list[int] = []
    start.wait(30)
    while True:
        with session_scope(engine) as session:
            visit = queue.call_next(
                session=session, settings=settings, desk=desk, staff=desk, now=NOW
            )
        if visit is None:
            break
        called.append(visit.id)
    engine.dispose()
    results.put(called)


@pytest.mark.slow
def test_two_desks_calling_at_once_never_get_the_same_visitor(database_url: str) -> None:
    settings = Settings()
    engine = make_engine(database_url)
    with session_scope(engine) as session:
        for _ in range(60):
            queue.check_in(session=session, settings=settings, service_code="general", now=NOW)
    engine.dispose()
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    results: multiprocessing.Queue = context.Queue()
    workers = [
        context.Process(target=_call_many, args=(database_url, desk, start, results))
        for desk in ("Desk 1", "Desk 2")
    ]
    for worker in workers:
        worker.start()
    start.set()
    first, second = (results.get(timeout=120) for _ in workers)
    for worker in workers:
        worker.join(timeout=30)
    assert not set(first) & set(second)
    assert len(first) + len(second) == 60
