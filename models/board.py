"""What the waiting-room board may show: calls, people waiting, a wait estimate, hours.

The board hangs in the waiting room, in front of everyone. This module is the only
way it reads the queue, and it selects public columns only (ticket, desk, service,
times, and the visitor's kiosk language for the spoken call): no name, need, note or
interpreter language is ever loaded, so none can reach the screen by mistake.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from config.settings import Settings
from models.calendar import HoursStatus, OfficeCalendar
from models.clock import require_aware
from models.db import read_scope
from models.enums import VisitStatus
from models.queue import office_calendar
from models.tables import Visit, VisitEvent

CALL_KINDS = ("called", "recalled")
"""Events that put a ticket on the board."""
ACTIVE_DESK_MINUTES = 60
"""A desk that called someone for a service within this time counts as serving it."""
ESTIMATE_STEP_MINUTES = 5
"""Wait estimates are rounded up to this, so they never promise more than they know."""


@dataclass(frozen=True)
class BoardCall:
    """One call to a desk, as the waiting room sees it."""

    call_id: int
    """The call's own id: a recall is a new call, so it shows (and is spoken) again."""
    ticket: str
    """The ticket number, e.g. A017."""
    desk: str
    """The desk the visitor is called to, as named in the console."""
    service_code: str
    """The service queued for."""
    called_at: dt.datetime
    """When the call was made (UTC)."""
    recall: bool
    """Whether the visitor had been called before."""
    language: str
    """The language the visitor chose at the kiosk: the call is spoken in it too."""


@dataclass(frozen=True)
class ServiceWait:
    """How many wait for one service, and roughly how long a newcomer would wait."""

    service_code: str
    """The service."""
    waiting: int
    """Visitors waiting (not yet called)."""
    estimate_minutes: int | None
    """About how long the last in the queue will wait, rounded up to five minutes; 0
    with nobody waiting; None when there is no honest figure: before a visit for the
    service has been served today, while no desk has called for it in the last hour,
    and while the queue is running late."""
    running_late: bool = False
    """Someone still waiting has already waited longer than the figure would say (or,
    with no figure, past the time they were told they would be seen by): the board
    says "running late" rather than a number the room can see is too short."""


@dataclass(frozen=True)
class BoardSnapshot:
    """Everything a board shows, read in one transaction."""

    calls: tuple[BoardCall, ...]
    """Today's latest calls, newest first."""
    waiting: tuple[ServiceWait, ...]
    """Per shown service, in configured order."""
    hours: HoursStatus
    """Open or closed, until when, closing soon."""
    read_at: dt.datetime
    """When it was read (UTC)."""


def board_snapshot(
    engine: Engine,
    settings: Settings,
    *,
    services: Sequence[str] = (),
    calls: int = 6,
    now: dt.datetime | None = None,
) -> BoardSnapshot:
    """Today's latest calls, waiting counts with estimates, and opening hours.

    Args:
        services: Service codes this board shows; empty means every service.
        calls: How many of the latest calls to return.
    """
    now = require_aware(now)
    # A reader only: on SQLite it never waits behind a writer.
    with read_scope(engine) as session:
        calendar = office_calendar(session=session, settings=settings, now=now)
        shown = tuple(services) or tuple(s.code for s in settings.services)
        return BoardSnapshot(
            calls=latest_calls(
                session=session, settings=settings, services=shown, limit=calls, now=now
            ),
            waiting=service_waits(session=session, settings=settings, services=shown, now=now),
            hours=calendar.status(now),
            read_at=now,
        )


def latest_calls(
    *,
    session: Session,
    settings: Settings,
    services: Sequence[str],
    limit: int,
    now: dt.datetime,
) -> tuple[BoardCall, ...]:
    """Today's latest calls and recalls for `services`, newest first."""
    today = OfficeCalendar(settings).local_date(now)
    rows = session.execute(
        select(
            col(VisitEvent.id),
            col(VisitEvent.at),
            col(VisitEvent.kind),
            col(VisitEvent.desk),
            col(Visit.ticket),
            col(Visit.service_code),
            col(Visit.language),
        )
        .join(Visit, col(Visit.id) == col(VisitEvent.visit_id))
        .where(
            col(Visit.site) == settings.office.site,
            col(Visit.local_date) == today,
            col(Visit.service_code).in_(list(services)),
            col(VisitEvent.kind).in_(CALL_KINDS),
            col(VisitEvent.desk).is_not(None),
        )
        .order_by(col(VisitEvent.at).desc(), col(VisitEvent.id).desc())
        .limit(limit)
    ).all()
    return tuple(
        BoardCall(
            call_id=event_id,
            ticket=ticket,
            desk=desk,
            service_code=service,
            called_at=at,
            recall=kind == "recalled",
            language=language,
        )
        for event_id, at, kind, desk, ticket, service, language in rows
    )


