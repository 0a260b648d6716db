"""The visit's state machine: one table of transitions, applied by one function.

Every change to a visit's status is a row of `TRANSITIONS` — the action, the states it
may start from, the state it leads to, the event it records and who may do it — and
goes through `_apply`, which locks the visit, checks the row, sets the milestones that
entering the new state implies, records the event and returns the changed visit. The
public functions (`call_visit`, `resolve`, `hold`, ...) only add what is particular to
their action (an outcome, a transfer's destination).

Concurrency: on PostgreSQL the visit row is locked (`FOR UPDATE`, and `SKIP LOCKED` when
picking the next visitor, so two desks never get the same person); on SQLite every
write transaction starts with `BEGIN IMMEDIATE`, so writers are serialised by the
database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from sqlalchemy import case, or_, select
from sqlmodel import Session, col

from config.settings import Settings
from models.authority import require
from models.calendar import OfficeCalendar
from models.clock import require_aware
from models.enums import StaffRole
from models.errors import IllegalTransition, InvalidRequest, NotFound
from models.queue.reading import desk_services, noted_view, office_calendar
from models.tables import Outcome, Visit, VisitEvent, VisitStatus
from models.text import clean_note, clean_text
from models.views import VisitView

APPOINTMENT_EARLY_MINUTES = 10
"""An appointment counts as due this many minutes before its time."""


class Action(StrEnum):
    """What staff can do to a visit."""

    CALL = "call"
    RECALL = "recall"
    SERVE = "serve"
    RESOLVE = "resolve"
    TRANSFER = "transfer"
    HOLD = "hold"
    RESUME = "resume"
    NO_SHOW = "no_show"
    CANCEL = "cancel"


FINAL_STATUSES = frozenset({VisitStatus.RESOLVED, VisitStatus.NO_SHOW, VisitStatus.CANCELLED})
"""A visit in one of these has ended: nothing moves it again."""
CHECKED_IN = "checked_in"
"""The event kind that opens every visit (no status before, waiting after)."""
UNDONE = "undone"
"""The event kind of undoing an ending (`models.undo`): from a final status back to the
open status the visit ended from."""


@dataclass(frozen=True)
class Transition:
    """One row of the state machine."""

    action: Action
    """What staff asked for."""
    words: str
    """The action in words, for "Cannot <words> A017: it is …"."""
    sources: frozenset[VisitStatus]
    """The statuses the visit may be in."""
    target: VisitStatus
    """The status it is in afterwards."""
    event: str
    """The `VisitEvent.kind` recorded."""
    who: StaffRole = StaffRole.RECEPTIONIST
    """The least role that may do it (a supervisor may do everything)."""
    at_desk: bool = False
    """Whether the visitor is now at (or called to) the actor's desk: the visit's desk
    and staff member become the actor's."""


_W, _C, _S, _H = VisitStatus.WAITING, VisitStatus.CALLED, VisitStatus.SERVING, VisitStatus.HELD


def _row(
    action: Action,
    words: str,
    sources: Iterable[VisitStatus],
    target: VisitStatus,
    event: str,
    *,
    at_desk: bool = False,
) -> Transition:
    return Transition(action, words, frozenset(sources), target, event, at_desk=at_desk)


TRANSITIONS: dict[Action, Transition] = {
    row.action: row
    for row in (
        _row(Action.CALL, "call", (_W, _H), _C, "called", at_desk=True),
        _row(Action.RECALL, "recall", (_C,), _C, "recalled", at_desk=True),
        _row(Action.SERVE, "start serving", (_C,), _S, "serving", at_desk=True),
        _row(Action.RESOLVE, "resolve", (_C, _S), VisitStatus.RESOLVED, "resolved", at_desk=True),
        _row(Action.TRANSFER, "transfer", (_W, _C, _S, _H), _W, "transferred"),
        _row(Action.HOLD, "hold", (_W, _C, _S), _H, "held"),
        _row(Action.RESUME, "resume", (_H,), _W, "resumed"),
        _row(Action.NO_SHOW, "mark as no-show", (_C,), VisitStatus.NO_SHOW, "no_show"),
        _row(Action.CANCEL, "cancel", (_W, _C, _H), VisitStatus.CANCELLED, "cancelled"),
    )
}
"""The visit's state machine: every status change there is, and nothing else."""

_BY_EVENT = {row.event: row for row in TRANSITIONS.values()}


# --- recording and replaying events --------------------------------------------------


