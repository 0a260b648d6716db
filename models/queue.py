"""The queue's rules: check in, call, serve, resolve, transfer, hold, no-show, cancel.

Each function takes a keyword-only `session` (the caller owns the transaction, usually
through `models.db.session_scope`), changes one visit, records one event, and returns a
plain `VisitView`/`TicketIssued`. A change the visit's status does not allow raises
`IllegalTransition` before anything is written.

Concurrency: on PostgreSQL the visit row is locked (`FOR UPDATE`, and `SKIP LOCKED` when
picking the next visitor, so two desks never get the same person); on SQLite every
transaction starts with `BEGIN IMMEDIATE`, so writers are serialised by the database.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from config.settings import Settings
from models.calendar import ClosedPeriod, DayOverride, OfficeCalendar
from models.clock import require_aware
from models.errors import IllegalTransition, InvalidRequest, NotFound, OfficeClosed
from models.tables import (
    OPEN_STATUSES,
    Alert,
    AlertKind,
    Channel,
    ClosureRecord,
    Desk,
    HoursOverride,
    KioskControl,
    Outcome,
    PrintJob,
    TicketCounter,
    Visit,
    VisitEvent,
    VisitStatus,
)
from models.target import target_status
from models.text import clean_name, clean_note, clean_text
from models.views import EventView, TicketIssued, VisitView

KIOSK_ACTOR = "kiosk"
"""Actor recorded for what a visitor does at the kiosk."""
APPOINTMENT_EARLY_MINUTES = 10
"""An appointment counts as due this many minutes before its time."""
_REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
_REFERENCE_LENGTH = 8
_TICKET_RETRIES = 5


# --- reading -------------------------------------------------------------------------


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


def _view(
    visit: Visit,
    *,
    settings: Settings,
    now: dt.datetime,
    events: Sequence[VisitEvent] = (),
    with_history: bool = False,
) -> VisitView:
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


def _events_for(session: Session, visit_ids: Iterable[int]) -> dict[int, list[VisitEvent]]:
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
    events = _events_for(session, [visit_id])[visit_id]
    return _view(visit, settings=settings, now=now, events=events, with_history=True)


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
    return [_view(v, settings=settings, now=now, events=noted.get(v.id or 0, [])) for v in visits]


def _noted_view(
    session: Session, visit: Visit, *, settings: Settings, now: dt.datetime
) -> VisitView:
    session.flush()
    assert visit.id is not None
    notes = _notes_for(session, [visit.id]).get(visit.id, [])
    return _view(visit, settings=settings, now=now, events=notes)


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


# --- writing helpers -----------------------------------------------------------------


def _record(
    session: Session,
    visit: Visit,
    *,
    kind: str,
    actor: str,
    desk: str | None,
    now: dt.datetime,
    from_status: str | None,
    detail: dict[str, Any] | None = None,
    note: str | None = None,
) -> None:
    assert visit.id is not None
    session.add(
        VisitEvent(
            visit_id=visit.id,
            at=now,
            kind=kind,
            actor=actor,
            desk=desk,
            from_status=from_status,
            to_status=visit.status,
            detail=detail or {},
            note=note,
        )
    )


def _locked(session: Session, visit_id: int) -> Visit:
    visit: Visit | None = (
        session.execute(select(Visit).where(col(Visit.id) == visit_id).with_for_update())
        .scalars()
        .first()
    )
    if visit is None:
        raise NotFound(f"No visit {visit_id}.")
    # A previous read in this session may be stale; the locked row is the truth.
    session.refresh(visit)
    return visit


def _require(visit: Visit, action: str, allowed: Iterable[VisitStatus]) -> str:
    if visit.status not in {s.value for s in allowed}:
        raise IllegalTransition(visit.ticket, action, visit.status)
    return visit.status


def _seconds(start: dt.datetime, end: dt.datetime) -> int:
    return max(0, int((end - start).total_seconds()))


def _new_reference() -> str:
    return "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(_REFERENCE_LENGTH))


def _next_ticket_number(session: Session, site: str, day: dt.date, letter: str) -> int:
    """Bump and return the day's counter for a letter, in the caller's transaction.

    An upsert on the counter row: the row lock it takes makes concurrent check-ins
    wait for each other, and a rollback gives the number back (no gaps).
    """
    dialect = session.get_bind().dialect.name
    insert_fn = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = TicketCounter.__table__  # type: ignore[attr-defined]
    statement = (
        insert_fn(table)
        .values(site=site, local_date=day, letter=letter, last=1)
        .on_conflict_do_update(
            index_elements=["site", "local_date", "letter"],
            set_={"last": table.c.last + 1},
        )
        .returning(table.c.last)
    )
    number = session.execute(statement).scalar_one()
    return int(number)


# --- check-in ------------------------------------------------------------------------


def check_in(
    *,
    session: Session,
    settings: Settings,
    service_code: str,
    language: str = "en",
    needs: Iterable[str] = (),
    interpreter_language: str | None = None,
    name: str | None = None,
    channel: Channel = Channel.KIOSK,
    appointment_at: dt.datetime | None = None,
    actor: str = KIOSK_ACTOR,
    print_at: str | None = None,
    now: dt.datetime | None = None,
) -> TicketIssued:
    """Put a visitor in the queue and issue the day's next ticket for the service.

    The ticket number, the visit, its first event, a needs alert (if needs were given)
    and the print job (if asked) are written in the caller's one transaction.

    Args:
        service_code: A configured service.
        needs: Need codes the visitor chose; unknown codes are refused.
        name: Optional name, cleaned here; empty after cleaning means no name.
        channel: Kiosk check-ins need the office open and not paused; staff may add
            walk-ins and phone-ins at any time (e.g. after closing).
        print_at: The kiosk station whose printer prints the ticket: a print job for its
            spool is created in the same transaction. None prints nothing.

    Raises:
        InvalidRequest: unknown service or need.
        OfficeClosed: a kiosk check-in while closed or paused.
    """
    now = require_aware(now)
    try:
        service = settings.service(service_code)
    except KeyError:
        raise InvalidRequest(f"No service {service_code!r}.") from None
    known_needs = {need.code for need in settings.needs}
    chosen = sorted(set(needs))
    unknown = [code for code in chosen if code not in known_needs]
    if unknown:
        raise InvalidRequest(f"No need {unknown[0]!r}.")
    if language not in settings.languages:
        language = settings.languages[0]
    if channel == Channel.KIOSK:
        calendar = office_calendar(session=session, settings=settings, now=now)
        if not calendar.is_open(now):
            raise OfficeClosed("The office is closed.")
        if checkins_paused(session=session, settings=settings):
            raise OfficeClosed("Check-in is paused.")
    else:
        calendar = OfficeCalendar(settings)
    local = calendar.local(now)
    site = settings.office.site
    target = settings.target_for(service.code)
    interpreter = clean_text(interpreter_language, 60) or None
    if "interpreter" not in chosen:
        interpreter = None

    for attempt in range(_TICKET_RETRIES):
        try:
            with session.begin_nested():
                seq = _next_ticket_number(session, site, local.date(), service.letter)
                visit = Visit(
                    site=site,
                    reference=_new_reference(),
                    local_date=local.date(),
                    local_hour=local.hour,
                    letter=service.letter,
                    seq=seq,
                    ticket=f"{service.letter}{seq:03d}",
                    service_code=service.code,
                    channel=channel,
                    language=language,
                    name=clean_name(name),
                    needs=chosen,
                    interpreter_language=interpreter,
                    has_needs=bool(chosen),
                    status=VisitStatus.WAITING,
                    appointment_at=require_aware(appointment_at) if appointment_at else None,
                    arrived_at=now,
                    target_due_at=now + dt.timedelta(minutes=target),
                    target_minutes=target,
                )
                session.add(visit)
                session.flush()
            break
        except IntegrityError:
            # A unique backstop fired (the reference, or a counter row another
            # writer created at the same instant): the savepoint is undone, try again.
            if attempt == _TICKET_RETRIES - 1:
                raise
    assert visit.id is not None
    _record(
        session,
        visit,
        kind="checked_in",
        actor=actor,
        desk=None,
        now=now,
        from_status=None,
        detail={"service": service.code, "channel": str(channel), "needs": len(chosen)},
    )
    if chosen:
        tags = ", ".join(n.tag for n in settings.needs if n.code in chosen)
        session.add(
            Alert(
                site=site,
                kind=AlertKind.NEEDS,
                visit_id=visit.id,
                key=f"needs:{visit.id}",
                message=f"{visit.ticket} has access or communication needs: {tags}",
                raised_at=now,
            )
        )
    job_id: int | None = None
    if print_at:
        job = PrintJob(visit_id=visit.id, station=print_at, created_at=now, next_attempt_at=now)
        session.add(job)
        session.flush()
        job_id = job.id
    ahead = session.execute(
        select(func.count())
        .select_from(Visit)
        .where(
            col(Visit.site) == site,
            col(Visit.local_date) == visit.local_date,
            col(Visit.service_code) == service.code,
            col(Visit.status) == VisitStatus.WAITING,
            col(Visit.id) != visit.id,
            col(Visit.arrived_at) <= now,
        )
    ).scalar_one()
    return TicketIssued(
        visit_id=visit.id,
        reference=visit.reference,
        ticket=visit.ticket,
        service_code=service.code,
        language=language,
        arrived_at=now,
        target_due_at=visit.target_due_at,
        people_ahead=int(ahead),
        print_job_id=job_id,
    )


def ask_for_help(*, session: Session, settings: Settings, now: dt.datetime | None = None) -> int:
    """Record the kiosk's "I need help now": an alert staff see at once. Returns its id."""
    now = require_aware(now)
    alert = Alert(
        site=settings.office.site,
        kind=AlertKind.HELP_NOW,
        key=f"help:{now.isoformat()}:{secrets.token_hex(4)}",
        message="A visitor at the kiosk asked for help now.",
        raised_at=now,
    )
    session.add(alert)
    session.flush()
    assert alert.id is not None
    return alert.id


