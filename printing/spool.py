"""The spool: sends a kiosk's print jobs, retries failures, never prints late.

The kiosk runs `Spool.run_forever` in a background thread. Each pass:
1. asks the database for due jobs (stale ones are discarded there, never printed);
2. if there are any, checks the printer's status and sends them one by one, marking
   each printed, or failed with the reason and a retry time (backoff);
3. records the printer's state, which raises a staff alert when it turns to a fault.
When idle it still checks the printer every `IDLE_CHECK_SECONDS`, so staff hear about
an empty roll before the next visitor does.

A pass that fails (the database away for an hour) is tried again every `POLL_SECONDS`,
but the log hears of it as an outage, not as thousands of tracebacks: the first failure
with its traceback, then one line every `REMINDER_SECONDS`, then one line when passes
work again (`FailureLog`).
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
REMINDER_SECONDS = 300.0
"""While passes keep failing, how often the log is reminded (one line, no traceback)."""

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


def _cause(error: BaseException) -> str:
    """The error in one short line: the driver's own words, without SQLAlchemy's SQL."""
    original = getattr(error, "orig", None) or error
    text = str(original).strip()
    line = text.splitlines()[0][:200] if text else ""
    return f"{type(original).__name__}: {line}" if line else type(original).__name__


class FailureLog:
    """What the log hears of passes that fail and then work again.

    The spool tries again every `POLL_SECONDS`; logging each failure with its traceback
    filled a kiosk's log with about 4.8 KB every half second for as long as the
    database was away. So: the first failure of a run of them with its traceback, then
    at most one line every `REMINDER_SECONDS` saying how many passes have failed since,
    and one line when a pass works again.

    Args:
        monotonic: Seconds on a clock that never goes back (tests drive their own).
    """

    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.monotonic = monotonic
        self.failures = 0
        """Passes failed in a row (0: the spool is working)."""
        self._since = 0.0
        self._reminded = 0.0

    def failed(self, error: BaseException) -> None:
        """A pass raised `error`."""
        moment = self.monotonic()
        self.failures += 1
        if self.failures == 1:
            self._since = self._reminded = moment
            log.error(
                "print spool pass failed; trying again every %.1f s, with a reminder here "
                "every %d minutes while it fails",
                POLL_SECONDS,
                REMINDER_SECONDS // 60,
                exc_info=error,
            )
        elif moment - self._reminded >= REMINDER_SECONDS:
            self._reminded = moment
            log.error(
                "print spool still failing: %d passes failed over %.0f s; the latest: %s",
                self.failures,
                moment - self._since,
                _cause(error),
            )

    def succeeded(self) -> None:
        """A pass worked: say so once if the ones before it failed."""
        if self.failures:
            log.warning(
                "print spool working again after %d failed passes over %.0f s",
                self.failures,
                self.monotonic() - self._since,
            )
            self.failures = 0


class Spool:
    """Prints one kiosk station's jobs.

    Args:
        engine: The queue's database.
        settings: The configuration (printer, stale minutes, station name).
        printer: The printer; by default the configured one.
        clock: Now, as aware UTC (tests pass their own).
        monotonic: Seconds that never go back, for the idle check and the log's
            reminders (tests drive their own).
    """

    def __init__(
        self,
        engine: Engine,
        settings: Settings,
        printer: Printer | None = None,
        clock: Callable[[], dt.datetime] = utcnow,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.engine = engine
        self.settings = settings
        self.printer = printer or open_printer(settings.printer)
        self.clock = clock
        self.monotonic = monotonic
        self.station = settings.kiosk.station
        """The kiosk whose jobs this spool prints."""
        self.failures = FailureLog(monotonic)
        """What the log has been told of failing passes."""
        self._last_check: float | None = None

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
            facts = ticket_facts(session=session, settings=self.settings, visit_id=job.visit_id)
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

    def run_pass(self) -> None:
        """One turn of `run_forever`: due jobs, else the idle printer check.

        Errors are logged through `failures` (briefly while they repeat), never raised.
        """
        try:
            result = self.run_once()
            if result.report is not None:
                self._last_check = self.monotonic()
            elif (
                self._last_check is None
                or self.monotonic() - self._last_check >= IDLE_CHECK_SECONDS
            ):
                self.check_printer()
                self._last_check = self.monotonic()
        except Exception as error:  # the spool must outlive any one failure
            self.failures.failed(error)
        else:
            self.failures.succeeded()

    def run_forever(self, stop: threading.Event) -> None:
        """Poll for jobs until `stop` is set; errors are logged, never raised."""
        while not stop.is_set():
            self.run_pass()
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
