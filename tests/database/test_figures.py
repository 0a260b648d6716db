"""Figures and retention against a small day whose numbers are worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine

from config import Settings, settings_from_mapping
from models import queue
from models.db import session_scope
from models.figures import figures
from models.retention import purge_personal_data
from models.tables import Outcome, Visit, VisitEvent
from tests.conftest import london

DAY = dt.date(2026, 11, 26)
T0 = london(2026, 11, 26, 9, 30)


def at(minutes: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def seed(engine: Engine, settings: Settings) -> dict[str, int]:
    """Four visits on 26 November:

    A001 general, 09:30, called 09:34 at Desk 1, served 09:35, resolved 09:40 (in target).
    A002 general, 09:31, needs, called 09:45 at Desk 2, served 09:47, resolved 09:50 (late).
    H001 housing, 10:05, called 10:08 at Desk 1, no-show.
    A003 general, 10:20, still waiting at 10:40 (target 10:35 passed: a breach).
    """
    ids: dict[str, int] = {}
    with session_scope(engine) as s:
        ids["A001"] = queue.check_in(
            session=s, settings=settings, service_code="general", now=at(0)
        ).visit_id
        ids["A002"] = queue.check_in(
            session=s,
            settings=settings,
            service_code="general",
            needs=["bsl"],
            name="Ann",
            now=at(1),
        ).visit_id
        ids["H001"] = queue.check_in(
            session=s, settings=settings, service_code="housing", now=at(35)
        ).visit_id
        ids["A003"] = queue.check_in(
            session=s, settings=settings, service_code="general", now=at(50)
        ).visit_id
    steps = [
        (queue.call_visit, "A001", "Desk 1", at(4), {}),
        (queue.start_serving, "A001", "Desk 1", at(5), {}),
        (queue.resolve, "A001", "Desk 1", at(10), {"outcome": Outcome.RESOLVED}),
        (queue.call_visit, "A002", "Desk 2", at(15), {}),
        (queue.start_serving, "A002", "Desk 2", at(17), {}),
        (
            queue.transfer,
            "A002",
            "Desk 2",
            at(18),
            {"notes": "Interpreter booked", "to_desk": "Desk 2"},
        ),
        (queue.call_visit, "A002", "Desk 2", at(18), {}),
        (
            queue.resolve,
            "A002",
            "Desk 2",
            at(20),
            {"outcome": Outcome.REFERRED, "detail": "Adult social care team"},
        ),
        (queue.call_visit, "H001", "Desk 1", at(38), {}),
        (queue.no_show, "H001", "Desk 1", at(45), {}),
    ]
    for function, ticket, desk, now, extra in steps:
        with session_scope(engine) as s:
            function(
                session=s,
                settings=settings,
                visit_id=ids[ticket],
                desk=desk,
                staff="jb",
                now=now,
                **extra,
            )
    return ids


def test_figures_match_the_hand_count(engine: Engine, settings: Settings) -> None:
    seed(engine, settings)
    with session_scope(engine) as s:
        result = figures(session=s, settings=settings, start=DAY, end=DAY, now=at(70))
    total = result.total
    assert total.visitors == 4
    assert total.waiting_now == 1  # A003
    assert total.served == 3
    # Waits to service: A001 5 min, A002 16 min, H001 3 min (called, never served).
    assert total.average_wait_seconds == pytest.approx((300 + 960 + 180) / 3)
    assert total.longest_wait_seconds == 960
    # Greeting (first call): 4, 14 and 3 minutes.
    assert total.average_greet_seconds == pytest.approx((240 + 840 + 180) / 3)
    assert total.resolved == 2
    assert total.resolved_within_target == 1
    assert total.percent_within_target == pytest.approx(50.0)
    # Breaches: A002 resolved late; A003 still waiting past its target. H001's no-show
    # came before its target (10:20), so it is no breach.
    assert total.breaches == 2
    assert total.with_needs == 1
    assert total.needs_acknowledged == 0

    by_service = {row.key: row for row in result.by_service}
    assert by_service["general"].visitors == 3 and by_service["housing"].visitors == 1
    by_desk = {row.key: row for row in result.by_desk}
    assert by_desk["Desk 1"].visitors == 2 and by_desk["Desk 2"].resolved == 1
    by_hour = {row.key: row.visitors for row in result.by_hour}
    assert by_hour == {"09": 2, "10": 2}


def test_figures_for_a_range_without_visits_are_zero(engine: Engine, settings: Settings) -> None:
    seed(engine, settings)
    with session_scope(engine) as s:
        empty = figures(
            session=s,
            settings=settings,
            start=DAY + dt.timedelta(days=1),
            end=DAY + dt.timedelta(days=7),
            now=at(70),
        )
    assert empty.total.visitors == 0 and empty.total.percent_within_target is None
    assert empty.by_service == ()


def test_retention_erases_personal_data_and_keeps_figures(engine: Engine) -> None:
    settings = settings_from_mapping({"retention_days": 30})
    ids = seed(engine, settings)
    with session_scope(engine) as s:
        before = figures(session=s, settings=settings, start=DAY, end=DAY, now=at(70))
    with session_scope(engine) as s:
        assert (
            purge_personal_data(session=s, settings=settings, now=T0 + dt.timedelta(days=30)) == 0
        )
    with session_scope(engine) as s:
        assert (
            purge_personal_data(session=s, settings=settings, now=T0 + dt.timedelta(days=31)) == 4
        )
    with session_scope(engine) as s:
        visit = s.get(Visit, ids["A002"])
        assert visit is not None
        assert visit.name is None and visit.needs == [] and visit.outcome_detail is None
        assert visit.has_needs and visit.personal_data_erased_at is not None
        notes = s.execute(select(VisitEvent.note).where(VisitEvent.note.is_not(None))).all()
        assert notes == []
        after = figures(session=s, settings=settings, start=DAY, end=DAY, now=at(70))
    assert after == before
    with session_scope(engine) as s:
        assert (
            purge_personal_data(session=s, settings=settings, now=T0 + dt.timedelta(days=40)) == 0
        )
