"""The spool: sends a kiosk's print jobs, retries failures, never prints late.

The kiosk runs `Spool.run_forever` in a background thread. Each pass:
1. asks the database for due jobs (stale ones are discarded there, never printed);
2. if there are any, checks the printer's status and sends them one by one, marking
   each printed, or failed with the reason and a retry time (backoff);
3. records the printer's state, which raises a staff alert when it turns to a fault.
When idle it still checks the printer every `IDLE_CHECK_SECONDS`, so staff hear about
an empty roll before the next visitor does.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.engine import Engine

from config.settings import Settings
from models.clock import utcnow
from models.db import session_scope
from models.printjobs import (
    PrintJobView,
    due_print_jobs,
    mark_failed,
    mark_printed,
    record_printer_state,
    ticket_facts,
)
from models.tables import PrinterState
from printing.connections import Printer, PrinterUnavailable, StatusReport, open_printer
from printing.tickets import render_ticket, ticket_content

IDLE_CHECK_SECONDS = 30.0
"""How often an idle spool asks the printer how it is."""
POLL_SECONDS = 0.5
"""How often the spool looks for new jobs."""

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SpoolPass:
    """What one pass of the spool did."""

    printed: tuple[int, ...] = ()
    """Ids of jobs printed."""
    failed: tuple[int, ...] = ()
    """Ids of jobs that failed and will be retried."""
    report: StatusReport | None = None
    """The printer's status, if it was asked."""


class Spool:
    """Prints one kiosk station's jobs.

    Args:
        engine: The queue's database.
        settings: The configuration (printer, stale minutes, station name).
        printer: The printer; by default the configured one.
        clock: Now, as aware UTC (tests pass their own).
    """

    def __init__(
        self,
        engine: Engine,
        settings: Settings,
        printer: Printer | None = None,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self.engine = engine
        self.settings = settings
        self.printer = printer or open_printer(settings.printer)
        self.clock = clock
        self.station = settings.kiosk.station
        """The kiosk whose jobs this spool prints."""

    def _record(self, report: StatusReport) -> None:
        with session_scope(self.engine) as session:
            record_printer_state(
                session=session,
                settings=self.settings,
                station=self.station,
                state=report.state,
                detail=report.detail,
                now=self.clock(),
            )

    def check_printer(self) -> StatusReport:
        """Ask the printer how it is and record the answer."""
        report = self.printer.check_status()
        self._record(report)
        return report

    def run_once(self) -> SpoolPass:
        """Send every due job once; returns what happened."""
        now = self.clock()
        with session_scope(self.engine) as session:
            jobs = due_print_jobs(
                session=session, settings=self.settings, station=self.station, now=now
            )
        if not jobs:
            return SpoolPass()
        printed: list[int] = []
        failed: list[int] = []
        report: StatusReport | None = None
        for position, job in enumerate(jobs):
            try:
                report = self._print(job)
            except PrinterUnavailable as unavailable:
                report = unavailable.report
                # The printer is not taking tickets: every remaining job waits its turn.
                for waiting in jobs[position:]:
                    self._fail(waiting, report, attempted=waiting is job)
                    failed.append(waiting.id)
                break
            printed.append(job.id)
        if report is not None:
            self._record(report)
        return SpoolPass(printed=tuple(printed), failed=tuple(failed), report=report)

    def _print(self, job: PrintJobView) -> StatusReport:
        with session_scope(self.engine) as session:
            facts = ticket_facts(session=session, visit_id=job.visit_id)
        content = ticket_content(facts, self.settings)
        data, png = render_ticket(content, self.settings.printer)
        report = self.printer.print_ticket(data, name=content.ticket, png=png)
        with session_scope(self.engine) as session:
            mark_printed(session=session, job_id=job.id, now=self.clock())
        log.info("printed %s (job %s)", content.ticket, job.id)
        return report

    def _fail(self, job: PrintJobView, report: StatusReport, *, attempted: bool) -> None:
        with session_scope(self.engine) as session:
            mark_failed(
                session=session,
                settings=self.settings,
                job_id=job.id,
                reason=report.detail,
                attempted=attempted,
                now=self.clock(),
            )
        log.warning("ticket for visit %s not printed: %s", job.visit_id, report.detail)

    def run_forever(self, stop: threading.Event) -> None:
        """Poll for jobs until `stop` is set; errors are logged, never raised."""
        last_check = -IDLE_CHECK_SECONDS
        while not stop.is_set():
            try:
                result = self.run_once()
                if result.report is not None:
                    last_check = time.monotonic()
                elif time.monotonic() - last_check >= IDLE_CHECK_SECONDS:
                    self.check_printer()
                    last_check = time.monotonic()
            except Exception:  # the spool must outlive any one failure
                log.exception("print spool pass failed")
            stop.wait(POLL_SECONDS)


def describe_state(state: str) -> str:
    """Plain words for a printer state, for staff."""
    return {
        PrinterState.OK: "ready",
        PrinterState.PAPER_LOW: "paper nearly used up",
        PrinterState.PAPER_OUT: "out of paper",
        PrinterState.OFFLINE: "not responding",
        PrinterState.UNKNOWN: "state unknown",
    }.get(PrinterState(state), state)
