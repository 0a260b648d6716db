"""One unit of work per call, for the apps.

Screens (through their workers) call these: each opens its own session on the engine,
does one thing in one transaction, and returns plain values. The rules they call take a
keyword-only session and are what the tests exercise directly.

What only reads runs in `read_scope` (on SQLite a WAL reader that never waits for a
writer); what writes runs in `session_scope` (`BEGIN IMMEDIATE`), kept short: slow work
such as hashing a PIN happens between transactions, never inside one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy.engine import Engine
from sqlmodel import Session

from config.settings import Settings
from models import printjobs, queue, staff
from models.authority import Actor
from models.calendar import HoursStatus, OfficeCalendar
from models.clock import require_aware
from models.db import read_scope, session_scope
from models.enums import StaffRole
from models.views import TicketFacts, VisitView

if TYPE_CHECKING:
    from models.alerts import AlertView

T = TypeVar("T")


@dataclass(frozen=True)
class KioskState:
    """What the kiosk's welcome screen needs to know, polled every few seconds."""

    hours: HoursStatus
    """Open or closed, until when, and why."""
    paused: bool
    """Staff paused check-ins."""
    printer_state: str
    """This kiosk's printer: ok, paper_low, paper_out, offline or unknown."""

    @property
    def takes_check_ins(self) -> bool:
        """Open and not paused."""
        return self.hours.is_open and not self.paused


def kiosk_state(engine: Engine, settings: Settings, now: dt.datetime | None = None) -> KioskState:
    """Opening hours (with overrides and closures), pause switch and printer state."""
    now = require_aware(now)
    with read_scope(engine) as session:
        calendar = queue.office_calendar(session=session, settings=settings, now=now)
        paused = queue.checkins_paused(session=session, settings=settings)
        printer = printjobs.printer_state(
            session=session, settings=settings, station=settings.kiosk.station
        )
    return KioskState(hours=calendar.status(now), paused=paused, printer_state=printer.state)


def kiosk_check_in(
    engine: Engine,
    settings: Settings,
    *,
    service_code: str,
    language: str,
    needs: Iterable[str],
    interpreter_language: str | None,
    name: str | None,
    now: dt.datetime | None = None,
) -> TicketFacts:
    """A visitor's check-in at this kiosk, with its ticket queued on this kiosk's printer."""
    with session_scope(engine) as session:
        return queue.check_in(
            session=session,
            settings=settings,
            service_code=service_code,
            language=language,
            needs=needs,
            interpreter_language=interpreter_language,
            name=name,
            print_at=settings.kiosk.station,
            now=now,
        )


def ask_for_help(engine: Engine, settings: Settings, now: dt.datetime | None = None) -> int:
    """ "I need help now" from this kiosk: an alert naming it. Returns the alert id."""
    from models import alerts

    with session_scope(engine) as session:
        return alerts.help_now(
            session=session, settings=settings, station=settings.kiosk.station, now=now
        )


def print_job(engine: Engine, job_id: int) -> printjobs.PrintJobView:
    """A print job's current state (the ticket screen follows it)."""
    with read_scope(engine) as session:
        return printjobs.get_print_job(session=session, job_id=job_id)


def reprint(
    engine: Engine, settings: Settings, *, visit_id: int, actor: str, now: dt.datetime | None = None
) -> int:
    """Queue another copy of a ticket on this kiosk's printer."""
    with session_scope(engine) as session:
        return printjobs.request_reprint(
            session=session,
            settings=settings,
            visit_id=visit_id,
            station=settings.kiosk.station,
            actor=actor,
            now=now,
        )


def set_checkins_paused(
    engine: Engine, settings: Settings, *, paused: bool, by: str, now: dt.datetime | None = None
) -> None:
    """Pause or resume this site's kiosk check-ins (`models.office.set_checkins_paused`)."""
    from models import office

    with session_scope(engine) as session:
        office.set_checkins_paused(
            session=session, settings=settings, paused=paused, by=by, now=now
        )


def sign_in(
    engine: Engine, *, code: str, pin: str, now: dt.datetime | None = None
) -> staff.SignInResult:
    """Check a staff code and PIN (failures are counted in the database).

    Three steps, so the slow hash holds no lock: read the account, hash the PIN with no
    transaction open, then record the outcome in a short write.
    """
    now = require_aware(now)
    with read_scope(engine) as session:
        account = staff.find_account(session=session, code=code)
    check = staff.check_pin(account, pin)
    with session_scope(engine) as session:
        return staff.record_sign_in(session=session, check=check, now=now)


