"""The figures of a scripted morning equal the numbers counted by hand (both databases)."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from config import Settings
from models.db import session_scope
from models.figures import figures
from models.report import figures_text
from tests.scripted_day import DAY, NOW, seed_day


def test_a_scripted_morning_adds_up(engine: Engine, settings: Settings) -> None:
    seed_day(engine, settings)
    with session_scope(engine) as s:
        result = figures(session=s, settings=settings, start=DAY, end=DAY, now=NOW)
    total = result.total
    assert total.visitors == 9
    assert (total.waiting_now, total.with_staff_now, total.held_now) == (2, 1, 1)
    assert (total.no_shows, total.cancelled, total.transferred) == (1, 2, 1)
    assert (total.callbacks, total.callbacks_due) == (1, 1)
    assert (total.resolved, total.resolved_within_target, total.breaches) == (2, 2, 2)
    assert total.median_greet_seconds == 120
    assert total.p90_greet_seconds == 360
    assert (total.greeted_in_time, total.greet_due) == (4, 7)
    assert total.percent_greeted_in_time == pytest.approx(400 / 7)

    by_service = {row.key: row for row in result.by_service}
    # H001 was transferred to general: it counts where it ended up.
    assert by_service["general"].visitors == 9
    assert by_service["general"].transferred == 1

    text = figures_text(result, settings)
    assert "now: 2 waiting · 1 with staff · 1 on hold" in text
    assert "no-shows 1; cancelled 2; transferred 1; call-backs 1 (1 due by now)" in text
    assert "median 2.0 min, 90% within 6.0 min, 57.1% within 5 min (4 of 7)" in text
    assert "service General enquiry: 9 visitors" in text  # by name, not by code


def test_waiting_now_counts_today_only(engine: Engine, settings: Settings) -> None:
    """A visit left open on an earlier day is not "waiting now" (the console hides it)."""
    import datetime as dt

    seed_day(engine, settings)
    next_day = NOW + dt.timedelta(days=1)
    with session_scope(engine) as s:
        result = figures(
            session=s, settings=settings, start=DAY, end=DAY + dt.timedelta(days=1), now=next_day
        )
    assert (result.total.waiting_now, result.total.with_staff_now) == (0, 0)
