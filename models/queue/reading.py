"""Reading the queue: one visit, today's live queue, people ahead, the office calendar.

Nothing here writes. Screens get plain views (`VisitView`, `TicketFacts`), never live
ORM rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlmodel import Session, col

from config.settings import Settings
from models.calendar import ClosedPeriod, DayOverride, OfficeCalendar
from models.clock import require_aware
from models.errors import NotFound
from models.tables import (
    OPEN_STATUSES,
    ClosureRecord,
    Desk,
    HoursOverride,
    KioskControl,
    Visit,
    VisitEvent,
    VisitStatus,
)
from models.target import target_status
from models.text import clean_text
from models.views import EventView, TicketFacts, VisitView


def _event_view(event: VisitEvent) -> EventView:
    return EventView(
        at=event.at,
        kind=event.kind,
        actor=event.actor,
        desk=event.desk,
        from_status=event.from_status,
        to_status=event.to_status,
        detail=dict(event.detail or {}),
        note=event.note,
    )


def visit_view(
    visit: Visit,
    *,
    settings: Settings,
    now: dt.datetime,
    events: Sequence[VisitEvent] = (),
    with_history: bool = False,
) -> VisitView:
    """A visit row as a plain view; `events` carry its notes (and history if asked)."""
    assert visit.id is not None
    order = {need.code: index for index, need in enumerate(settings.needs)}
    event_views = tuple(_event_view(e) for e in events)
    return VisitView(
        id=visit.id,
        reference=visit.reference,
        ticket=visit.ticket,
        service_code=visit.service_code,
        status=visit.status,
        channel=visit.channel,
        language=visit.language,
        name=visit.name,
        needs=tuple(sorted(visit.needs or (), key=lambda code: order.get(code, len(order)))),
        interpreter_language=visit.interpreter_language,
        arrived_at=visit.arrived_at,
        target_due_at=visit.target_due_at,
        target_minutes=visit.target_minutes,
        target=target_status(
            visit.target_due_at,
            now,
            amber_minutes=settings.amber_minutes,
            ended_at=visit.ended_at,
        ),
        appointment_at=visit.appointment_at,
        called_at=visit.called_at,
        serving_started_at=visit.serving_started_at,
        ended_at=visit.ended_at,
        desk=visit.desk,
        assigned_desk=visit.assigned_desk,
        staff_code=visit.staff_code,
        recalls=visit.recalls,
        outcome=visit.outcome,
        outcome_detail=visit.outcome_detail,
        callback_at=visit.callback_at,
        reply_due=visit.reply_due,
        needs_acknowledged=visit.needs_acknowledged_at is not None,
        notes=tuple(e for e in event_views if e.note),
        events=event_views if with_history else (),
    )


def events_for(session: Session, visit_ids: Iterable[int]) -> dict[int, list[VisitEvent]]:
    """Every event of each visit, oldest first (the order they happened in)."""
    ids = list(visit_ids)
    grouped: dict[int, list[VisitEvent]] = {visit_id: [] for visit_id in ids}
    if not ids:
        return grouped
    rows = session.execute(
        select(VisitEvent)
        .where(col(VisitEvent.visit_id).in_(ids))
        .order_by(col(VisitEvent.at), col(VisitEvent.id))
    ).scalars()
    for event in rows:
        grouped[event.visit_id].append(event)
    return grouped


def get_visit(
    *, session: Session, settings: Settings, visit_id: int, now: dt.datetime | None = None
) -> VisitView:
    """One visit with its full history and notes.

    Raises:
        NotFound: there is no such visit.
    """
    now = require_aware(now)
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise NotFound(f"No visit {visit_id}.")
    events = events_for(session, [visit_id])[visit_id]
    return visit_view(visit, settings=settings, now=now, events=events, with_history=True)


def find_visit(
    *, session: Session, settings: Settings, query: str, now: dt.datetime | None = None
) -> VisitView:
    """Find a visit by its QR reference, or by today's ticket number (e.g. "a17" → A017).

    Raises:
        NotFound: nothing matches.
    """
    now = require_aware(now)
    text = clean_text(query, 40).upper().replace(" ", "")
    if not text:
        raise NotFound("Type a ticket number or scan a ticket.")
    visit = session.execute(select(Visit).where(col(Visit.reference) == text)).scalars().first()
    if visit is None and len(text) >= 2 and text[0].isalpha() and text[1:].isdigit():
        today = OfficeCalendar(settings).local_date(now)
        visit = (
            session.execute(
                select(Visit).where(
                    col(Visit.site) == settings.office.site,
                    col(Visit.local_date) == today,
                    col(Visit.letter) == text[0],
                    col(Visit.seq) == int(text[1:]),
                )
            )
            .scalars()
            .first()
        )
    if visit is None or visit.id is None:
        raise NotFound(f"No visit matches {text!r}.")
    return get_visit(session=session, settings=settings, visit_id=visit.id, now=now)


def live_queue(
    *, session: Session, settings: Settings, now: dt.datetime | None = None
) -> list[VisitView]:
    """Today's open visits (waiting, called, serving, held), longest waiting first.

    Transfer notes are included, so the console can show them without another query.
    """
    now = require_aware(now)
    today = OfficeCalendar(settings).local_date(now)
    visits = (
        session.execute(
            select(Visit)
            .where(
                col(Visit.site) == settings.office.site,
                col(Visit.local_date) == today,
                col(Visit.status).in_([s.value for s in OPEN_STATUSES]),
            )
            .order_by(col(Visit.arrived_at), col(Visit.id))
        )
        .scalars()
        .all()
    )
    noted = _notes_for(session, [v.id for v in visits if v.id is not None])
    return [
        visit_view(v, settings=settings, now=now, events=noted.get(v.id or 0, [])) for v in visits
    ]


def noted_view(
    session: Session, visit: Visit, *, settings: Settings, now: dt.datetime
) -> VisitView:
    """A visit just changed in this session, as a view with its notes."""
    session.flush()
    assert visit.id is not None
    notes = _notes_for(session, [visit.id]).get(visit.id, [])
    return visit_view(visit, settings=settings, now=now, events=notes)


def _notes_for(session: Session, visit_ids: list[int]) -> dict[int, list[VisitEvent]]:
    if not visit_ids:
        return {}
    grouped: dict[int, list[VisitEvent]] = {}
    rows = session.execute(
        select(VisitEvent)
        .where(col(VisitEvent.visit_id).in_(visit_ids), col(VisitEvent.note).is_not(None))
        .order_by(col(VisitEvent.at), col(VisitEvent.id))
    ).scalars()
    for event in rows:
        grouped.setdefault(event.visit_id, []).append(event)
    return grouped


# --- people ahead and the ticket's facts ---------------------------------------------


def people_ahead(*, session: Session, visit: Visit, settings: Settings) -> int:
    """Visitors still waiting today whom a desk will call before `visit`.

    The count follows how desks call (`call_next`): each desk calls those transferred to
    it first, then the longest waiting (arrival time, then id for the same instant)
    across every service it calls. So a visitor for one service is behind everyone who
    arrived earlier for any service a desk shares with theirs: with one desk calling
    every service, everyone who came before. "You are next" on a ticket is then true of
    the desks, not of the service alone. A visitor who could be called by more than one
    desk may be called sooner than the count says, never later because of it. Due
    appointments, which a desk calls first, are not counted: they are not known when the
    ticket is printed.
    """
    assert visit.id is not None
    rows = session.execute(
        select(
            col(Visit.id), col(Visit.service_code), col(Visit.assigned_desk), col(Visit.arrived_at)
        ).where(
            col(Visit.site) == visit.site,
            col(Visit.local_date) == visit.local_date,
            col(Visit.status) == VisitStatus.WAITING,
            col(Visit.id) != visit.id,
        )
    ).all()
    desks = _desks_calling(session, settings)
    if visit.assigned_desk is None and not any(
        desk_calls(desks, name, visit.service_code) for name in desks or ("",)
    ):
        # No desk known calls this service (a configuration in the making): its own
        # queue is the only order there is.
        desks = {"": (visit.service_code,)}
    mine = (visit.arrived_at, visit.id)
    ahead = 0
    for other_id, service, assigned, arrived in rows:
        earlier = (arrived, other_id) < mine
        if visit.assigned_desk is not None:
            # Sent to one desk: only those sent there before it come first.
            ahead += assigned == visit.assigned_desk and earlier
        elif assigned is not None:
            # Sent to a desk that also calls this visitor: that desk calls them first.
            ahead += desk_calls(desks, assigned, visit.service_code)
        else:
            ahead += earlier and any(
                desk_calls(desks, name, service) and desk_calls(desks, name, visit.service_code)
                for name in desks or ("",)
            )
    return ahead


def _desks_calling(session: Session, settings: Settings) -> dict[str, tuple[str, ...]]:
    """The desks known, each with the services it calls (empty: every service).

    A supervisor's choice saved in the database comes first, as in `desk_services`; an
    empty answer means no desk is known, and any desk calls every service.
    """
    desks = {desk.name: tuple(desk.services) for desk in settings.desks}
    for name, services, active in session.execute(
        select(col(Desk.name), col(Desk.services), col(Desk.active))
    ).all():
        if active:
            desks[name] = tuple(services or ())
        else:
            desks.pop(name, None)
    return desks


def desk_calls(desks: dict[str, tuple[str, ...]], desk: str, service: str) -> bool:
    """Whether `desk` calls visitors for `service` (a desk not known calls them all)."""
    services = desks.get(desk)
    return not services or service in services


def facts_of(
    session: Session, visit: Visit, *, settings: Settings, print_job_id: int | None = None
) -> TicketFacts:
    """The printable facts of a visit row, with people ahead counted now."""
    assert visit.id is not None
    return TicketFacts(
        visit_id=visit.id,
        reference=visit.reference,
        ticket=visit.ticket,
        service_code=visit.service_code,
        language=visit.language,
        arrived_at=visit.arrived_at,
        target_due_at=visit.target_due_at,
        people_ahead=people_ahead(session=session, visit=visit, settings=settings),
        print_job_id=print_job_id,
    )


def ticket_facts(*, session: Session, settings: Settings, visit_id: int) -> TicketFacts:
    """The printable facts of a visit, with people ahead counted now.

    Raises:
        NotFound: there is no such visit.
    """
    visit = session.get(Visit, visit_id)
    if visit is None or visit.id is None:
        raise NotFound(f"No visit {visit_id}.")
    return facts_of(session, visit, settings=settings)


# --- the office calendar with the database's closures and overrides ------------------


def office_calendar(
    *, session: Session, settings: Settings, now: dt.datetime | None = None
) -> OfficeCalendar:
    """The calendar with supervisors' closures and today's (and later) overrides applied."""
    now = require_aware(now)
    today = OfficeCalendar(settings).local_date(now)
    site = settings.office.site
    closures = session.execute(
        select(ClosureRecord).where(
            col(ClosureRecord.site) == site, col(ClosureRecord.end) >= today - dt.timedelta(days=1)
        )
    ).scalars()
    overrides = session.execute(
        select(HoursOverride)
        .where(
            col(HoursOverride.site) == site,
            col(HoursOverride.local_date) >= today - dt.timedelta(days=1),
            col(HoursOverride.withdrawn).is_(False),
        )
        .order_by(col(HoursOverride.created_at), col(HoursOverride.id))
    ).scalars()
    return OfficeCalendar(
        settings,
        closures=[ClosedPeriod(c.start, c.end, c.reason) for c in closures],
        overrides=[DayOverride(o.local_date, o.closes, o.reason) for o in overrides],
    )


def checkins_paused(*, session: Session, settings: Settings) -> bool:
    """Whether staff paused the kiosk's check-ins at this site."""
    control = session.get(KioskControl, settings.office.site)
    return bool(control and control.paused)


def desk_services(
    *, session: Session, desk: str, settings: Settings | None = None
) -> tuple[str, ...]:
    """Service codes a desk calls; empty means all.

    A supervisor's choice saved on the console comes first; else the desk's
    `[[desks]] services` in the configuration; else every service.
    """
    row = session.execute(select(Desk).where(col(Desk.name) == desk)).scalars().first()
    if row is not None:
        return tuple(row.services or ())
    return settings.desk(desk).services if settings is not None else ()