def add_staff(
    engine: Engine,
    *,
    code: str,
    name: str,
    role: str,
    pin: str,
    by: Actor,
    now: dt.datetime | None = None,
) -> staff.StaffView:
    """Create a staff account (`by` a supervisor or the operator), hashing the PIN
    before the write transaction."""
    hashed = staff.hash_pin(pin)
    with session_scope(engine) as session:
        return staff.add_staff(
            session=session, code=code, name=name, role=StaffRole(role), pin=hashed, by=by, now=now
        )


def unit(engine: Engine, rule: Callable[..., T], /, **arguments: Any) -> T:
    """Run one rule that writes (a function taking a keyword-only `session`) in its own
    write transaction."""
    with session_scope(engine) as session:
        return rule(session=session, **arguments)


def read(engine: Engine, rule: Callable[..., T], /, **arguments: Any) -> T:
    """Run one rule that only reads in its own read-only transaction (waits for no writer)."""
    with read_scope(engine) as session:
        return rule(session=session, **arguments)


@dataclass(frozen=True)
class ConsoleSnapshot:
    """Everything a staff console shows, read in one transaction."""

    queue: list[VisitView]
    """Today's open visits, longest waiting first."""
    alerts: list[AlertView]
    """Unacknowledged alerts, oldest first."""
    hours: HoursStatus
    """Open or closed, until when, overrides."""
    printers: list[printjobs.PrinterStateView]
    """Each kiosk printer's state."""
    checkins_paused: bool = False
    """Staff paused check-ins: the kiosks turn visitors away though the office is open."""


def console_snapshot(
    engine: Engine,
    settings: Settings,
    now: dt.datetime | None = None,
    *,
    desk: str | None = None,
    staff: tuple[str, str] | None = None,
) -> ConsoleSnapshot:
    """Raise any alerts now due, then read the queue, alerts, hours and printers.

    Args:
        desk: The console's desk and `staff` who is signed in there (code, name): the
            supervisor's desk list shows them (`models.desks`).
    """
    from models import alerts, desks

    now = require_aware(now)
    seen = (desk, *staff) if desk is not None and staff is not None else None
    with read_scope(engine) as session:
        # One calendar for the check and the hours line: this runs every second per console.
        calendar = queue.office_calendar(session=session, settings=settings, now=now)
        heartbeat = seen is not None and desks.seen_due(
            session=session, settings=settings, desk=seen[0], staff_code=seen[1], now=now
        )
        if not heartbeat and not alerts.due_alerts(
            session=session, settings=settings, now=now, calendar=calendar
        ):
            return _snapshot(session, settings, now, calendar)
    # Now and then an alert falls due, or the desk's heartbeat (every few seconds): write
    # them in a short transaction (several consoles may race to raise an alert; its key
    # lets one win), then read everything afresh.
    with session_scope(engine) as session:
        if seen is not None:
            desks.desk_seen(
                session=session,
                settings=settings,
                desk=seen[0],
                staff_code=seen[1],
                staff_name=seen[2],
                now=now,
            )
        alerts.scan_alerts(session=session, settings=settings, now=now)
    with read_scope(engine) as session:
        calendar = queue.office_calendar(session=session, settings=settings, now=now)
        return _snapshot(session, settings, now, calendar)


def raise_due_alerts(engine: Engine, settings: Settings, now: dt.datetime | None = None) -> int:
    """Raise the time-based alerts now due; return how many (a locked console's scan).

    A locked console shows nothing, yet its alerts must be there, with the time each
    fell due, when staff unlock it: it runs this every few seconds instead of reading
    the queue. Only reads unless one is due, like `console_snapshot`.
    """
    from models import alerts

    now = require_aware(now)
    with read_scope(engine) as session:
        if not alerts.due_alerts(session=session, settings=settings, now=now):
            return 0
    with session_scope(engine) as session:
        return alerts.scan_alerts(session=session, settings=settings, now=now)


def _snapshot(
    session: Session, settings: Settings, now: dt.datetime, calendar: OfficeCalendar
) -> ConsoleSnapshot:
    from models import alerts

    return ConsoleSnapshot(
        queue=queue.live_queue(session=session, settings=settings, now=now),
        alerts=alerts.open_alerts(session=session, settings=settings),
        hours=calendar.status(now),
        printers=printjobs.printer_states(session=session, settings=settings),
        checkins_paused=queue.checkins_paused(session=session, settings=settings),
    )
