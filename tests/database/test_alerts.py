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
    # The late visitor's breach; its near-breach gives way to it (never raised here anyway).
    assert kinds == [AlertKind.HELP_NOW, AlertKind.BREACH, AlertKind.NEEDS]
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
