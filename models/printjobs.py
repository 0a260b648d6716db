"""Print jobs and printer state: the database side of the ticket spool.

A job is created with the check-in (`check_in(print_at=...)`) or by a reprint. The
spool asks for due jobs, which first discards the stale ones — the visitor has been
called, or the ticket is older than `printer.stale_minutes` — so a printer that comes
back after an hour never prints a burst of tickets nobody is waiting for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session, col

from config.settings import Settings
from models.calendar import OfficeCalendar
from models.clock import require_aware
from models.errors import NotFound
from models.queue.reading import ticket_facts as ticket_facts
from models.tables import (
    Alert,
    AlertKind,
    PrinterState,
    PrinterStatus,
    PrintJob,
    PrintJobStatus,
    Visit,
    VisitEvent,
    VisitStatus,
)
from models.views import TicketFacts as TicketFacts  # what the printing side renders

MAX_RETRY_SECONDS = 60.0
"""Backoff never waits longer than this between attempts."""
FAULT_STATES = frozenset({PrinterState.PAPER_OUT, PrinterState.OFFLINE})
"""States in which nothing is sent and staff are alerted."""
FAULT_ALERT_KEY = "printer:"
"""How a printer fault alert's key begins (`printer:<station>:<when>`): the alert that
ends by itself once the printer is out of that fault (`models.alerts.open_alerts`),
unlike the paper-low alert (`paper-low:`), which stays until acknowledged."""


@dataclass(frozen=True)
class PrintJobView:
    """A print job as the spool and the apps see it."""

    id: int
    visit_id: int
    station: str
    status: str
    attempts: int
    last_error: str | None
    created_at: dt.datetime
    finished_at: dt.datetime | None
    reprint: bool


@dataclass(frozen=True)
class PrinterStateView:
    """A printer's latest known state."""

    station: str
    state: str
    """A PrinterState value."""
    detail: str | None
    checked_at: dt.datetime | None
    changed_at: dt.datetime | None

    @property
    def is_fault(self) -> bool:
        """Paper out or offline: tickets are not printing."""
        return self.state in FAULT_STATES


def _job_view(job: PrintJob) -> PrintJobView:
    assert job.id is not None
    return PrintJobView(
        id=job.id,
        visit_id=job.visit_id,
        station=job.station,
        status=job.status,
        attempts=job.attempts,
        last_error=job.last_error,
        created_at=job.created_at,
        finished_at=job.finished_at,
        reprint=job.reprint,
    )


def due_print_jobs(
    *, session: Session, settings: Settings, station: str, now: dt.datetime | None = None
) -> list[PrintJobView]:
    """Jobs for `station` to try now, in arrival order, after discarding stale ones.

    When any job is due, every waiting job of the station is: a new ticket must not
    print before an older one still in its retry backoff (after an outage, A001
    before S001, as the visitors arrived).
    """
    now = require_aware(now)
    stale_before = now - dt.timedelta(minutes=settings.printer.stale_minutes)
    rows = session.execute(
        select(PrintJob, col(Visit.status))
        .join(Visit, col(Visit.id) == col(PrintJob.visit_id))
        .where(
            col(PrintJob.station) == station,
            col(PrintJob.status).in_([PrintJobStatus.PENDING, PrintJobStatus.FAILED]),
        )
        .order_by(col(PrintJob.created_at), col(PrintJob.id))
    ).all()
    any_due = any(require_aware(job.next_attempt_at) <= now for job, _ in rows)
    due: list[PrintJobView] = []
    for job, visit_status in rows:
        if job.created_at < stale_before:
            _finish(
                job,
                PrintJobStatus.DISCARDED,
                now,
                "too old to print: the visitor has been waiting without it",
            )
        elif not job.reprint and visit_status != VisitStatus.WAITING:
            _finish(job, PrintJobStatus.DISCARDED, now, f"visit is {visit_status}")
        else:
            if any_due:
                due.append(_job_view(job))
            continue
        session.add(job)
    return due


def _finish(job: PrintJob, status: PrintJobStatus, now: dt.datetime, reason: str | None) -> None:
    job.status = status
    job.finished_at = now
    job.last_error = reason


def _locked_job(session: Session, job_id: int) -> PrintJob:
    job: PrintJob | None = (
        session.execute(select(PrintJob).where(col(PrintJob.id) == job_id).with_for_update())
        .scalars()
        .first()
    )
    if job is None:
        raise NotFound(f"No print job {job_id}.")
    return job


def mark_printed(*, session: Session, job_id: int, now: dt.datetime | None = None) -> None:
    """The printer took the ticket."""
    now = require_aware(now)
    job = _locked_job(session, job_id)
    job.attempts += 1
    _finish(job, PrintJobStatus.PRINTED, now, None)
    session.add(job)


def mark_failed(
    *,
    session: Session,
    settings: Settings,
    job_id: int,
    reason: str,
    attempted: bool = True,
    now: dt.datetime | None = None,
) -> PrintJobView:
    """The attempt failed (or was not made, `attempted=False`): retry after a backoff."""
    now = require_aware(now)
    job = _locked_job(session, job_id)
    if attempted:
        job.attempts += 1
    delay = min(MAX_RETRY_SECONDS, settings.printer.retry_seconds * 2 ** max(0, job.attempts - 1))
    job.status = PrintJobStatus.FAILED
    job.last_error = reason[:500]
    job.next_attempt_at = now + dt.timedelta(seconds=delay)
    session.add(job)
    return _job_view(job)


