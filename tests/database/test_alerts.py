"""Alerts as a triage list: order, folding help-now taps, ending with the visit."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.engine import Engine

from config import Settings
from models import alerts, queue
from models.db import session_scope
from models.enums import AlertKind
from tests.conftest import london

T = london(2026, 11, 26, 10, 0)


def seconds(n: float) -> dt.timedelta:
    return dt.timedelta(seconds=n)


def listed(engine: Engine, settings: Settings) -> list[alerts.AlertView]:
    with session_scope(engine) as s:
        return alerts.open_alerts(session=s, settings=settings)


def test_help_taps_from_one_kiosk_within_a_minute_fold(engine: Engine, settings: Settings) -> None:
    with session_scope(engine) as s:
        first = alerts.help_now(session=s, settings=settings, station="Kiosk 1", now=T)
    with session_scope(engine) as s:
        again = alerts.help_now(
            session=s, settings=settings, station="Kiosk 1", now=T + seconds(20)
        )
    with session_scope(engine) as s:
        third = alerts.help_now(
            session=s, settings=settings, station="Kiosk 1", now=T + seconds(70)
        )
    with session_scope(engine) as s:
        other = alerts.help_now(
            session=s, settings=settings, station="Kiosk 2", now=T + seconds(75)
        )
    with session_scope(engine) as s:
        later = alerts.help_now(
            session=s, settings=settings, station="Kiosk 1", now=T + seconds(200)
        )
    # 20 s after the first, then 50 s after that: within a minute of the last tap each time.
    assert first == again == third
    assert len({first, other, later}) == 3
    shown = {a.id: a for a in listed(engine, settings)}
    assert shown[first].repeats == 3 and shown[first].source == "Kiosk 1"
    assert shown[first].message == "Help now at Kiosk 1: a visitor asked 3 times."
    assert shown[other].source == "Kiosk 2" and shown[other].repeats == 1
    # Newest first within the kind.
    assert [a.id for a in listed(engine, settings)] == [later, other, first]


def test_most_urgent_kind_first_and_gone_when_the_visit_ends(
    engine: Engine, settings: Settings
) -> None:
    with session_scope(engine) as s:
        late = queue.check_in(
            session=s, settings=settings, service_code="general", now=T - dt.timedelta(minutes=16)
        )
    with session_scope(engine) as s:
        needy = queue.check_in(
            session=s, settings=settings, service_code="general", needs=["bsl"], now=T
        )
    with session_scope(engine) as s:
        alerts.scan_alerts(session=s, settings=settings, now=T)
    with session_scope(engine) as s:
        alerts.help_now(session=s, settings=settings, station="Kiosk 1", now=T)
    kinds = [a.kind for a in listed(engine, settings)]
    # Needs on arrival above the late visitor's breach (`TRIAGE_ORDER` says why); the
    # near-breach gives way to the breach (never raised here anyway).
    assert kinds == [AlertKind.HELP_NOW, AlertKind.NEEDS, AlertKind.BREACH]
    needs_alert = next(a for a in listed(engine, settings) if a.kind == AlertKind.NEEDS)
    assert needs_alert.source == "kiosk"  # raised by the kiosk station's check-in
    with session_scope(engine) as s:
        queue.cancel(
            session=s,
            settings=settings,
            visit_id=late.visit_id,
            desk="Desk 1",
            staff="jb",
            now=T + seconds(30),
        )
        queue.call_visit(
            session=s,
            settings=settings,
            visit_id=needy.visit_id,
            desk="Desk 1",
            staff="jb",
            now=T + seconds(30),
        )
    kinds = [a.kind for a in listed(engine, settings)]
    # The cancelled visit's breach ended with it; the called visitor's needs still stand.
    assert kinds == [AlertKind.HELP_NOW, AlertKind.NEEDS]


def test_a_near_breach_gives_way_to_the_breach(engine: Engine, settings: Settings) -> None:
    with session_scope(engine) as s:
        queue.check_in(session=s, settings=settings, service_code="general", now=T)
    with session_scope(engine) as s:
        alerts.scan_alerts(session=s, settings=settings, now=T + dt.timedelta(minutes=11))
    assert [a.kind for a in listed(engine, settings)] == [AlertKind.NEAR_BREACH]
    with session_scope(engine) as s:
        alerts.scan_alerts(session=s, settings=settings, now=T + dt.timedelta(minutes=16))
    assert [a.kind for a in listed(engine, settings)] == [AlertKind.BREACH]


def raised_at(engine: Engine, settings: Settings) -> dict[str, dt.datetime]:
    """Each listed alert's kind and ticket (or kind alone) and when it is stamped."""
    return {f"{a.kind} {a.message.split()[0]}": a.raised_at for a in listed(engine, settings)}


def test_an_alert_raised_late_is_stamped_when_it_fell_due(
    engine: Engine, settings: Settings
) -> None:
    # No console ran all morning: the first scan comes long after the targets passed.
    minutes = dt.timedelta(minutes=1)
    with session_scope(engine) as s:
        queue.check_in(session=s, settings=settings, service_code="general", now=T)
        queue.check_in(session=s, settings=settings, service_code="general", now=T + 20 * minutes)
    with session_scope(engine) as s:
        alerts.scan_alerts(session=s, settings=settings, now=T + 32 * minutes)
    # A001 passed its 10:15 target at 10:15; A002 (10:35 target) came near at 10:30.
    assert raised_at(engine, settings) == {
        "breach A001": T + 15 * minutes,
        "near_breach A002": T + 30 * minutes,
    }
    # Scanning again (another console) raises nothing twice and moves no stamp.
    with session_scope(engine) as s:
        assert alerts.scan_alerts(session=s, settings=settings, now=T + 33 * minutes) == 0
    assert raised_at(engine, settings)["breach A001"] == T + 15 * minutes


def test_closing_and_a_return_from_the_desk_are_stamped_when_they_became_true(
    engine: Engine, settings: Settings
) -> None:
    minutes = dt.timedelta(minutes=1)
    afternoon = london(2026, 11, 26, 16, 20)  # Thursday: closes 17:00, warned from 16:45

    def step(rule: object, at: int) -> None:
        with session_scope(engine) as s:
            rule(  # type: ignore[operator]
                session=s,
                settings=settings,
                visit_id=visit.visit_id,
                desk="Desk 1",
                staff="jb",
                now=afternoon + at * minutes,
            )

    def scan(at: int) -> None:
        with session_scope(engine) as s:
            alerts.scan_alerts(session=s, settings=settings, now=afternoon + at * minutes)

    with session_scope(engine) as s:
        visit = queue.check_in(session=s, settings=settings, service_code="general", now=afternoon)
    step(queue.call_visit, 1)
    step(queue.start_serving, 2)
    scan(30)
    # With staff when the target passed (16:35): nobody needs telling to find them, and
    # nobody waits as the closing warning begins (16:45).
    assert raised_at(engine, settings) == {}
    step(queue.hold, 32)
    scan(34)
    # Put on hold at 16:52, past the target: waiting again, and due, from the moment they
    # left the desk, not from 16:35 or 16:45, when they were with staff.
    assert raised_at(engine, settings) == {
        "breach A001": afternoon + 32 * minutes,
        "closing Closing": afternoon + 32 * minutes,
    }
