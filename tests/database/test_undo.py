"""Undoing the end of a visit within a minute, recorded as an event."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import col

from config import Settings
from models import queue
from models.db import session_scope
from models.errors import InvalidRequest
from models.figures import figures
from models.queue.transitions import replay
from models.tables import Outcome, Visit, VisitEvent
from models.undo import undo_end
from tests.conftest import london

T = london(2026, 11, 26, 10, 0)
DESK = {"desk": "Desk 1", "staff": "jb"}


def later(seconds: float) -> dt.datetime:
    return T + dt.timedelta(seconds=seconds)


def called_visit(engine: Engine, settings: Settings) -> int:
    with session_scope(engine) as s:
        visit_id = queue.check_in(
            session=s, settings=settings, service_code="general", now=T
        ).visit_id
    with session_scope(engine) as s:
        queue.call_visit(session=s, settings=settings, visit_id=visit_id, now=later(60), **DESK)
    return visit_id


@pytest.mark.parametrize(
    ("rule", "extra"),
    [
        (queue.no_show, {}),
        (queue.cancel, {}),
        (queue.resolve, {"outcome": Outcome.CALLBACK, "callback_at": later(3600)}),
    ],
)
def test_an_ending_is_undone_within_a_minute(
    engine: Engine, settings: Settings, rule: object, extra: dict[str, object]
) -> None:
    visit_id = called_visit(engine, settings)
    with session_scope(engine) as s:
        rule(session=s, settings=settings, visit_id=visit_id, now=later(120), **DESK, **extra)  # type: ignore[operator]
    with session_scope(engine) as s:
        back = undo_end(session=s, settings=settings, visit_id=visit_id, now=later(170), **DESK)
    assert back.status == "called"
    assert back.ended_at is None and back.outcome is None and back.callback_at is None
    with session_scope(engine) as s:
        events = (
            s.execute(select(VisitEvent).where(col(VisitEvent.visit_id) == visit_id).order_by("id"))
            .scalars()
            .all()
        )
        kinds = [e.kind for e in events]
        assert kinds[-1] == "undone" and kinds[-2] in ("no_show", "cancelled", "resolved")
        assert replay(events) == "called"  # the record still adds up, step by step
        total = figures(
            session=s, settings=settings, start=T.date(), end=T.date(), now=later(170)
        ).total
    assert (total.no_shows, total.cancelled, total.resolved, total.callbacks) == (0, 0, 0, 0)
    assert total.with_staff_now == 1


def test_too_late_or_someone_else_cannot_undo(engine: Engine, settings: Settings) -> None:
    visit_id = called_visit(engine, settings)
    with session_scope(engine) as s:
        queue.no_show(session=s, settings=settings, visit_id=visit_id, now=later(120), **DESK)
    with session_scope(engine) as s, pytest.raises(InvalidRequest, match="Only jb"):
        undo_end(
            session=s,
            settings=settings,
            visit_id=visit_id,
            desk="Desk 2",
            staff="sv",
            now=later(130),
        )
    with session_scope(engine) as s, pytest.raises(InvalidRequest, match="no longer"):
        undo_end(session=s, settings=settings, visit_id=visit_id, now=later(181), **DESK)
    with session_scope(engine) as s:
        undo_end(session=s, settings=settings, visit_id=visit_id, now=later(180), **DESK)
    with session_scope(engine) as s, pytest.raises(InvalidRequest, match="has not ended"):
        undo_end(session=s, settings=settings, visit_id=visit_id, now=later(181), **DESK)


TIMING = (
    "called_at",
    "first_called_at",
    "serving_started_at",
    "ended_at",
    "greet_seconds",
    "wait_seconds",
    "resolve_seconds",
    "within_target",
)
"""The visit's milestones and the durations derived from them."""


def timing(engine: Engine, visit_id: int) -> dict[str, object]:
    """The visit's timing fields as stored."""
    with session_scope(engine) as s:
        visit = s.get(Visit, visit_id)
        assert visit is not None
        return {name: getattr(visit, name) for name in TIMING}


@pytest.mark.parametrize("served", [False, True], ids=["called", "serving"])
def test_undo_puts_the_timing_back_as_it_was(
    engine: Engine, settings: Settings, served: bool
) -> None:
    """An undone ending leaves no wait behind: the figures count the visit's wait once,
    when it is really known (served, or ended after a call), not from the undone end."""
    visit_id = called_visit(engine, settings)
    if served:
        with session_scope(engine) as s:
            queue.start_serving(
                session=s, settings=settings, visit_id=visit_id, now=later(90), **DESK
            )
    before = timing(engine, visit_id)
    with session_scope(engine) as s:
        queue.resolve(
            session=s,
            settings=settings,
            visit_id=visit_id,
            outcome=Outcome.RESOLVED,
            now=later(120),
            desk=DESK["desk"],
            staff=DESK["staff"],
        )
    with session_scope(engine) as s:
        undo_end(session=s, settings=settings, visit_id=visit_id, now=later(130), **DESK)
    assert timing(engine, visit_id) == before
    with session_scope(engine) as s:
        queue.hold(session=s, settings=settings, visit_id=visit_id, now=later(140), **DESK)
    assert timing(engine, visit_id) == before
    with session_scope(engine) as s:
        total = figures(
            session=s, settings=settings, start=T.date(), end=T.date(), now=later(150)
        ).total
    # Served at 90 s: that is the wait. Only called, then held: no wait is known yet.
    assert total.average_wait_seconds == (90.0 if served else None)
    assert total.longest_wait_seconds == (90 if served else None)