# --- calling -------------------------------------------------------------------------


def desk_services(*, session: Session, desk: str) -> tuple[str, ...]:
    """Service codes a desk calls; empty means all (also for a desk not yet set up)."""
    row = session.execute(select(Desk).where(col(Desk.name) == desk)).scalars().first()
    return tuple(row.services) if row and row.services else ()


def _mark_called(
    session: Session, visit: Visit, *, desk: str, staff: str, now: dt.datetime, kind: str
) -> None:
    previous = visit.status
    visit.status = VisitStatus.CALLED
    visit.desk = desk
    visit.staff_code = staff
    visit.called_at = now
    if visit.first_called_at is None:
        visit.first_called_at = now
        visit.greet_seconds = _seconds(visit.arrived_at, now)
    session.add(visit)
    _record(session, visit, kind=kind, actor=staff, desk=desk, now=now, from_status=previous)


def call_next(
    *, session: Session, settings: Settings, desk: str, staff: str, now: dt.datetime | None = None
) -> VisitView | None:
    """Call the next visitor for `desk`: due appointments first, then longest waiting.

    Only visits for the services the desk serves (or transferred to this desk) are
    considered, and none transferred to another desk. Returns None when nobody waits.
    """
    now = require_aware(now)
    today = OfficeCalendar(settings).local_date(now)
    services = desk_services(session=session, desk=desk)
    due = now + dt.timedelta(minutes=APPOINTMENT_EARLY_MINUTES)
    mine = col(Visit.assigned_desk) == desk
    eligible = or_(mine, col(Visit.assigned_desk).is_(None))
    if services:
        eligible = or_(
            mine, (col(Visit.assigned_desk).is_(None)) & col(Visit.service_code).in_(services)
        )
    is_due = col(Visit.appointment_at).is_not(None) & (col(Visit.appointment_at) <= due)
    appointment_due = case((is_due, 0), else_=1)
    # Due appointments go by their time; everyone else (a later appointment too) by arrival.
    due_time = case((is_due, col(Visit.appointment_at)), else_=None)
    statement = (
        select(Visit)
        .where(
            col(Visit.site) == settings.office.site,
            col(Visit.local_date) == today,
            col(Visit.status) == VisitStatus.WAITING,
            eligible,
        )
        .order_by(appointment_due, due_time, col(Visit.arrived_at), col(Visit.id))
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    visit = session.execute(statement).scalars().first()
    if visit is None:
        return None
    session.refresh(visit)
    _mark_called(session, visit, desk=desk, staff=staff, now=now, kind="called")
    return _noted_view(session, visit, settings=settings, now=now)


def call_visit(
    *,
    session: Session,
    settings: Settings,
    visit_id: int,
    desk: str,
    staff: str,
    now: dt.datetime | None = None,
) -> VisitView:
    """Call a chosen visitor (waiting or on hold) to `desk`."""
    now = require_aware(now)
    visit = _locked(session, visit_id)
    _require(visit, "call", (VisitStatus.WAITING, VisitStatus.HELD))
    _mark_called(session, visit, desk=desk, staff=staff, now=now, kind="called")
    return _noted_view(session, visit, settings=settings, now=now)


def recall(
    *,
    session: Session,
    settings: Settings,
    visit_id: int,
    desk: str,
    staff: str,
    now: dt.datetime | None = None,
) -> VisitView:
    """Call an already-called visitor again (they did not come to the desk yet)."""
    now = require_aware(now)
    visit = _locked(session, visit_id)
    _require(visit, "recall", (VisitStatus.CALLED,))
    visit.recalls += 1
    visit.called_at = now
    visit.desk = desk
    visit.staff_code = staff
    session.add(visit)
    _record(
        session,
        visit,
        kind="recalled",
        actor=staff,
        desk=desk,
        now=now,
        from_status=VisitStatus.CALLED,
        detail={"recalls": visit.recalls},
    )
    return _noted_view(session, visit, settings=settings, now=now)


def start_serving(
    *,
    session: Session,
    settings: Settings,
    visit_id: int,
    desk: str,
    staff: str,
    now: dt.datetime | None = None,
) -> VisitView:
    """The called visitor arrived at the desk: service begins."""
    now = require_aware(now)
    visit = _locked(session, visit_id)
    previous = _require(visit, "start serving", (VisitStatus.CALLED,))
    visit.status = VisitStatus.SERVING
    visit.desk = desk
    visit.staff_code = staff
    if visit.serving_started_at is None:
        visit.serving_started_at = now
        visit.wait_seconds = _seconds(visit.arrived_at, now)
    session.add(visit)
    _record(session, visit, kind="serving", actor=staff, desk=desk, now=now, from_status=previous)
    return _noted_view(session, visit, settings=settings, now=now)


def _end(visit: Visit, status: VisitStatus, now: dt.datetime) -> None:
    visit.status = status
    visit.ended_at = now
    if visit.wait_seconds is None and visit.first_called_at is not None:
        visit.wait_seconds = _seconds(visit.arrived_at, visit.first_called_at)


def resolve(
    *,
    session: Session,
    settings: Settings,
    visit_id: int,
    outcome: Outcome,
    desk: str,
    staff: str,
    detail: str | None = None,
    callback_at: dt.datetime | None = None,
    reply_working_days: int | None = None,
    now: dt.datetime | None = None,
) -> VisitView:
    """End a visit with an outcome.

    Args:
        outcome: resolved; signposted (`detail`: the organisation); referred (`detail`:
            the department); callback (`callback_at`, in the future); written_reply
            (`reply_working_days`: the due date is that many working days from today).

    Raises:
        InvalidRequest: the outcome's particulars are missing or impossible.
        IllegalTransition: the visit was not called or being served.
    """
    now = require_aware(now)
    outcome = Outcome(outcome)
    text = clean_text(detail, 500) or None
    if outcome in (Outcome.SIGNPOSTED, Outcome.REFERRED) and not text:
        what = "organisation" if outcome == Outcome.SIGNPOSTED else "department"
        raise InvalidRequest(f"Say which {what} the visitor was {outcome.value} to.")
    if outcome == Outcome.CALLBACK:
        if callback_at is None:
            raise InvalidRequest("A call-back needs a time.")
        callback_at = require_aware(callback_at)
        if callback_at <= now:
            raise InvalidRequest("The call-back time has already passed.")
    else:
        callback_at = None
    reply_due: dt.date | None = None
    if outcome == Outcome.WRITTEN_REPLY:
        if reply_working_days is None or not 1 <= reply_working_days <= 60:
            raise InvalidRequest("A written reply needs a due date of 1 to 60 working days.")
        calendar = office_calendar(session=session, settings=settings, now=now)
        reply_due = calendar.add_working_days(calendar.local_date(now), reply_working_days)
    visit = _locked(session, visit_id)
    previous = _require(visit, "resolve", (VisitStatus.CALLED, VisitStatus.SERVING))
    _end(visit, VisitStatus.RESOLVED, now)
    visit.outcome = outcome
    visit.outcome_detail = text
    visit.callback_at = callback_at
    visit.reply_due = reply_due
    visit.desk = desk
    visit.staff_code = staff
    visit.resolve_seconds = _seconds(visit.arrived_at, now)
    visit.within_target = now <= visit.target_due_at
    session.add(visit)
    facts: dict[str, Any] = {"outcome": outcome.value}
    if callback_at:
        facts["callback_at"] = callback_at.isoformat()
    if reply_due:
        facts["reply_due"] = reply_due.isoformat()
    _record(
        session,
        visit,
        kind="resolved",
        actor=staff,
        desk=desk,
        now=now,
        from_status=previous,
        detail=facts,
        note=text,
    )
    return _noted_view(session, visit, settings=settings, now=now)


def transfer(
    *,
    session: Session,
    settings: Settings,
    visit_id: int,
    desk: str,
    staff: str,
    notes: str | None,
    to_service: str | None = None,
    to_desk: str | None = None,
    now: dt.datetime | None = None,
) -> VisitView:
    """Pass a visitor on to another service or desk, with notes the next person sees.

    The visitor keeps their place (arrival time) and goes back to waiting.

    Raises:
        InvalidRequest: neither a service nor a desk given, or an unknown service.
    """
    now = require_aware(now)
    if to_service is None and not to_desk:
        raise InvalidRequest("Choose a service or a desk to transfer to.")
    if to_service is not None:
        try:
            settings.service(to_service)
        except KeyError:
            raise InvalidRequest(f"No service {to_service!r}.") from None
    note = clean_note(notes)
    visit = _locked(session, visit_id)
    previous = _require(
        visit,
        "transfer",
        (VisitStatus.WAITING, VisitStatus.CALLED, VisitStatus.SERVING, VisitStatus.HELD),
    )
    facts: dict[str, Any] = {"from_service": visit.service_code}
    if to_service is not None:
        visit.service_code = to_service
        facts["to_service"] = to_service
    clean_desk = clean_text(to_desk, 40) or None
    visit.assigned_desk = clean_desk
    if clean_desk:
        facts["to_desk"] = clean_desk
    visit.status = VisitStatus.WAITING
    session.add(visit)
    _record(
        session,
        visit,
        kind="transferred",
        actor=staff,
        desk=desk,
        now=now,
        from_status=previous,
        detail=facts,
        note=note,
    )
    return _noted_view(session, visit, settings=settings, now=now)


def hold(
    *,
    session: Session,
    settings: Settings,
    visit_id: int,
    desk: str,
    staff: str,
    reason: str | None = None,
    now: dt.datetime | None = None,
) -> VisitView:
    """Put a visit on hold (e.g. the visitor went to fetch a document)."""
    now = require_aware(now)
    visit = _locked(session, visit_id)
    previous = _require(
        visit, "hold", (VisitStatus.WAITING, VisitStatus.CALLED, VisitStatus.SERVING)
    )
    visit.status = VisitStatus.HELD
    session.add(visit)
    _record(
        session,
        visit,
        kind="held",
        actor=staff,
        desk=desk,
        now=now,
        from_status=previous,
        note=clean_note(reason),
    )
    return _noted_view(session, visit, settings=settings, now=now)


def resume(
    *,
    session: Session,
    settings: Settings,
    visit_id: int,
    desk: str,
    staff: str,
    now: dt.datetime | None = None,
) -> VisitView:
    """Put a held visit back in the queue in its original place."""
    now = require_aware(now)
    visit = _locked(session, visit_id)
    previous = _require(visit, "resume", (VisitStatus.HELD,))
    visit.status = VisitStatus.WAITING
    session.add(visit)
    _record(session, visit, kind="resumed", actor=staff, desk=desk, now=now, from_status=previous)
    return _noted_view(session, visit, settings=settings, now=now)


def no_show(
    *,
    session: Session,
    settings: Settings,
    visit_id: int,
    desk: str,
    staff: str,
    now: dt.datetime | None = None,
) -> VisitView:
    """The called visitor did not come: end the visit as a no-show."""
    now = require_aware(now)
    visit = _locked(session, visit_id)
    previous = _require(visit, "mark as no-show", (VisitStatus.CALLED,))
    _end(visit, VisitStatus.NO_SHOW, now)
    session.add(visit)
    _record(session, visit, kind="no_show", actor=staff, desk=desk, now=now, from_status=previous)
    return _noted_view(session, visit, settings=settings, now=now)


def cancel(
    *,
    session: Session,
    settings: Settings,
    visit_id: int,
    desk: str | None,
    staff: str,
    reason: str | None = None,
    now: dt.datetime | None = None,
) -> VisitView:
    """Cancel a visit that has not been served (the visitor left, or a mistake)."""
    now = require_aware(now)
    visit = _locked(session, visit_id)
    previous = _require(
        visit, "cancel", (VisitStatus.WAITING, VisitStatus.CALLED, VisitStatus.HELD)
    )
    _end(visit, VisitStatus.CANCELLED, now)
    session.add(visit)
    _record(
        session,
        visit,
        kind="cancelled",
        actor=staff,
        desk=desk,
        now=now,
        from_status=previous,
        note=clean_note(reason),
    )
    return _noted_view(session, visit, settings=settings, now=now)


def add_walk_in(
    *,
    session: Session,
    settings: Settings,
    service_code: str,
    staff: str,
    channel: Channel = Channel.WALK_IN,
    name: str | None = None,
    needs: Iterable[str] = (),
    interpreter_language: str | None = None,
    language: str = "en",
    appointment_at: dt.datetime | None = None,
    print_at: str | None = None,
    now: dt.datetime | None = None,
) -> TicketIssued:
    """Staff add a walk-in or phone-in by hand (allowed after closing, for those inside)."""
    if channel == Channel.KIOSK:
        raise InvalidRequest("Staff add walk-ins and phone-ins, not kiosk check-ins.")
    return check_in(
        session=session,
        settings=settings,
        service_code=service_code,
        language=language,
        needs=needs,
        interpreter_language=interpreter_language,
        name=name,
        channel=channel,
        appointment_at=appointment_at,
        actor=staff,
        print_at=print_at,
        now=now,
    )