def record_event(
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
    """Append one event to the visit's record (its status now is the event's `to_status`)."""
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


class EventLike(Protocol):
    """What replaying needs of an event (a `VisitEvent` or an `EventView`)."""

    @property
    def kind(self) -> str:
        """The event kind."""

    @property
    def from_status(self) -> str | None:
        """Status before."""

    @property
    def to_status(self) -> str | None:
        """Status after."""


class ReplayError(ValueError):
    """An event record that the state machine could not have written."""


def replay(events: Iterable[EventLike]) -> str | None:
    """The status a visit's events lead to, checking each step against the table.

    Raises:
        ReplayError: an event starts from another status than the last one ended in,
            or is a change the table does not allow.
    """
    status: str | None = None
    for number, event in enumerate(events):
        if event.from_status != status:
            raise ReplayError(f"event {number} ({event.kind}) starts from {event.from_status}")
        if event.kind == CHECKED_IN:
            ok = status is None and event.to_status == VisitStatus.WAITING
        elif event.kind == UNDONE:
            ok = status in FINAL_STATUSES and event.to_status in (_W, _C, _S, _H)
        elif event.kind in _BY_EVENT:
            row = _BY_EVENT[event.kind]
            ok = status in row.sources and event.to_status == row.target
        else:  # a fact recorded without a change of status (reprint, erasure, ...)
            ok = status is not None and event.to_status == status
        if not ok:
            raise ReplayError(
                f"event {number} ({event.kind}) is not allowed: {status} -> {event.to_status}"
            )
        status = event.to_status
    return status


# --- applying a transition -----------------------------------------------------------


def _seconds(start: dt.datetime, end: dt.datetime) -> int:
    return max(0, int((end - start).total_seconds()))


def lock_visit(session: Session, visit_id: int) -> Visit:
    """The visit, locked for this transaction (`FOR UPDATE`) and re-read from the row.

    Raises:
        NotFound: there is no such visit.
    """
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


def _enter(
    visit: Visit, row: Transition, *, desk: str | None, staff: str, now: dt.datetime
) -> None:
    """Set the status and the milestones that entering it implies."""
    visit.status = row.target
    if row.at_desk:
        visit.desk = desk
        visit.staff_code = staff
    if row.target == VisitStatus.CALLED:
        visit.called_at = now
        if visit.first_called_at is None:
            visit.first_called_at = now
            visit.greet_seconds = _seconds(visit.arrived_at, now)
    elif row.target == VisitStatus.SERVING and visit.serving_started_at is None:
        visit.serving_started_at = now
        visit.wait_seconds = _seconds(visit.arrived_at, now)
    elif row.target in FINAL_STATUSES:
        visit.ended_at = now
        if visit.wait_seconds is None and visit.first_called_at is not None:
            visit.wait_seconds = _seconds(visit.arrived_at, visit.first_called_at)


Change = Callable[[Visit], dict[str, Any]]
"""What an action changes besides the status; returns the event's non-personal facts."""


def _apply(
    session: Session,
    settings: Settings,
    action: Action,
    visit: Visit | int,
    *,
    desk: str | None,
    staff: str,
    now: dt.datetime,
    change: Change | None = None,
    note: str | None = None,
) -> VisitView:
    """Apply one row of the table to a visit (an id is locked first); nothing is written
    when the row does not allow it."""
    row = TRANSITIONS[action]
    require(session, staff, None, role=row.who)
    if isinstance(visit, int):
        visit = lock_visit(session, visit)
    previous = visit.status
    if previous not in row.sources:
        raise IllegalTransition(visit.ticket, row.words, previous)
    detail = change(visit) if change is not None else {}
    _enter(visit, row, desk=desk, staff=staff, now=now)
    session.add(visit)
    record_event(
        session,
        visit,
        kind=row.event,
        actor=staff,
        desk=desk,
        now=now,
        from_status=previous,
        detail=detail,
        note=note,
    )
    return noted_view(session, visit, settings=settings, now=now)


# --- the actions ---------------------------------------------------------------------


class PlainAction(Protocol):
    """The signature of an action with nothing of its own but an optional note."""

    def __call__(
        self,
        *,
        session: Session,
        settings: Settings,
        visit_id: int,
        desk: str | None,
        staff: str,
        reason: str | None = None,
        now: dt.datetime | None = None,
    ) -> VisitView:
        """Apply the action to the visit; `reason` is kept as the event's note."""
        ...


def _plain(name: str, action: Action, doc: str) -> PlainAction:
    """A public rule for an action that needs nothing but the table row (and a note)."""

    def rule(
        *,
        session: Session,
        settings: Settings,
        visit_id: int,
        desk: str | None,
        staff: str,
        reason: str | None = None,
        now: dt.datetime | None = None,
    ) -> VisitView:
        return _apply(
            session,
            settings,
            action,
            visit_id,
            desk=desk,
            staff=staff,
            now=require_aware(now),
            note=clean_note(reason),
        )

    rule.__doc__ = doc
    rule.__name__ = rule.__qualname__ = name
    return rule


call_visit = _plain(
    "call_visit", Action.CALL, "Call a chosen visitor (waiting or on hold) to `desk`."
)
start_serving = _plain(
    "start_serving", Action.SERVE, "The called visitor arrived at the desk: service begins."
)
hold = _plain(
    "hold", Action.HOLD, "Put a visit on hold (e.g. the visitor went to fetch a document)."
)
resume = _plain(
    "resume", Action.RESUME, "Put a held visit back in the queue in its original place."
)
no_show = _plain(
    "no_show", Action.NO_SHOW, "The called visitor did not come: end the visit as a no-show."
)
cancel = _plain(
    "cancel",
    Action.CANCEL,
    "Cancel a visit that has not been served (the visitor left, or a mistake).",
)


def call_next(
    *, session: Session, settings: Settings, desk: str, staff: str, now: dt.datetime | None = None
) -> VisitView | None:
    """Call the next visitor for `desk`: those transferred to it first, then due
    appointments, then the longest waiting.

    Only visits for the services the desk serves (or transferred to this desk) are
    considered, and none transferred to another desk. Returns None when nobody waits.
    """
    now = require_aware(now)
    today = OfficeCalendar(settings).local_date(now)
    services = desk_services(session=session, desk=desk, settings=settings)
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
        # Someone transferred to this desk was sent here to be seen next: first.
        .order_by(
            case((mine, 0), else_=1),
            appointment_due,
            due_time,
            col(Visit.arrived_at),
            col(Visit.id),
        )
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    visit = session.execute(statement).scalars().first()
    if visit is None:
        return None
    session.refresh(visit)
    return _apply(session, settings, Action.CALL, visit, desk=desk, staff=staff, now=now)


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

    def again(visit: Visit) -> dict[str, Any]:
        visit.recalls += 1
        return {"recalls": visit.recalls}

    return _apply(
        session, settings, Action.RECALL, visit_id, desk=desk, staff=staff, now=now, change=again
    )


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

    def ended_well(visit: Visit) -> dict[str, Any]:
        visit.outcome = outcome
        visit.outcome_detail = text
        visit.callback_at = callback_at
        visit.reply_due = reply_due
        visit.resolve_seconds = _seconds(visit.arrived_at, now)
        visit.within_target = now <= visit.target_due_at
        facts: dict[str, Any] = {"outcome": outcome.value}
        if callback_at:
            facts["callback_at"] = callback_at.isoformat()
        if reply_due:
            facts["reply_due"] = reply_due.isoformat()
        return facts

    return _apply(
        session,
        settings,
        Action.RESOLVE,
        visit_id,
        desk=desk,
        staff=staff,
        now=now,
        change=ended_well,
        note=text,
    )


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
        InvalidRequest: neither a service nor a desk given, an unknown service, or a
            desk that is not configured, saved by a supervisor or run by a console.
    """
    now = require_aware(now)
    if to_service is None and not to_desk:
        raise InvalidRequest("Choose a service or a desk to transfer to.")
    if to_service is not None:
        try:
            settings.service(to_service)
        except KeyError:
            raise InvalidRequest(f"No service {to_service!r}.") from None
    clean_desk = clean_text(to_desk, 40) or None
    if clean_desk is not None:
        from models.desks import known_desks  # desks reads the queue: import when used

        known = known_desks(session=session, settings=settings)
        if known and clean_desk not in known:
            raise InvalidRequest(f"No desk {clean_desk!r}; choose one of: {', '.join(known)}.")

    def moved(visit: Visit) -> dict[str, Any]:
        facts: dict[str, Any] = {"from_service": visit.service_code}
        if to_service is not None:
            visit.service_code = to_service
            facts["to_service"] = to_service
        visit.assigned_desk = clean_desk
        if clean_desk:
            facts["to_desk"] = clean_desk
        return facts

    return _apply(
        session,
        settings,
        Action.TRANSFER,
        visit_id,
        desk=desk,
        staff=staff,
        now=now,
        change=moved,
        note=clean_note(notes),
    )
