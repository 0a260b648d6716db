"""The queue's rules on a real database (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from config import Settings
from models import alerts, queue
from models.db import session_scope
from models.errors import IllegalTransition, InvalidRequest, NotFound, OfficeClosed
from models.tables import (
    Alert,
    AlertKind,
    Channel,
    Desk,
    KioskControl,
    Outcome,
    PrintJob,
    VisitEvent,
)
from models.target import TargetState
from tests.conftest import london
from tests.hostile import HOSTILE_STRINGS

THURSDAY_TEN = london(2026, 11, 26, 10, 0)


def minutes(n: float) -> dt.timedelta:
    return dt.timedelta(minutes=n)


def check_in(engine: Engine, settings: Settings, **kwargs: Any) -> queue.TicketFacts:
    kwargs.setdefault("service_code", "general")
    kwargs.setdefault("now", THURSDAY_TEN)
    with session_scope(engine) as session:
        return queue.check_in(session=session, settings=settings, **kwargs)


def act(engine: Engine, function: Callable[..., Any], **kwargs: Any) -> Any:
    with session_scope(engine) as session:
        return function(session=session, **kwargs)


def test_tickets_count_per_letter(engine: Engine, settings: Settings) -> None:
    numbers = [check_in(engine, settings).ticket for _ in range(3)]
    housing = check_in(engine, settings, service_code="housing")
    assert numbers == ["A001", "A002", "A003"]
    assert housing.ticket == "H001"


def test_people_ahead_and_target_time(engine: Engine, settings: Settings) -> None:
    check_in(engine, settings)
    check_in(engine, settings, service_code="housing")
    third = check_in(engine, settings, now=THURSDAY_TEN + minutes(1))
    # Both ahead: no desk is limited to services here, so every desk calls the longest
    # waiting whatever the service (test_rules has desks that keep queues apart).
    assert third.people_ahead == 2
    assert third.target_due_at == THURSDAY_TEN + minutes(16)
    care = check_in(engine, settings, service_code="adult-care")
    assert care.target_due_at == THURSDAY_TEN + minutes(20)


def test_counter_restarts_at_local_midnight(engine: Engine, settings: Settings) -> None:
    # Staff add walk-ins at any hour, so the kiosk's opening-hours check is not in the way.
    late = check_in(
        engine, settings, channel=Channel.WALK_IN, actor="jb", now=london(2026, 11, 26, 23, 59, 59)
    )
    again = check_in(
        engine, settings, channel=Channel.WALK_IN, actor="jb", now=london(2026, 11, 26, 23, 59, 59)
    )
    early = check_in(
        engine, settings, channel=Channel.WALK_IN, actor="jb", now=london(2026, 11, 27, 0, 0, 1)
    )
    assert (late.ticket, again.ticket, early.ticket) == ("A001", "A002", "A001")


def test_local_midnight_in_summer_is_2300_utc(engine: Engine, settings: Settings) -> None:
    before = check_in(
        engine,
        settings,
        channel=Channel.WALK_IN,
        actor="jb",
        now=dt.datetime(2026, 7, 1, 22, 59, tzinfo=dt.UTC),
    )
    after = check_in(
        engine,
        settings,
        channel=Channel.WALK_IN,
        actor="jb",
        now=dt.datetime(2026, 7, 1, 23, 1, tzinfo=dt.UTC),
    )
    assert before.ticket == "A001" and after.ticket == "A001"


def test_kiosk_check_in_refused_when_closed_or_paused(engine: Engine, settings: Settings) -> None:
    with pytest.raises(OfficeClosed):
        check_in(engine, settings, now=london(2026, 11, 27, 16, 31))
    with pytest.raises(OfficeClosed):
        check_in(engine, settings, now=london(2026, 8, 31, 10, 0))  # bank holiday
    with session_scope(engine) as session:
        session.add(
            KioskControl(site="main", paused=True, changed_at=THURSDAY_TEN, changed_by="jb")
        )
    with pytest.raises(OfficeClosed, match="paused"):
        check_in(engine, settings)
    with session_scope(engine) as session:
        assert session.execute(select(func.count()).select_from(VisitEvent)).scalar_one() == 0


def test_check_in_stores_cleaned_name_needs_and_raises_a_needs_alert(
    engine: Engine, settings: Settings
) -> None:
    issued = check_in(
        engine, settings, name="  Zoë \x1b[2J Łukasz ", needs=["bsl", "seat"], print_at="kiosk"
    )
    visit = act(
        engine, queue.get_visit, settings=settings, visit_id=issued.visit_id, now=THURSDAY_TEN
    )
    assert visit.name == "Zoë Łukasz"
    assert visit.needs == ("bsl", "seat")
    assert [e.kind for e in visit.events] == ["checked_in"]
    with session_scope(engine) as session:
        alert = session.execute(select(Alert)).scalar_one()
        job = session.execute(select(PrintJob)).scalar_one()
    assert alert.kind == AlertKind.NEEDS and alert.visit_id == issued.visit_id
    assert "BSL" in alert.message and "Zoë" not in alert.message
    assert job.visit_id == issued.visit_id and issued.print_job_id == job.id


@pytest.mark.parametrize("label", sorted(HOSTILE_STRINGS))
def test_hostile_names_are_stored_clean(engine: Engine, settings: Settings, label: str) -> None:
    issued = check_in(engine, settings, name=HOSTILE_STRINGS[label])
    visit = act(engine, queue.get_visit, settings=settings, visit_id=issued.visit_id)
    if label == "only controls":
        assert visit.name is None
    else:
        assert visit.name and "\x1b" not in visit.name and len(visit.name) <= 80


def test_unknown_service_or_need_is_refused(engine: Engine, settings: Settings) -> None:
    with pytest.raises(InvalidRequest):
        check_in(engine, settings, service_code="nope")
    with pytest.raises(InvalidRequest):
        check_in(engine, settings, needs=["jetpack"])


def test_interpreter_language_only_kept_with_interpreter_need(
    engine: Engine, settings: Settings
) -> None:
    with_need = check_in(engine, settings, needs=["interpreter"], interpreter_language="Tigrinya")
    without = check_in(engine, settings, needs=["seat"], interpreter_language="Tigrinya")
    assert (
        act(
            engine, queue.get_visit, settings=settings, visit_id=with_need.visit_id
        ).interpreter_language
        == "Tigrinya"
    )
    assert (
        act(
            engine, queue.get_visit, settings=settings, visit_id=without.visit_id
        ).interpreter_language
        is None
    )


def test_help_now_raises_an_alert(engine: Engine, settings: Settings) -> None:
    alert_id = act(engine, alerts.help_now, settings=settings, station="Kiosk 1", now=THURSDAY_TEN)
    with session_scope(engine) as session:
        alert = session.get(Alert, alert_id)
        assert alert is not None and alert.kind == AlertKind.HELP_NOW
        assert alert.acknowledged_at is None


def test_a_whole_visit_records_every_step(engine: Engine, settings: Settings) -> None:
    issued = check_in(engine, settings)
    common = {"settings": settings, "desk": "Desk 1", "staff": "jb"}
    called = act(engine, queue.call_next, now=THURSDAY_TEN + minutes(2), **common)
    assert called.ticket == issued.ticket and called.status == "called"
    act(engine, queue.recall, visit_id=issued.visit_id, now=THURSDAY_TEN + minutes(3), **common)
    act(
        engine,
        queue.start_serving,
        visit_id=issued.visit_id,
        now=THURSDAY_TEN + minutes(4),
        **common,
    )
    done = act(
        engine,
        queue.resolve,
        visit_id=issued.visit_id,
        outcome=Outcome.RESOLVED,
        now=THURSDAY_TEN + minutes(12),
        **common,
    )
    assert done.status == "resolved" and done.target.state == TargetState.ON_TRACK
    history = act(engine, queue.get_visit, settings=settings, visit_id=issued.visit_id)
    assert [e.kind for e in history.events] == [
        "checked_in",
        "called",
        "recalled",
        "serving",
        "resolved",
    ]
    assert {e.actor for e in history.events[1:]} == {"jb"}
    assert history.events[-1].from_status == "serving"
    assert history.events[-1].to_status == "resolved"


def test_call_next_takes_due_appointments_then_longest_waiting(
    engine: Engine, settings: Settings
) -> None:
    first = check_in(engine, settings, now=THURSDAY_TEN)
    later_appt = check_in(
        engine,
        settings,
        service_code="appointment",
        appointment_at=THURSDAY_TEN + minutes(60),
        now=THURSDAY_TEN + minutes(1),
    )
    due_appt = check_in(
        engine,
        settings,
        service_code="appointment",
        appointment_at=THURSDAY_TEN + minutes(8),
        now=THURSDAY_TEN + minutes(2),
    )
    second = check_in(engine, settings, now=THURSDAY_TEN + minutes(3))
    common = {"settings": settings, "desk": "Desk 1", "staff": "jb"}
    order = [
        act(engine, queue.call_next, now=THURSDAY_TEN + minutes(5), **common).ticket
        for _ in range(4)
    ]
    assert order == [due_appt.ticket, first.ticket, later_appt.ticket, second.ticket]
    assert act(engine, queue.call_next, now=THURSDAY_TEN + minutes(5), **common) is None


def test_call_next_respects_the_desks_services(engine: Engine, settings: Settings) -> None:
    with session_scope(engine) as session:
        session.add(Desk(name="Housing desk", services=["housing"]))
    check_in(engine, settings, service_code="general")
    housing = check_in(engine, settings, service_code="housing", now=THURSDAY_TEN + minutes(1))
    called = act(
        engine,
        queue.call_next,
        settings=settings,
        desk="Housing desk",
        staff="jb",
        now=THURSDAY_TEN + minutes(2),
    )
    assert called.ticket == housing.ticket
    assert (
        act(
            engine,
            queue.call_next,
            settings=settings,
            desk="Housing desk",
            staff="jb",
            now=THURSDAY_TEN + minutes(2),
        )
        is None
    )


def test_transfer_notes_reach_the_next_desk(engine: Engine, settings: Settings) -> None:
    issued = check_in(engine, settings)
    act(
        engine,
        queue.call_next,
        settings=settings,
        desk="Desk 1",
        staff="jb",
        now=THURSDAY_TEN + minutes(1),
    )
    moved = act(
        engine,
        queue.transfer,
        settings=settings,
        visit_id=issued.visit_id,
        desk="Desk 1",
        staff="jb",
        to_service="housing",
        to_desk="Desk 2",
        notes="Rent arrears since May.\nHas letter ref HB/123.",
        now=THURSDAY_TEN + minutes(3),
    )
    assert moved.status == "waiting" and moved.service_code == "housing"
    assert moved.notes[-1].note == "Rent arrears since May.\nHas letter ref HB/123."
    # Desk 1 cannot call it back: it belongs to Desk 2 now.
    assert (
        act(
            engine,
            queue.call_next,
            settings=settings,
            desk="Desk 1",
            staff="jb",
            now=THURSDAY_TEN + minutes(4),
        )
        is None
    )
    at_desk_2 = act(
        engine,
        queue.call_next,
        settings=settings,
        desk="Desk 2",
        staff="kp",
        now=THURSDAY_TEN + minutes(4),
    )
    assert at_desk_2.ticket == issued.ticket
    assert [n.note for n in at_desk_2.notes] == ["Rent arrears since May.\nHas letter ref HB/123."]
    assert at_desk_2.notes[0].desk == "Desk 1" and at_desk_2.notes[0].actor == "jb"
    row = act(engine, queue.live_queue, settings=settings, now=THURSDAY_TEN + minutes(5))[0]
    assert row.notes[0].note.startswith("Rent arrears")


def test_transfer_needs_a_destination(engine: Engine, settings: Settings) -> None:
    issued = check_in(engine, settings)
    with pytest.raises(InvalidRequest):
        act(
            engine,
            queue.transfer,
            settings=settings,
            visit_id=issued.visit_id,
            desk="D",
            staff="jb",
            notes="x",
        )
    with pytest.raises(InvalidRequest):
        act(
            engine,
            queue.transfer,
            settings=settings,
            visit_id=issued.visit_id,
            desk="D",
            staff="jb",
            notes="x",
            to_service="nope",
        )


def test_hold_resume_no_show_cancel(engine: Engine, settings: Settings) -> None:
    common = {"settings": settings, "desk": "Desk 1", "staff": "jb", "now": THURSDAY_TEN}
    one = check_in(engine, settings)
    two = check_in(engine, settings)
    act(engine, queue.hold, visit_id=one.visit_id, reason="Fetching passport", **common)
    assert act(engine, queue.call_next, **common).ticket == two.ticket
    act(engine, queue.resume, visit_id=one.visit_id, **common)
    act(engine, queue.no_show, visit_id=two.visit_id, **common)
    assert act(engine, queue.call_next, **common).ticket == one.ticket
    cancelled = act(engine, queue.cancel, visit_id=one.visit_id, reason="Left", **common)
    assert cancelled.status == "cancelled" and cancelled.ended_at == THURSDAY_TEN


def test_written_reply_due_date_skips_the_bank_holiday(engine: Engine, settings: Settings) -> None:
    friday = london(2026, 8, 28, 11, 0)
    issued = check_in(engine, settings, now=friday)
    common = {"settings": settings, "desk": "Desk 1", "staff": "jb"}
    act(engine, queue.call_next, now=friday, **common)
    done = act(
        engine,
        queue.resolve,
        visit_id=issued.visit_id,
        outcome=Outcome.WRITTEN_REPLY,
        reply_working_days=1,
        now=friday + minutes(5),
        **common,
    )
    assert done.reply_due == dt.date(2026, 9, 1)


def test_outcome_particulars_are_required(engine: Engine, settings: Settings) -> None:
    issued = check_in(engine, settings)
    common = {"settings": settings, "desk": "Desk 1", "staff": "jb", "visit_id": issued.visit_id}
    act(engine, queue.call_next, settings=settings, desk="Desk 1", staff="jb", now=THURSDAY_TEN)
    for outcome, extra in [
        (Outcome.SIGNPOSTED, {}),
        (Outcome.REFERRED, {"detail": "  "}),
        (Outcome.CALLBACK, {}),
        (Outcome.CALLBACK, {"callback_at": THURSDAY_TEN - minutes(1)}),
        (Outcome.WRITTEN_REPLY, {}),
        (Outcome.WRITTEN_REPLY, {"reply_working_days": 0}),
    ]:
        with pytest.raises(InvalidRequest):
            act(engine, queue.resolve, outcome=outcome, now=THURSDAY_TEN, **common, **extra)
    callback = act(
        engine,
        queue.resolve,
        outcome=Outcome.CALLBACK,
        callback_at=THURSDAY_TEN + dt.timedelta(days=1),
        now=THURSDAY_TEN,
        **common,
    )
    assert callback.callback_at == THURSDAY_TEN + dt.timedelta(days=1)


ACTIONS: dict[str, Callable[..., Any]] = {
    "call": lambda **k: queue.call_visit(**k),
    "recall": lambda **k: queue.recall(**k),
    "start_serving": lambda **k: queue.start_serving(**k),
    "resolve": lambda **k: queue.resolve(outcome=Outcome.RESOLVED, **k),
    "transfer": lambda **k: queue.transfer(notes="n", to_service="housing", **k),
    "hold": lambda **k: queue.hold(**k),
    "resume": lambda **k: queue.resume(**k),
    "no_show": lambda **k: queue.no_show(**k),
    "cancel": lambda **k: queue.cancel(**k),
}
ALLOWED_FROM: dict[str, set[str]] = {
    "call": {"waiting", "held"},
    "recall": {"called"},
    "start_serving": {"called"},
    "resolve": {"called", "serving"},
    "transfer": {"waiting", "called", "serving", "held"},
    "hold": {"waiting", "called", "serving"},
    "resume": {"held"},
    "no_show": {"called"},
    "cancel": {"waiting", "called", "held"},
}
REACH: dict[str, list[str]] = {
    "waiting": [],
    "called": ["call"],
    "serving": ["call", "start_serving"],
    "held": ["hold"],
    "resolved": ["call", "resolve"],
    "no_show": ["call", "no_show"],
    "cancelled": ["cancel"],
}
ILLEGAL = [
    (action, status) for action in ACTIONS for status in REACH if status not in ALLOWED_FROM[action]
]


@pytest.mark.parametrize(("action", "status"), ILLEGAL)
def test_every_illegal_transition_is_refused_and_changes_nothing(
    engine: Engine, settings: Settings, action: str, status: str
) -> None:
    issued = check_in(engine, settings)
    common = {
        "settings": settings,
        "desk": "Desk 1",
        "staff": "jb",
        "visit_id": issued.visit_id,
        "now": THURSDAY_TEN,
    }
    for step in REACH[status]:
        act(engine, ACTIONS[step], **common)
    before = act(
        engine, queue.get_visit, settings=settings, visit_id=issued.visit_id, now=THURSDAY_TEN
    )
    assert before.status == status
    with pytest.raises(IllegalTransition) as caught:
        act(engine, ACTIONS[action], **common)
    assert issued.ticket in str(caught.value)
    after = act(
        engine, queue.get_visit, settings=settings, visit_id=issued.visit_id, now=THURSDAY_TEN
    )
    assert after == before


def test_unknown_visit_is_not_found(engine: Engine, settings: Settings) -> None:
    with pytest.raises(NotFound):
        act(engine, queue.recall, settings=settings, visit_id=999, desk="D", staff="jb")


def test_find_by_reference_or_ticket(engine: Engine, settings: Settings) -> None:
    issued = check_in(engine, settings)
    by_ref = act(
        engine,
        queue.find_visit,
        settings=settings,
        query=issued.reference.lower(),
        now=THURSDAY_TEN,
    )
    by_ticket = act(engine, queue.find_visit, settings=settings, query="a1", now=THURSDAY_TEN)
    assert by_ref.id == by_ticket.id == issued.visit_id
    with pytest.raises(NotFound):
        act(engine, queue.find_visit, settings=settings, query="Z999", now=THURSDAY_TEN)


def test_live_queue_colours(engine: Engine, settings: Settings) -> None:
    check_in(engine, settings)

    def state(after: float) -> TargetState:
        rows = act(engine, queue.live_queue, settings=settings, now=THURSDAY_TEN + minutes(after))
        return rows[0].target.state

    assert state(9.9) == TargetState.ON_TRACK
    assert state(10.1) == TargetState.AMBER
    assert state(15) == TargetState.BREACHED


def test_live_queue_is_today_only(engine: Engine, settings: Settings) -> None:
    check_in(engine, settings)
    assert (
        act(engine, queue.live_queue, settings=settings, now=THURSDAY_TEN + dt.timedelta(days=1))
        == []
    )