def service_waits(
    *, session: Session, settings: Settings, services: Sequence[str], now: dt.datetime
) -> tuple[ServiceWait, ...]:
    """Waiting counts per service and a plain estimate from today's service times.

    The estimate is the number waiting times today's average time at a desk for the
    service (first call to the visit's end), shared among the desks that called for it
    in the last hour, rounded up to five minutes. It is checked against the room: when
    a visitor not yet called has already waited longer than it (a desk went on a break,
    a long case), the queue is running late and no figure is given; a shorter number
    than the longest wait everyone can see is worse than none. With no figure to check
    (nobody served today, no desk calling), a visitor past the time their ticket said
    they would be seen by makes it running late too.
    """
    today = OfficeCalendar(settings).local_date(now)
    mine = (
        col(Visit.site) == settings.office.site,
        col(Visit.local_date) == today,
        col(Visit.service_code).in_(list(services)),
    )
    counts: dict[str, int] = {
        code: count
        for code, count in session.execute(
            select(col(Visit.service_code), func.count())
            .where(*mine, col(Visit.status) == VisitStatus.WAITING)
            .group_by(col(Visit.service_code))
        ).all()
    }
    durations: dict[str, list[float]] = {}
    for code, started, serving, ended in session.execute(
        select(
            col(Visit.service_code),
            col(Visit.first_called_at),
            col(Visit.serving_started_at),
            col(Visit.ended_at),
        ).where(
            *mine,
            col(Visit.status) == VisitStatus.RESOLVED,
            col(Visit.first_called_at).is_not(None),
            col(Visit.ended_at).is_not(None),
        )
    ).all():
        begun = serving or started
        durations.setdefault(code, []).append((ended - begun).total_seconds())
    since = now - dt.timedelta(minutes=ACTIVE_DESK_MINUTES)
    desks: dict[str, int] = {
        code: count
        for code, count in session.execute(
            select(col(Visit.service_code), func.count(func.distinct(col(VisitEvent.desk))))
            .join(Visit, col(Visit.id) == col(VisitEvent.visit_id))
            .where(*mine, col(VisitEvent.kind) == "called", col(VisitEvent.at) >= since)
            .group_by(col(Visit.service_code))
        ).all()
    }
    longest, overdue = _longest_waits(session, mine, now)
    waits = []
    for code in services:
        waiting = counts.get(code, 0)
        times = durations.get(code)
        estimate: int | None = None
        if waiting == 0:
            estimate = 0
        elif times and desks.get(code, 0):
            # No desk calling for the service in the last hour: nothing is being served,
            # so no pace to divide by (it used to count as one desk).
            seconds = waiting * (sum(times) / len(times)) / desks[code]
            steps = max(1, math.ceil(seconds / 60 / ESTIMATE_STEP_MINUTES))
            estimate = steps * ESTIMATE_STEP_MINUTES
        late = waiting > 0 and (
            longest.get(code, 0.0) > estimate * 60 if estimate is not None else code in overdue
        )
        waits.append(
            ServiceWait(
                service_code=code,
                waiting=waiting,
                estimate_minutes=None if late else estimate,
                running_late=late,
            )
        )
    return tuple(waits)


def _longest_waits(
    session: Session, mine: tuple[Any, ...], now: dt.datetime
) -> tuple[dict[str, float], set[str]]:
    """Per service, the longest wait (seconds) of a visitor not yet called, and the
    services with such a visitor past their target time.

    Only visitors never called: one transferred or back from hold keeps their arrival
    time (their place), but was seen meanwhile, so their time since arrival is not a
    wait. An appointment's wait starts at its time, not at an early arrival.
    """
    longest: dict[str, float] = {}
    overdue: set[str] = set()
    for code, arrived, appointment, due in session.execute(
        select(
            col(Visit.service_code),
            col(Visit.arrived_at),
            col(Visit.appointment_at),
            col(Visit.target_due_at),
        ).where(
            *mine,
            col(Visit.status) == VisitStatus.WAITING,
            col(Visit.first_called_at).is_(None),
        )
    ).all():
        since = max(arrived, appointment) if appointment is not None else arrived
        longest[code] = max(longest.get(code, 0.0), (now - since).total_seconds())
        if due is not None and due < now:
            overdue.add(code)
    return longest, overdue
