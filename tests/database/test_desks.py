"""Desks as things: configured services, transfers to a known desk called first there,
and who is signed in where."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.engine import Engine

from config import Settings
from config.settings import DeskSettings
from models import desks, queue
from models.db import session_scope
from models.errors import InvalidRequest
from tests.conftest import london

T = london(2026, 11, 26, 10, 0)
OFFICE = Settings(
    desks=(
        DeskSettings(name="Desk 1"),
        DeskSettings(name="Desk 2", services=("housing",)),
    )
)


def minutes(n: float) -> dt.datetime:
    return T + dt.timedelta(minutes=n)


def arrive(engine: Engine, service: str, at: dt.datetime) -> int:
    with session_scope(engine) as s:
        return queue.check_in(session=s, settings=OFFICE, service_code=service, now=at).visit_id


def test_a_visitor_transferred_to_a_desk_is_called_first_there(engine: Engine) -> None:
    early = arrive(engine, "housing", minutes(0))
    sent = arrive(engine, "general", minutes(1))
    with session_scope(engine) as s:
        queue.call_visit(
            session=s, settings=OFFICE, visit_id=sent, desk="Desk 1", staff="jb", now=minutes(2)
        )
        queue.transfer(
            session=s,
            settings=OFFICE,
            visit_id=sent,
            desk="Desk 1",
            staff="jb",
            notes="Needs the housing officer",
            to_desk="Desk 2",
            now=minutes(3),
        )
    with session_scope(engine) as s:
        first = queue.call_next(
            session=s, settings=OFFICE, desk="Desk 2", staff="sv", now=minutes(4)
        )
        assert first is not None and first.id == sent  # before the earlier housing visitor
    with session_scope(engine) as s:
        second = queue.call_next(
            session=s, settings=OFFICE, desk="Desk 2", staff="sv", now=minutes(5)
        )
        assert second is not None and second.id == early


def test_a_desk_calls_the_services_the_configuration_gives_it(engine: Engine) -> None:
    arrive(engine, "general", minutes(0))
    housing = arrive(engine, "housing", minutes(1))
    with session_scope(engine) as s:
        called = queue.call_next(
            session=s, settings=OFFICE, desk="Desk 2", staff="sv", now=minutes(2)
        )
    assert called is not None and called.id == housing


def test_a_transfer_to_a_desk_nobody_knows_is_refused(engine: Engine) -> None:
    visit = arrive(engine, "general", minutes(0))
    with session_scope(engine) as s, pytest.raises(InvalidRequest, match="No desk 'Desk 9'"):
        queue.transfer(
            session=s,
            settings=OFFICE,
            visit_id=visit,
            desk="Desk 1",
            staff="jb",
            notes=None,
            to_desk="Desk 9",
            now=minutes(1),
        )


def test_who_is_signed_in_at_each_desk(engine: Engine) -> None:
    with session_scope(engine) as s:
        desks.desk_seen(
            session=s, settings=OFFICE, desk="Desk 2", staff_code="jb", staff_name="Jo", now=T
        )
        desks.desk_seen(
            session=s,
            settings=OFFICE,
            desk="Back office",
            staff_code="sv",
            staff_name="Sam",
            now=minutes(0.25),
        )
    with session_scope(engine) as s:
        shown = {
            d.name: d for d in desks.desk_statuses(session=s, settings=OFFICE, now=minutes(0.4))
        }
    # Configured desks first, in their order, then a desk a console ran at.
    assert list(shown) == ["Desk 1", "Desk 2", "Back office"]
    assert shown["Desk 1"].staff_code is None
    assert (shown["Desk 2"].staff_name, shown["Desk 2"].services) == ("Jo", ("housing",))
    assert shown["Back office"].staff_code == "sv"
    with session_scope(engine) as s:
        later = {
            d.name: d for d in desks.desk_statuses(session=s, settings=OFFICE, now=minutes(0.6))
        }
    # Desk 2's console has not refreshed for over 30 seconds: nobody is there any more.
    assert later["Desk 2"].staff_code is None and later["Back office"].staff_code == "sv"
