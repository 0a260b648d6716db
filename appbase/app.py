"""`FrontdeskApp`: the one base of the kiosk, the staff console and the board.

It owns what every app does the same way:

- **Start-up and health.** One thread worker opens the database and upgrades its
  schema, retrying with back-off, then checks it every few seconds
  (`appbase.database.DatabaseLink`). Each change is posted to the app as
  `DatabaseChanged` and kept in the `database_status` reactive, which widgets watch.
  Work never waits for a database that is down: `require_engine` raises
  `DatabaseUnavailable` (a sentence) at once.
- **Errors.** One `_handle_exception` logs the traceback under a reference and closes
  the app, never printing a traceback (its locals may hold a visitor's name). It must
  close: Textual stops the message loop of whatever raised, so a kiosk that carried on
  could be left with a dead Welcome screen. The launcher (`appbase.launcher.run_app`)
  starts a fresh app at once, which shows the person a sentence with the reference, and
  exits with `CRASH_EXIT_CODE` when crashes keep coming. Failed workers, the app's or a
  screen's (`WorkFailed`), do not stop anything: they are logged the same way and the
  person is told in a sentence.
- **What the person was told.** Every notification is kept, newest last, in `notices`
  (the last `NOTICES_KEPT`): tests and the staff menu read it, not Textual's toasts.
- **The idle lock** of an app someone signs in to (`start_idle_lock`): keys and clicks
  postpone it; a warning comes `appbase.idle.WARNING_SECONDS` before; then `lock`.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.app import App
from textual.notifications import SeverityLevel
from textual.reactive import var
from textual.worker import Worker, WorkerState, get_current_worker

from appbase.database import DatabaseLink, DatabaseStatus
from appbase.failures import DatabaseUnavailable, Failure, record
from appbase.idle import IdleLock, IdleVerdict
from appbase.messages import DatabaseChanged, SignInRequested, WorkFailed
from appbase.threads import call_soon_from_worker, post_from_worker
from config.settings import Settings
from models.clock import utcnow

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from models.staff import StaffView

log = logging.getLogger("frontdesk.app")

CRASH_EXIT_CODE = 70
"""Exit status after repeated errors (EX_SOFTWARE): a supervisor such as systemd restarts."""
CRASHED_RETURN_CODE = 1
"""An app closed by an unexpected error returns this (the launcher starts a new one)."""
NOTICES_KEPT = 100
"""How many notifications `FrontdeskApp.notices` keeps (an app runs all day)."""


@dataclass(frozen=True)
class Notice:
    """A notification the app showed: what it said and how urgently."""

    text: str
    severity: SeverityLevel


class FrontdeskApp(App[int]):
    """A frontdesk app: settings, clock, database link, logging and error policy.

    Args:
        settings: The validated configuration.
        database_url: Overrides `settings.database.url` (tests).
        clock: Now, as aware UTC (tests move it by hand).
        previous_failure: The error that closed the app before this one (shown at start).
    """

    LOG_NAME: ClassVar[str] = "frontdesk.app"
    """The logger this app's errors are written to."""

    database_status: var[DatabaseStatus] = var(DatabaseStatus(online=False, where=""), init=False)
    """The database's state as last seen by the health thread (widgets watch it)."""

    def __init__(
        self,
        settings: Settings,
        *,
        database_url: str | None = None,
        clock: Callable[[], dt.datetime] = utcnow,
        previous_failure: Failure | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.previous_failure = previous_failure
        """Why the app before this one closed; the person is told once this one starts."""
        self.failure: Failure | None = None
        """The unexpected error that closed this app, if one did."""
        self.database_url = database_url or settings.database.url
        self.clock = clock
        self.link = DatabaseLink(self.database_url)
        """The database: opened, retried and watched by one thread."""
        self.database_ready = threading.Event()
        """Set once the database has opened (it may go offline again later)."""
        self.offline_since: float | None = time.monotonic()
        """When (monotonic) the database was last seen going away; None while online."""
        self.errors: list[str] = []
        """Unexpected errors since start, by reference (each is in the log file too)."""
        self.notices: deque[Notice] = deque(maxlen=NOTICES_KEPT)
        """The notifications shown, newest last (the last `NOTICES_KEPT`)."""
        self.idle_lock: IdleLock | None = None
        """The idle lock, once `start_idle_lock` has started it."""
        self.idle_warning = ""
        """What the person is told shortly before the idle lock."""
        self.set_reactive(
            FrontdeskApp.database_status,
            DatabaseStatus(online=False, where=self.link.where),
        )

    # --- the database ----------------------------------------------------------------

    @property
    def engine(self) -> Engine | None:
        """The engine, once the database has opened (None before)."""
        return self.link.engine

    @property
    def database_where(self) -> str:
        """The database this app is on, for a staff-facing status line.

        A SQLite file by its name only (the status line is short; the offline sentence
        gives the whole path); PostgreSQL by name and host.
        """
        where = self.link.where
        if not where:
            from models.db import describe_database  # loads SQLAlchemy: not before a paint

            where = describe_database(self.database_url)
        prefix = "SQLite file "
        if where.startswith(prefix):
            return prefix + where.removeprefix(prefix).rsplit("/", 1)[-1]
        return where

    def require_engine(self) -> Engine:
        """The engine, for a worker about to do a unit of work.

        Raises:
            DatabaseUnavailable: The database is not open or not answering now; its text
                is a sentence for staff.
        """
        status = self.link.status
        engine = self.link.engine
        if engine is None or not status.online:
            raise DatabaseUnavailable(status.problem or f"{status.where} is not open yet.")
        return engine

    def start_database(self) -> None:
        """Start the thread that opens the database and then watches its health."""
        self._watch_database()

    @work(thread=True, exit_on_error=False, group="database", name="database")
    def _watch_database(self) -> None:
        worker = get_current_worker()
        self.link.run(worker.cancelled_event, self._post_database_changed)

    def _post_database_changed(self, status: DatabaseStatus) -> None:
        # From the health thread: post_message is thread-safe. A closing app has no
        # loop left to take it, which is fine: nobody is there to be told.
        post_from_worker(self, DatabaseChanged(status))

    @on(DatabaseChanged)
    def _database_changed(self, message: DatabaseChanged) -> None:
        status = message.status
        if status.online:
            self.offline_since = None
            self.database_ready.set()
        elif self.offline_since is None:
            self.offline_since = time.monotonic()
        self.database_status = status
        self.database_went(status)

    def database_went(self, status: DatabaseStatus) -> None:
        """The database came back or went away: the app shows it (apps override)."""

    def check_database_now(self) -> None:
        """A unit of work failed on the database: check its health at once."""
        self.link.check_now()

    def on_unmount(self) -> None:
        """Stop the app's own database work, then let the database's connections go."""
        self.stop_background_work()
        self.link.close()

    def stop_background_work(self) -> None:
        """Stop the threads that outlive a unit of work, and wait for them (apps override).

        Textual only cancels thread workers as an app closes; a thread keeps running
        until it looks. One still at work once the app has gone would reach a database
        that is no longer the app's (a test's or a soak's folder removed, the next app
        started by the launcher).
        """

    def call_from_worker(
        self, callback: Callable[..., object], *args: object, **kwargs: object
    ) -> bool:
        """From a thread worker: run `callback(*args, **kwargs)` on the app's loop soon.

        Never `call_from_thread` in these apps: a worker still running as the app
        closes must hand nothing to it (`appbase.threads` says why). Calls from one
        thread run in order; nothing runs once the app is closing or the worker was
        cancelled. Returns whether the call was handed over.
        """
        return call_soon_from_worker(self, callback, *args, **kwargs)

    # --- sign-in (the console's, and the kiosk's staff PIN) --------------------------

    @on(SignInRequested)
    def _sign_in_requested(self, message: SignInRequested) -> None:
        self.check_sign_in(message.code, message.pin)

    @work(thread=True, exit_on_error=False, exclusive=True, group="sign-in")
    def check_sign_in(self, code: str, pin: str) -> None:
        """Check a code and PIN (failures and locks are kept in the database).

        The answer goes to `signed_in`: the staff member, or None and a sentence (the
        same one whether the code is unknown, the PIN wrong or the account locked; or
        that the database cannot be reached now).
        """
        from models import api

        try:
            result = api.sign_in(self.require_engine(), code=code, pin=pin, now=self.clock())
        except DatabaseUnavailable as offline:
            self.call_from_worker(self.signed_in, None, f"Cannot sign in now. {offline}")
            return
        self.call_from_worker(self.signed_in, result.staff, result.message)

    def signed_in(self, staff: StaffView | None, message: str) -> None:
        """The answer to a sign-in: each app shows it its own way (apps override)."""

    # --- the idle lock ----------------------------------------------------------------

    def start_idle_lock(self, minutes: Callable[[], float], warning: str) -> None:
        """Lock after `minutes()` idle minutes, saying `warning` shortly before.

        Checked every second while someone is signed in (`is_signed_in`); `lock` does it.
        """
        self.idle_lock = IdleLock(self.clock, minutes)
        self.idle_warning = warning
        self.set_interval(1.0, self.check_lock)

    async def on_event(self, event: events.Event) -> None:
        """Keys and clicks postpone the idle lock."""
        if self.idle_lock is not None and isinstance(event, events.Key | events.MouseDown):
            self.idle_lock.touch()
        await super().on_event(event)

    def check_lock(self) -> None:
        """Lock after the idle minutes, with a warning shortly before."""
        if self.idle_lock is None or not self.is_signed_in():
            return
        verdict = self.idle_lock.check()
        if verdict is IdleVerdict.LOCK:
            self.lock()
        elif verdict is IdleVerdict.WARN:
            self.notify(self.idle_warning, severity="warning", markup=False)

    def is_signed_in(self) -> bool:
        """Someone is signed in, so the idle lock counts (apps with a sign-in override)."""
        return False

    def lock(self) -> None:
        """Hide everything behind the sign-in (apps with a sign-in override)."""

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Show a notification and keep it in `notices`."""
        self.notices.append(Notice(message, severity))
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    # --- errors --------------------------------------------------------------------------

    def _handle_exception(self, error: Exception) -> None:
        # Replaces Textual's handler, which prints a traceback with local variables (a
        # visitor's name, a note) when the app closes. Like Textual's, it closes the app:
        # the message loop that raised has stopped. Under run_test the test must learn of
        # it: Textual's run_test re-raises `_exception` when the test's block ends.
        if self._exception is None and self.is_headless:
            self._exception = error
            self._exception_event.set()
        failure = record(logging.getLogger(self.LOG_NAME), "unexpected error", error)
        self.errors.append(f"{failure.reference}: {type(error).__name__}")
        if self.failure is None:
            self.failure = failure
        self._return_code = CRASHED_RETURN_CODE
        self._close_messages_no_wait()

    def on_mount(self) -> None:
        """Tell the person why the app started again, if it did."""
        if self.previous_failure is not None:
            self.call_after_refresh(self.show_crash, self.previous_failure)

    @on(Worker.StateChanged)
    def _app_worker_failed(self, event: Worker.StateChanged) -> None:
        # Every worker runs with exit_on_error=False: a failure is logged and told, and
        # the app carries on.
        worker = event.worker
        if event.state == WorkerState.ERROR and worker.error is not None:
            self._work_failed(worker.name or worker.group, worker.error)

    @on(WorkFailed)
    def _screen_work_failed(self, message: WorkFailed) -> None:
        self._work_failed(message.what, message.error)

    def _work_failed(self, what: str, error: BaseException) -> None:
        failure = record(logging.getLogger(self.LOG_NAME), f"{what} failed", error)
        if not failure.database:
            # Work that met the database away is an outage (the banner or the "not
            # available" screen says so), not a fault of the app.
            self.errors.append(f"{failure.reference}: {what}: {type(error).__name__}")
        if failure.database:
            self.check_database_now()
        self.show_failure(failure)

    def show_failure(self, failure: Failure) -> None:
        """Failed work: tell the person in front of the screen (staff; the kiosk overrides)."""
        self.notify(failure.for_staff, severity="error", markup=False)

    def show_crash(self, failure: Failure) -> None:
        """The app before this one closed after an unexpected error: say so once."""
        self.notify(
            f"The app started again after an unexpected error. {failure.for_staff}",
            severity="error",
            timeout=30,
            markup=False,
        )
