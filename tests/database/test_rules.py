"""Rules defined once: people ahead, supervisor-only acts, and what personal data is."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine

from config import Settings, settings_from_mapping
from models import admin, office, personal, queue, staff
from models.authority import OPERATOR
from models.db import session_scope
from models.enums import StaffRole
from models.errors import NotAllowed
from models.report import COLUMNS, PERSONAL_COLUMNS, visit_rows
from models.retention import purge_personal_data
from models.tables import Alert, AlertKind, ClosureRecord, Desk, Outcome, Staff, Visit, VisitEvent
from tests.conftest import london

THURSDAY_TEN = london(2026, 11, 26, 10, 0)


def act(engine: Engine, function: Callable[..., Any], **kwargs: Any) -> Any:
    with session_scope(engine) as session:
        return function(session=session, **kwargs)


def accounts(engine: Engine) -> None:
    for code, role in (("rec", StaffRole.RECEPTIONIST), ("sup", StaffRole.SUPERVISOR)):
        act(engine, staff.add_staff, code=code, name=code, role=role, pin="4821", by=OPERATOR)


# --- people ahead ----------------------------------------------------------------------


def test_people_ahead_is_the_same_on_screen_and_on_a_later_printed_ticket(
    engine: Engine, settings: Settings
) -> None:
    # Two visitors check in at the same instant (two kiosks), after one earlier.
    first = act(engine, queue.check_in, settings=settings, service_code="general", now=THURSDAY_TEN)
    later = THURSDAY_TEN + dt.timedelta(minutes=1)
    one = act(engine, queue.check_in, settings=settings, service_code="general", now=later)
    two = act(engine, queue.check_in, settings=settings, service_code="general", now=later)
    assert [first.people_ahead, one.people_ahead, two.people_ahead] == [0, 1, 2]
    # The spool prints (or reprints) from the stored visit: the same numbers.
    printed = [
        act(engine, queue.ticket_facts, settings=settings, visit_id=t.visit_id)
        for t in (first, one, two)
    ]
    assert [p.people_ahead for p in printed] == [0, 1, 2]
    # The kiosk's facts and the printer's are one type, field for field.
    assert dataclasses.replace(two, print_job_id=None) == printed[2]


def test_people_ahead_goes_down_as_visitors_are_called(engine: Engine, settings: Settings) -> None:
    tickets = [
        act(
            engine,
            queue.check_in,
            settings=settings,
            service_code="general",
            now=THURSDAY_TEN + dt.timedelta(seconds=n),
        )
        for n in range(3)
    ]
    act(engine, queue.call_next, settings=settings, desk="D1", staff="rec", now=THURSDAY_TEN)
    ahead = [
        act(engine, queue.ticket_facts, settings=settings, visit_id=t.visit_id).people_ahead
        for t in tickets
    ]
    assert ahead[1:] == [0, 1]


def called_in_turn(engine: Engine, settings: Settings, desks: list[str]) -> list[str]:
    """The tickets `desks` get, one "call next" each, in turn."""
    called = []
    for n, desk in enumerate(desks):
        now = THURSDAY_TEN + dt.timedelta(minutes=5 + n)
        visit = act(engine, queue.call_next, settings=settings, desk=desk, staff="rec", now=now)
        called.append(visit.ticket if visit else "-")
    return called


def test_you_are_next_is_not_said_while_another_service_is_called_first(
    engine: Engine, settings: Settings
) -> None:
    # No desk limited to services (the defaults): every desk calls the longest waiting,
    # whatever the service. H001 arrived first, so the general enquiry is second.
    housing = act(
        engine, queue.check_in, settings=settings, service_code="housing", now=THURSDAY_TEN
    )
    later = THURSDAY_TEN + dt.timedelta(minutes=1)
    general = act(engine, queue.check_in, settings=settings, service_code="general", now=later)
    assert (housing.people_ahead, general.people_ahead) == (0, 1)  # was 0: "You are next."
    # What the tickets said is what the desk does.
    assert called_in_turn(engine, settings, ["Desk 1", "Desk 1"]) == ["H001", "A001"]


def test_separate_desks_keep_separate_queues(engine: Engine) -> None:
    # Each service its own desk: a general enquiry is next, whoever waits for housing.
    settings = settings_from_mapping(
        {
            "desks": [
                {"name": "Desk 1", "services": ["general"]},
                {"name": "Desk 2", "services": ["housing"]},
            ]
        }
    )
    act(engine, queue.check_in, settings=settings, service_code="housing", now=THURSDAY_TEN)
    later = THURSDAY_TEN + dt.timedelta(minutes=1)
    general = act(engine, queue.check_in, settings=settings, service_code="general", now=later)
    assert general.people_ahead == 0
    assert called_in_turn(engine, settings, ["Desk 1"]) == ["A001"]
    # A supervisor gives Desk 1 housing too (saved in the database, which comes first):
    # H001, who came earlier, is now ahead of a new general enquiry.
    with session_scope(engine) as session:
        session.add(Desk(name="Desk 1", services=["general", "housing"]))
    newest = act(engine, queue.check_in, settings=settings, service_code="general", now=later)
    assert newest.people_ahead == 1
    assert called_in_turn(engine, settings, ["Desk 1", "Desk 1"]) == ["H001", "A002"]


def test_a_visitor_sent_to_a_desk_is_ahead_at_that_desk_only(
    engine: Engine, settings: Settings
) -> None:
    first = act(engine, queue.check_in, settings=settings, service_code="housing", now=THURSDAY_TEN)
    later = THURSDAY_TEN + dt.timedelta(minutes=2)
    # A later visitor, called and then sent to Desk 2, which calls them first.
    sent = act(engine, queue.check_in, settings=settings, service_code="general", now=later)
    act(
        engine,
        queue.call_visit,
        settings=settings,
        visit_id=sent.visit_id,
        desk="Desk 1",
        staff="rec",
        now=later,
    )
    act(
        engine,
        queue.transfer,
        settings=settings,
        visit_id=sent.visit_id,
        desk="Desk 1",
        staff="rec",
        to_desk="Desk 2",
        notes="Needs the form",
        now=later,
    )
    newest = act(engine, queue.check_in, settings=settings, service_code="general", now=later)
    assert newest.people_ahead == 2  # H001 (earlier) and A001 (sent to a desk)
    facts = act(engine, queue.ticket_facts, settings=settings, visit_id=first.visit_id)
    assert facts.people_ahead == 1  # Desk 2 calls A001 first; it may call H001 too
    assert called_in_turn(engine, settings, ["Desk 2", "Desk 2", "Desk 2"]) == [
        "A001",
        "H001",
        "A002",
    ]


# --- supervisor-only acts, refused by the rules themselves -------------------------------


def _supervisor_acts(engine: Engine, settings: Settings) -> dict[str, Callable[[str], Any]]:
    visit = act(engine, queue.check_in, settings=settings, service_code="general", now=THURSDAY_TEN)
    day = dt.date(2026, 12, 1)
    return {
        "change hours": lambda by: act(
            engine,
            office.set_closing_time,
            settings=settings,
            closes=dt.time(15, 0),
            reason="Training",
            by=by,
            now=THURSDAY_TEN,
        ),
        "add staff": lambda by: act(
            engine,
            staff.add_staff,
            code="new1",
            name="New",
            role=StaffRole.SUPERVISOR,
            pin="1234",
            by=by,
        ),
        "set a PIN": lambda by: act(engine, staff.set_pin, code="rec", pin="9999", by=by),
        "disable an account": lambda by: act(
            engine, staff.set_active, code="sup", active=False, by=by
        ),
        "set up a desk": lambda by: act(
            engine, admin.save_desk, settings=settings, name="D9", services=[], by=by
        ),
        "add a closure": lambda by: act(
            engine,
            admin.add_closure,
            settings=settings,
            start=day,
            end=day,
            reason="Strike",
            by=by,
            now=THURSDAY_TEN,
        ),
        "export a visitor": lambda by: act(
            engine, admin.export_visit, settings=settings, visit_id=visit.visit_id, by=by
        ),
        "erase a visitor": lambda by: act(
            engine, admin.erase_visit, visit_id=visit.visit_id, by=by, now=THURSDAY_TEN
        ),
        "CSV with personal data": lambda by: act(
            engine,
            visit_rows,
            settings=settings,
            start=day,
            end=day,
            with_personal_data=True,
            by=by,
        ),
    }


@pytest.mark.parametrize(
    "name",
    [
        "change hours",
        "add staff",
        "set a PIN",
        "disable an account",
        "set up a desk",
        "add a closure",
        "export a visitor",
        "erase a visitor",
        "CSV with personal data",
    ],
)
def test_supervisor_acts_are_refused_to_a_receptionist_by_the_rule(
    engine: Engine, settings: Settings, name: str
) -> None:
    accounts(engine)
    rule = _supervisor_acts(engine, settings)[name]
    with session_scope(engine) as s:
        before = (
            s.execute(select(Staff.code, Staff.active, Staff.pin_hash).order_by(Staff.code)).all(),
            s.execute(select(Desk.name)).all(),
            s.execute(select(ClosureRecord.id)).all(),
            s.execute(select(Visit.name, Visit.personal_data_erased_at)).all(),
            s.execute(select(VisitEvent.kind)).all(),
        )
    for who in ("rec", "nobody", ""):
        with pytest.raises(NotAllowed, match="Only a supervisor can"):
            rule(who)
    with session_scope(engine) as s:
        after = (
            s.execute(select(Staff.code, Staff.active, Staff.pin_hash).order_by(Staff.code)).all(),
            s.execute(select(Desk.name)).all(),
            s.execute(select(ClosureRecord.id)).all(),
            s.execute(select(Visit.name, Visit.personal_data_erased_at)).all(),
            s.execute(select(VisitEvent.kind)).all(),
        )
    assert after == before
    rule("sup")  # a supervisor may


def test_a_disabled_supervisor_is_refused(engine: Engine, settings: Settings) -> None:
    accounts(engine)
    act(engine, staff.set_active, code="sup", active=False, by=OPERATOR)
    with pytest.raises(NotAllowed):
        act(engine, admin.save_desk, settings=settings, name="D9", services=[], by="sup")


# --- personal data, defined once ---------------------------------------------------------


def _visit_with_personal_data(engine: Engine, settings: Settings) -> int:
    issued = act(
        engine,
        queue.check_in,
        settings=settings,
        service_code="general",
        name="Ada Lovelace",
        needs=["interpreter", "step-free"],
        interpreter_language="Polish",
        now=THURSDAY_TEN,
    )
    common = {"settings": settings, "desk": "D1", "staff": "rec"}
    later = THURSDAY_TEN + dt.timedelta(minutes=2)
    act(engine, queue.call_visit, visit_id=issued.visit_id, now=later, **common)
    act(
        engine,
        queue.transfer,
        visit_id=issued.visit_id,
        notes="Brought her tenancy letter",
        to_service="housing",
        now=later,
        **common,
    )
    act(engine, queue.call_visit, visit_id=issued.visit_id, now=later, **common)
    act(
        engine,
        queue.resolve,
        visit_id=issued.visit_id,
        outcome=Outcome.REFERRED,
        detail="Housing Options team",
        now=later,
        **common,
    )
    return int(issued.visit_id)


def test_export_holds_every_personal_field_and_erasure_removes_every_one(
    engine: Engine, settings: Settings
) -> None:
    accounts(engine)
    visit_id = _visit_with_personal_data(engine, settings)
    record = act(engine, admin.export_visit, settings=settings, visit_id=visit_id, by="sup")
    assert {field: record[field] for field in personal.VISIT_FIELDS} == {
        "name": "Ada Lovelace",
        "needs": ["step-free", "interpreter"],  # in the configured order
        "interpreter_language": "Polish",
        "outcome_detail": "Housing Options team",
    }
    assert "Brought her tenancy letter" in [e["note"] for e in record["events"]]

    act(
        engine,
        admin.erase_visit,
        visit_id=visit_id,
        by="sup",
        now=THURSDAY_TEN + dt.timedelta(hours=1),
    )
    after = act(engine, admin.export_visit, settings=settings, visit_id=visit_id, by="sup")
    assert {field: after[field] for field in personal.VISIT_FIELDS} == personal.erased_values()
    assert [e["note"] for e in after["events"]] == [None] * len(after["events"])
    assert after["events"][-1]["kind"] == "personal_data_erased"
    with session_scope(engine) as s:
        (alert,) = s.execute(select(Alert).where(Alert.kind == AlertKind.NEEDS)).scalars()
        # The alert named the needs ("Step-free ..."): it is personal data too.
        assert alert.message == personal.ERASED_NEEDS_MESSAGE
        assert s.get(Visit, visit_id).has_needs  # the anonymous figure stays


def test_retention_purges_the_same_fields(engine: Engine, settings: Settings) -> None:
    visit_id = _visit_with_personal_data(engine, settings)
    later = THURSDAY_TEN + dt.timedelta(days=settings.retention_days + 2)
    assert act(engine, purge_personal_data, settings=settings, now=later) == 1
    with session_scope(engine) as s:
        visit = s.get(Visit, visit_id)
        assert {f: getattr(visit, f) for f in personal.VISIT_FIELDS} == personal.erased_values()
        assert s.execute(select(VisitEvent.note).where(VisitEvent.note.is_not(None))).all() == []
        (message,) = s.execute(select(Alert.message).where(Alert.kind == AlertKind.NEEDS)).one()
        assert "step" not in message.lower()


def test_the_csv_has_personal_columns_only_when_a_supervisor_asks(
    engine: Engine, settings: Settings
) -> None:
    accounts(engine)
    _visit_with_personal_data(engine, settings)
    day = THURSDAY_TEN.date()
    assert PERSONAL_COLUMNS == personal.VISIT_FIELDS
    assert not set(COLUMNS) & set(personal.VISIT_FIELDS)
    (plain,) = act(engine, visit_rows, settings=settings, start=day, end=day)
    assert set(plain) == set(COLUMNS)
    assert "Ada Lovelace" not in plain.values()
    (full,) = act(
        engine, visit_rows, settings=settings, start=day, end=day, with_personal_data=True, by="sup"
    )
    assert {c: full[c] for c in PERSONAL_COLUMNS} == {
        "name": "Ada Lovelace",
        "needs": "interpreter step-free",
        "interpreter_language": "Polish",
        "outcome_detail": "Housing Options team",
    }