def get_print_job(*, session: Session, job_id: int) -> PrintJobView:
    """One print job (the kiosk follows its ticket's job with this)."""
    job = session.get(PrintJob, job_id)
    if job is None:
        raise NotFound(f"No print job {job_id}.")
    return _job_view(job)


def failed_print_jobs(
    *, session: Session, settings: Settings, now: dt.datetime | None = None
) -> list[PrintJobView]:
    """Today's jobs that are failing or were discarded unprinted, for staff to reprint."""
    now = require_aware(now)
    calendar = OfficeCalendar(settings)
    today = calendar.local_date(now)
    start = calendar.at(today, dt.time(0, 0))
    rows = session.execute(
        select(PrintJob)
        .join(Visit, col(Visit.id) == col(PrintJob.visit_id))
        .where(
            col(Visit.site) == settings.office.site,
            col(PrintJob.created_at) >= start,
            col(PrintJob.status).in_([PrintJobStatus.FAILED, PrintJobStatus.DISCARDED]),
        )
        .order_by(col(PrintJob.created_at))
    ).scalars()
    return [_job_view(job) for job in rows]


def request_reprint(
    *,
    session: Session,
    settings: Settings,
    visit_id: int,
    station: str,
    actor: str,
    now: dt.datetime | None = None,
) -> int:
    """Queue another copy of a visit's ticket on `station`'s printer; return the job id."""
    now = require_aware(now)
    visit = session.get(Visit, visit_id)
    if visit is None or visit.id is None:
        raise NotFound(f"No visit {visit_id}.")
    job = PrintJob(
        visit_id=visit.id, station=station, created_at=now, next_attempt_at=now, reprint=True
    )
    session.add(job)
    session.add(
        VisitEvent(
            visit_id=visit.id,
            at=now,
            kind="reprint_requested",
            actor=actor,
            from_status=visit.status,
            to_status=visit.status,
            detail={"station": station},
        )
    )
    session.flush()
    assert job.id is not None
    return job.id


def record_printer_state(
    *,
    session: Session,
    settings: Settings,
    station: str,
    state: PrinterState,
    detail: str | None,
    now: dt.datetime | None = None,
) -> bool:
    """Store what the printer said; on a new fault raise a printer alert. True if changed.

    The alert is listed for as long as the printer stays in the fault it was raised for:
    once it answers well again (or turns to another fault, with an alert of its own)
    staff no longer see it (`models.alerts.open_alerts`). The fault's start is the
    state's `changed_at`, which the alert's `raised_at` equals.
    """
    now = require_aware(now)
    site = settings.office.site
    row = session.get(PrinterStatus, (site, station))
    changed = row is None or row.state != state
    if row is None:
        row = PrinterStatus(
            site=site, station=station, state=state, detail=detail, checked_at=now, changed_at=now
        )
    else:
        row.checked_at = now
        row.detail = detail
        if changed:
            row.state = state
            row.changed_at = now
    session.add(row)
    if changed and state in FAULT_STATES:
        words = "is out of paper" if state == PrinterState.PAPER_OUT else "is not responding"
        reason = f" ({detail.rstrip('.')})" if detail and state != PrinterState.PAPER_OUT else ""
        session.add(
            Alert(
                site=site,
                kind=AlertKind.PRINTER,
                key=f"{FAULT_ALERT_KEY}{station}:{now.isoformat()}",
                source=station,
                message=f"The ticket printer at {station} {words}{reason}. Tickets are kept "
                f"and will print when it is fixed; read numbers out meanwhile."[:300],
                raised_at=now,
            )
        )
    elif (
        changed
        and state == PrinterState.PAPER_LOW
        and not _paper_low_alert_open(session, site, station)
    ):
        session.add(
            Alert(
                site=site,
                kind=AlertKind.PRINTER,
                key=f"paper-low:{station}:{now.isoformat()}",
                source=station,
                message=f"Paper low at {station}: change the ticket roll soon.",
                raised_at=now,
            )
        )
    return changed


def _paper_low_alert_open(session: Session, site: str, station: str) -> bool:
    """Whether staff still have this station's paper-low alert (one per roll, not per
    flicker of the near-end sensor)."""
    found = session.execute(
        select(col(Alert.id)).where(
            col(Alert.site) == site,
            col(Alert.kind) == AlertKind.PRINTER,
            col(Alert.key).startswith(f"paper-low:{station}:"),
            col(Alert.acknowledged_at).is_(None),
        )
    ).first()
    return found is not None


def printer_states(*, session: Session, settings: Settings) -> list[PrinterStateView]:
    """Every kiosk printer's latest state at this site."""
    rows = session.execute(
        select(PrinterStatus)
        .where(col(PrinterStatus.site) == settings.office.site)
        .order_by(col(PrinterStatus.station))
    ).scalars()
    return [
        PrinterStateView(
            station=r.station,
            state=r.state,
            detail=r.detail,
            checked_at=r.checked_at,
            changed_at=r.changed_at,
        )
        for r in rows
    ]


def printer_state(*, session: Session, settings: Settings, station: str) -> PrinterStateView:
    """One printer's latest state; unknown until its spool has asked."""
    row = session.get(PrinterStatus, (settings.office.site, station))
    if row is None:
        return PrinterStateView(
            station=station,
            state=PrinterState.UNKNOWN,
            detail=None,
            checked_at=None,
            changed_at=None,
        )
    return PrinterStateView(
        station=station,
        state=row.state,
        detail=row.detail,
        checked_at=row.checked_at,
        changed_at=row.changed_at,
    )
