"""The staff console: the live queue, the 15-minute target, alerts and opening hours.

`make_console_app` builds it (the CLI and the tests use it). All database work runs in
thread workers that call `models.api`; the refresh never overlaps itself: a worker reads
a snapshot, the screen renders it, and only then is the next refresh scheduled.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from platformdirs import user_data_dir
from textual import on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import Hit, Hits, Provider
from textual.timer import Timer
from textual.worker import get_current_worker

from appbase.app import CRASH_EXIT_CODE, FrontdeskApp
from appbase.database import DatabaseStatus
from appbase.failures import DatabaseUnavailable, Failure, is_database_error
from appbase.idle import WARNING_SECONDS
from appbase.launcher import run_app
from appbase.logs import configure_logging
from config.settings import Settings
from models.clock import utcnow
from models.errors import DomainError
from staff_console.desk import DeskState
from staff_console.forms import (
    Closure,
    DeskServices,
    NewPin,
    NewStaff,
    Resolution,
    StaffActive,
    Transfer,
    WalkIn,
)
from staff_console.messages import (
    AdminTaskRequested,
    AlertAcknowledged,
    CallNextRequested,
    CheckinsPauseRequested,
    FindRequested,
    HoursChangeRequested,
    LockRequested,
    UndoRequested,
    VisitAction,
    VisitActionRequested,
    VisitSelected,
    WalkInRequested,
)
from staff_console.screens.dialogs import (
    ConfirmDialog,
    FormDialog,
    ResolveDialog,
    TransferDialog,
    WalkInDialog,
)
from staff_console.screens.queue import QueueScreen
from staff_console.screens.signin import SignInScreen
from staff_console.screens.supervisor import SupervisorScreen

if TYPE_CHECKING:
    from models.api import ConsoleSnapshot
    from models.changes import ChangeWatcher
    from models.staff import StaffView
    from models.views import VisitView

log = logging.getLogger("frontdesk.console")


class QueueCommands(Provider):
    """The command palette offers every queue action, by its name."""

    # `self.screen` is the screen the palette was opened from: while it searches,
    # `self.app.screen` is the palette itself (which is why "call" used to find nothing).

    async def discover(self) -> Hits:
        """Every queue action, before anything is typed."""
        for binding in self._bindings():
            yield Hit(
                1, binding.description, self._runner(binding.action), help=self._keys(binding)
            )

    async def search(self, query: str) -> Hits:
        """Match the queue screen's actions by name ("call" finds "Call next")."""
        matcher = self.matcher(query)
        for binding in self._bindings():
            score = matcher.match(binding.description)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(binding.description),
                    self._runner(binding.action),
                    help=self._keys(binding),
                )

    def _bindings(self) -> list[Binding]:
        if not isinstance(self.screen, QueueScreen):
            return []
        return [b for b in QueueScreen.BINDINGS if isinstance(b, Binding) and b.description]

    @staticmethod
    def _keys(binding: Binding) -> str:
        from staff_console.screens.help import key_label

        return f"key {key_label(binding.key)}"

    def _runner(self, action: str) -> Callable[[], Any]:
        screen = self.screen

        async def run() -> None:
            await screen.run_action(action)

        return run


REFRESH_SECONDS = 1.0
"""How often the queue is read while changes cannot be heard (plain polling)."""
LISTENING_REFRESH_SECONDS = 5.0
"""How often it is read anyway while changes are heard (`models.changes`): a change
itself is read at once; this keeps the times and the time-based alerts moving."""
LOCKED_SCAN_SECONDS = 5.0
"""How often a locked console raises the time-based alerts falling due (it reads nothing
else): each is stamped with when it fell due, so this is only how soon it exists."""


class StaffConsoleApp(FrontdeskApp):
    """Reception staff's terminal console.

    Args:
        settings: The validated configuration.
        desk: This terminal's desk name (the visitor is called to it).
        database_url: Overrides `settings.database.url` (tests).
        clock: Now, as aware UTC (tests move it by hand).
    """

    LOG_NAME = "frontdesk.console"
    CSS_PATH = "console.tcss"
    TITLE = "frontdesk staff console"
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = App.COMMANDS | {
        QueueCommands
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit_console", "Quit", show=False, priority=True)
    ]

    def __init__(
        self,
        settings: Settings,
        *,
        desk: str,
        database_url: str | None = None,
        clock: Callable[[], dt.datetime] = utcnow,
        previous_failure: Failure | None = None,
    ) -> None:
        super().__init__(
            settings, database_url=database_url, clock=clock, previous_failure=previous_failure
        )
        self.desk = desk
        self.state = DeskState(
            settings,
            desk,
            clock,
            engine=self.require_engine,
            database_where=lambda: self.database_where,
        )
        """What the screens show (handed down to each; only the app changes it)."""
        self.current_visit_id: int | None = None
        """The visitor this desk called or is serving."""
        self.last_ending: tuple[int, str, dt.datetime] | None = None
        """(visit id, ticket, when) of this console's last resolve, no-show or cancel."""
        self.seen_alerts: set[int] = set()
        self.bells = 0
        """How many times a new alert rang the bell (tests read it)."""
        self.export_dir = Path(user_data_dir("frontdesk", appauthor=False)) / "exports"
        """Where a visitor's data is exported for a subject access request."""
        self._refresh_timer: Timer | None = None
        self._changes: ChangeWatcher | None = None
        self._watching_changes = False
        self.refresh_by_itself = True
        """The queue is read again by itself (each second, and on a change elsewhere).
        A snapshot test turns it off to hold the picture still."""

    # --- start-up, sign-in, lock ----------------------------------------------------

    def on_mount(self) -> None:
        """Ask who is there; open the database meanwhile."""
        self.push_screen(SignInScreen(self.state))
        self.start_database()
        self.start_idle_lock(
            lambda: self.settings.staff.lock_minutes,
            f"The console locks in {WARNING_SECONDS} seconds. Press any key to stay signed in.",
        )

    def database_went(self, status: DatabaseStatus) -> None:
        """Back: refresh at once. Away: the last queue stays, read-only, under a banner."""
        if not status.online:
            return
        if not self._watching_changes:
            self._watching_changes = True
            self.watch_changes()  # once: it rides out later outages by itself
        if self.state.staff is not None:
            self.refresh_queue()
        else:
            self.scan_while_locked()

    def signed_in(self, staff: StaffView | None, message: str) -> None:
        """Show the queue to the one signed in, or say why not on the sign-in screen."""
        screen = self.screen
        if staff is None:
            if isinstance(screen, SignInScreen):
                screen.show_error(message)
            return
        self.state.staff = staff
        if self.idle_lock is not None:
            self.idle_lock.touch()
        if isinstance(screen, SignInScreen):
            self.pop_screen()
        if not any(isinstance(s, QueueScreen) for s in self.screen_stack):
            self.push_screen(QueueScreen(self.state))
        self.refresh_queue()

    def is_signed_in(self) -> bool:
        """Someone is signed in at this desk (the idle lock counts only then)."""
        return self.state.staff is not None

    def lock(self) -> None:
        """Hide everything behind the sign-in screen (the lock key, or idle time)."""
        if self.state.staff is None:
            return
        name = self.state.staff.name
        self.state.staff = None
        while not isinstance(self.screen, QueueScreen) and len(self.screen_stack) > 2:
            self.pop_screen()
        self.push_screen(SignInScreen(self.state, locked_by=name))

    # --- the refresh loop ---------------------------------------------------------------

    @work(thread=True, exit_on_error=False, exclusive=True, group="refresh")
    def refresh_queue(self) -> None:
        """Read a snapshot (raising any alerts now due) and hand it to the screen."""
        from models import api

        staff = self.state.staff
        try:
            snapshot = api.console_snapshot(
                self.require_engine(),
                self.settings,
                self.clock(),
                desk=self.desk,
                staff=(staff.code, staff.name) if staff is not None else None,
            )
        except Exception as error:
            if not is_database_error(error):
                raise
            # The banner says so; the last queue stays on screen, read-only. The health
            # thread looks again at once and refreshing starts again when it is back.
            self.check_database_now()
            self.call_from_worker(self._schedule_refresh, REFRESH_SECONDS * 2)
            return
        self.call_from_worker(self._render_snapshot, snapshot)

    def _render_snapshot(self, snapshot: ConsoleSnapshot) -> None:
        self.state.snapshot = snapshot
        new = {a.id for a in snapshot.alerts} - self.seen_alerts
        if new:
            self.bells += 1
            self.bell()
        self.seen_alerts |= {a.id for a in snapshot.alerts}
        for screen in self.screen_stack:
            if isinstance(screen, QueueScreen) and self.state.staff is not None:
                screen.show(snapshot, self.clock())
        shown = self.state.panel_visit
        if shown is not None and shown.id == self.state.selected_visit_id:
            row = next((v for v in snapshot.queue if v.id == shown.id), None)
            if row is not None and (row.status, row.desk) != (shown.status, shown.desk):
                self.load_panel(shown.id)  # changed elsewhere: read the full record again
        # The next refresh is scheduled only now, so refreshes never overlap.
        listening = self.listening_for_changes
        self._schedule_refresh(LISTENING_REFRESH_SECONDS if listening else REFRESH_SECONDS)

    def _schedule_refresh(self, seconds: float) -> None:
        # One timer at a time.
        if self._refresh_timer is not None:
            self._refresh_timer.stop()
        self._refresh_timer = self.set_timer(seconds, self._next_refresh)

    @work(thread=True, exit_on_error=False, group="changes")
    def watch_changes(self) -> None:
        """Read the queue as soon as another terminal changes it (`models.changes`)."""
        from models.changes import ChangeWatcher

        worker = get_current_worker()
        watcher = self._changes = ChangeWatcher(self.require_engine())
        try:
            while not worker.is_cancelled:
                if watcher.wait(1.0) and not worker.is_cancelled:
                    self.call_from_worker(self._changed_elsewhere)
        finally:
            watcher.close()

    def on_unmount(self) -> None:
        """Stop waiting for changes."""
        if self._changes is not None:
            self._changes.stop()

    @property
    def listening_for_changes(self) -> bool:
        """Changes made elsewhere are heard at once (`models.changes`), not polled."""
        return self._changes is not None and self._changes.listening

    def _changed_elsewhere(self) -> None:
        # A locked console has nothing to redraw: its timed scan is enough.
        if self.state.staff is not None:
            self._next_refresh()

    def _next_refresh(self) -> None:
        # While the database is offline the loop rests; `database_went` starts it again.
        if not (self.refresh_by_itself and self.database_status.online):
            return
        if self.state.staff is not None:
            self.refresh_queue()
        else:
            self.scan_while_locked()

    @work(thread=True, exit_on_error=False, exclusive=True, group="refresh")
    def scan_while_locked(self) -> None:
        """Locked, or nobody signed in yet: raise the alerts falling due, show nothing.

        The time-based alerts are raised by the consoles (docs/design.md, "Alerts are
        raised by every console, locked or not"): staff who unlock find each one there,
        stamped with when it fell due, instead of all at once at the unlock.
        """
        from models import api

        try:
            api.raise_due_alerts(self.require_engine(), self.settings, self.clock())
        except Exception as error:
            if not is_database_error(error):
                raise
            self.check_database_now()
            self.call_from_worker(self._schedule_refresh, REFRESH_SECONDS * 2)
            return
        self.call_from_worker(self._schedule_refresh, LOCKED_SCAN_SECONDS)

    # --- actions on visits, asked for by the screens ----------------------------------

    def _actor(self) -> str:
        return self.state.staff.code if self.state.staff else "?"

    @work(thread=True, exit_on_error=False, group="action")
    def run_rule(
        self,
        rule: Callable[..., Any],
        done: str | None,
        after: Callable[[Any], None] | None = None,
        refused: Callable[[str], None] | None = None,
        **arguments: Any,
    ) -> None:
        """Run one rule in its own transaction; say what happened; refresh.

        Args:
            refused: Where a refusal is said (a dialog's error line, so the dialog and
                its inputs stay); a notification when None.
        """
        from models import api, staff

        try:
            if isinstance(arguments.get("pin"), str):
                # Hashing a PIN is slow: done here, before the write transaction opens.
                arguments["pin"] = staff.hash_pin(arguments["pin"])
            result = api.unit(self.require_engine(), rule, **arguments)
        except DomainError as refusal:
            if refused is not None:
                self.call_from_worker(refused, str(refusal))
            else:
                self.call_from_worker(self.notify, str(refusal), severity="warning", markup=False)
            return
        except Exception as error:
            if not is_database_error(error):
                raise
            self.check_database_now()
            self.call_from_worker(self._refused_offline, error)
            return
        if done:
            self.call_from_worker(self.notify, done, markup=False)
        if after is not None:
            self.call_from_worker(after, result)
        self.call_from_worker(self.refresh_queue)

    def _refused_offline(self, error: BaseException) -> None:
        reason = str(error) if isinstance(error, DatabaseUnavailable) else ""
        self.notify(
            f"Nothing was changed: the database cannot be reached. {reason}".strip(),
            severity="error",
            markup=False,
        )

    def _now(self) -> dt.datetime:
        return self.clock()

    @on(CallNextRequested)
    def call_next_visitor(self) -> None:
        """Call the next visitor for this desk."""
        from models import queue

        def called(visit: VisitView | None) -> None:
            if visit is None:
                self.notify("Nobody is waiting for this desk.", markup=False)
                return
            self.current_visit_id = visit.id
            self.notify(f"Calling {visit.ticket} to {self.desk}.", markup=False)
            self.select_visit(visit.id, point=True)

        self.run_rule(
            queue.call_next,
            None,
            called,
            settings=self.settings,
            desk=self.desk,
            staff=self._actor(),
            now=self._now(),
        )

    @on(VisitActionRequested)
    def _visit_action(self, message: VisitActionRequested) -> None:
        self.visit_action(message.action, message.visit_id)

    def visit_action(self, action: VisitAction, visit_id: int) -> None:
        """Call, recall, serve, hold, resume, no-show, cancel, reprint, resolve, transfer."""
        from models import printjobs, queue

        common = {"settings": self.settings, "visit_id": visit_id, "now": self._now()}
        desk = {"desk": self.desk, "staff": self._actor()}

        became_current, changed, finished = self._became_current, self._changed, self._finished
        simple: dict[str, tuple[Callable[..., Any], str, Callable[[Any], None]]] = {
            "call": (queue.call_visit, "Called.", became_current),
            "recall": (queue.recall, "Called again.", became_current),
            "serve": (queue.start_serving, "Serving.", became_current),
            "hold": (queue.hold, "On hold.", changed),
            "resume": (queue.resume, "Back in the queue.", changed),
            "no_show": (queue.no_show, "", finished),
            "cancel": (queue.cancel, "", finished),
        }
        if action in simple:
            rule, done, after = simple[action]
            self.run_rule(rule, done or None, after, **common, **desk)
        elif action == "reprint":
            station = self.settings.kiosk.station
            self.run_rule(
                printjobs.request_reprint,
                f"Reprinting at {station}.",
                settings=self.settings,
                visit_id=visit_id,
                station=station,
                actor=self._actor(),
                now=self._now(),
            )
        elif action == "transfer":
            from models import desks as desks_model

            # The dialog offers the desks there are, and who is at each, read first.
            self.run_rule(
                desks_model.desk_statuses,
                None,
                lambda statuses: self.push_screen(TransferDialog(self.state, visit_id, statuses)),
                settings=self.settings,
                now=self._now(),
            )
        elif action == "resolve":
            self.push_screen(ResolveDialog(self.state, visit_id))

    def _became_current(self, visit: VisitView) -> None:
        self.current_visit_id = visit.id
        self.select_visit(visit.id)

    def _changed(self, visit: VisitView) -> None:
        if self.current_visit_id == visit.id:
            self.current_visit_id = None
        self.select_visit(visit.id)

    def _finished(self, visit: VisitView) -> None:
        # The panel keeps the ended visit (and z undoes it) until the highlight moves.
        self._changed(visit)
        self.last_ending = (visit.id, visit.ticket, self.clock())
        self.notify(
            f"{visit.ticket}: {visit.status.replace('_', ' ')}. Press z within a minute to undo.",
            markup=False,
        )

    @on(FormDialog.Submitted)
    def _form_submitted(self, message: FormDialog.Submitted) -> None:
        """A resolve, transfer or walk-in form: the dialog stays until the rule accepts it."""
        from models import queue

        dialog, form = message.dialog, message.form
        at_desk = {"desk": self.desk, "staff": self._actor()}
        rule: Callable[..., Any]
        if isinstance(form, Resolution):
            rule, label, after, extra = queue.resolve, None, self._finished, at_desk
        elif isinstance(form, Transfer):
            rule, label, after, extra = (
                queue.transfer,
                "Transferred with notes.",
                self._changed,
                at_desk,
            )
        elif isinstance(form, WalkIn):
            rule, label, extra = queue.add_walk_in, "Added to the queue.", {"staff": self._actor()}
            after = None
        else:
            raise TypeError(f"no rule for {type(form).__name__}")

        def accepted(result: Any) -> None:
            dialog.done()
            if after is not None:
                after(result)

        self.run_rule(
            rule,
            label,
            accepted,
            dialog.error,
            settings=self.settings,
            now=self._now(),
            **extra,
            **asdict(form),
        )

    def select_visit(self, visit_id: int, *, point: bool = False) -> None:
        """Make `visit_id` the visitor the keys act on, and read its full record.

        Args:
            point: also move the queue's highlight to them (a call, a find).
        """
        self.state.selected_visit_id = visit_id
        for screen in self.screen_stack:
            if isinstance(screen, QueueScreen) and screen.ready:
                if point:
                    screen.point_at(visit_id)
                else:
                    screen.show_selection()
        self.load_panel(visit_id)

    @on(VisitSelected)
    def _visit_selected(self, message: VisitSelected) -> None:
        self.select_visit(message.visit_id)

    @on(UndoRequested)
    def undo_last_ending(self) -> None:
        """Undo this console's last resolve, no-show or cancel, within a minute."""
        from models import undo

        if self.last_ending is None:
            self.notify("Nothing to undo.", severity="warning", markup=False)
            return
        visit_id, ticket, _when = self.last_ending

        def undone(visit: VisitView) -> None:
            self.last_ending = None
            self.current_visit_id = visit.id
            self.select_visit(visit.id, point=True)

        self.run_rule(
            undo.undo_end,
            f"Undone: {ticket} is open again.",
            undone,
            settings=self.settings,
            visit_id=visit_id,
            desk=self.desk,
            staff=self._actor(),
            now=self._now(),
        )

    @on(LockRequested)
    def _lock_requested(self) -> None:
        self.lock()

    async def action_quit_console(self) -> None:
        """Quit; while a visitor is called to this desk, ask first."""
        waiting_for_us = self.state.called_here()
        if not waiting_for_us:
            self.exit()
            return
        tickets = ", ".join(v.ticket for v in waiting_for_us)

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self.exit()

        self.push_screen(
            ConfirmDialog(
                f"{tickets} {'is' if len(waiting_for_us) == 1 else 'are'} called to "
                f"{self.desk}. Quit anyway? Nobody will see them here.",
                "Quit",
            ),
            answered,
        )

    @work(thread=True, exit_on_error=False, exclusive=True, group="panel")
    def load_panel(self, visit_id: int) -> None:
        """Read a visit's full record (notes from earlier desks, history) for the panel."""
        from models import api, queue

        try:
            visit = api.read(
                self.require_engine(),
                queue.get_visit,
                settings=self.settings,
                visit_id=visit_id,
                now=self.clock(),
            )
        except DomainError:
            return
        self.call_from_worker(self._show_panel, visit)

    def _show_panel(self, visit: VisitView) -> None:
        if visit.id != self.state.selected_visit_id:
            return  # the selection moved on while this was read
        self.state.panel_visit = visit
        for screen in self.screen_stack:
            if isinstance(screen, QueueScreen):
                screen.show_panel()

    @on(WalkInRequested)
    def open_walk_in(self) -> None:
        """Add a walk-in or phone-in (the dialog's form comes back as `Submitted`)."""
        self.push_screen(WalkInDialog(self.state))

    @on(FindRequested)
    def _find(self, message: FindRequested) -> None:
        """Select the visit a ticket number or QR reference names."""
        from models import queue

        self.run_rule(
            queue.find_visit,
            None,
            lambda visit: self.select_visit(visit.id, point=True),
            settings=self.settings,
            query=message.find.query,
            now=self._now(),
        )

    @on(AlertAcknowledged)
    def _acknowledge(self, message: AlertAcknowledged) -> None:
        """Acknowledge an alert (the time taken is recorded)."""
        from models import alerts

        self.run_rule(
            alerts.acknowledge_alert,
            "Alert acknowledged.",
            alert_id=message.alert_id,
            staff=self._actor(),
            now=self._now(),
        )

    @on(HoursChangeRequested)
    def _change_hours(self, message: HoursChangeRequested) -> None:
        """Close early or extend today (the rule lets supervisors only)."""
        from models import office

        self.run_rule(
            office.set_closing_time,
            "Today's hours changed; the kiosk follows within a minute.",
            settings=self.settings,
            by=self._actor(),
            now=self._now(),
            closes=message.change.closes,
            reason=message.change.reason,
        )

    @on(CheckinsPauseRequested)
    def _pause_check_ins(self, message: CheckinsPauseRequested) -> None:
        """Pause or resume the kiosks' check-ins (any member of staff, as at the kiosk)."""
        from models import office

        self.run_rule(
            office.set_checkins_paused,
            "Check-ins paused: the kiosks turn visitors away until resumed."
            if message.paused
            else "Check-ins resumed: the kiosks take visitors again.",
            settings=self.settings,
            paused=message.paused,
            by=self._actor(),
            now=self._now(),
        )

    @on(AdminTaskRequested)
    def _admin_task(self, message: AdminTaskRequested) -> None:
        """Run one supervisor task, then read the supervisor screen's tables again."""
        from models import admin, queue, staff
        from models.enums import StaffRole

        task, by = message.task, self._actor()

        def reload(_: object) -> None:
            for screen in self.screen_stack:
                if isinstance(screen, SupervisorScreen):
                    screen.load()

        if isinstance(task, NewStaff):
            role = StaffRole(task.role)
            self.run_rule(
                staff.add_staff,
                "Account added.",
                reload,
                code=task.code,
                name=task.name,
                role=role,
                pin=task.pin,
                by=by,
                now=self._now(),
            )
        elif isinstance(task, StaffActive):
            self.run_rule(
                staff.set_active,
                "Account updated.",
                reload,
                code=task.code,
                active=task.active,
                by=by,
            )
        elif isinstance(task, NewPin):
            self.run_rule(
                staff.set_pin,
                "PIN changed; the account is unlocked.",
                reload,
                by=by,
                code=task.code,
                pin=task.pin,
            )
        elif isinstance(task, DeskServices):
            self.run_rule(
                admin.save_desk,
                "Desk saved.",
                reload,
                settings=self.settings,
                by=by,
                name=task.name,
                services=list(task.services),
            )
        elif isinstance(task, Closure):
            self.run_rule(
                admin.add_closure,
                "Closure added; the kiosk follows it.",
                reload,
                settings=self.settings,
                by=by,
                now=self._now(),
                start=task.start,
                end=task.end,
                reason=task.reason,
            )
        else:
            erase = task.erase

            def found(visit: VisitView) -> None:
                if not erase:
                    # Written in the worker: a full disk is a refusal the supervisor
                    # reads, not a crash, and "Exported" is said only once it is.
                    self.run_rule(
                        admin.export_visit_to_file,
                        None,
                        self._exported,
                        settings=self.settings,
                        visit_id=visit.id,
                        by=by,
                        folder=self.export_dir,
                    )
                else:
                    self.run_rule(
                        admin.erase_visit,
                        f"Personal data of {visit.ticket} erased.",
                        None,
                        visit_id=visit.id,
                        by=by,
                        now=self._now(),
                    )

            self.run_rule(
                queue.find_visit,
                None,
                found,
                settings=self.settings,
                query=task.query,
                now=self._now(),
            )

    def _exported(self, path: Path) -> None:
        self.notify(f"Exported to {path}", markup=False)


def make_console_app(
    settings: Settings,
    *,
    desk: str,
    database_url: str | None = None,
    clock: Callable[[], dt.datetime] = utcnow,
    previous_failure: Failure | None = None,
) -> StaffConsoleApp:
    """Build the console from settings: the one factory the CLI and the tests use."""
    return StaffConsoleApp(
        settings,
        desk=desk,
        database_url=database_url,
        clock=clock,
        previous_failure=previous_failure,
    )


def run_console(settings: Settings, *, desk: str) -> int:
    """Run the console until staff quit it, starting it again after a crash.

    Returns 0 when staff quit, 70 after repeated crashes (with a sentence on stderr).
    """
    log_path = configure_logging(settings.console.log_file, "console")
    status = run_app(
        lambda failure: make_console_app(settings, desk=desk, previous_failure=failure),
        restart=lambda app: False,
    )
    if status == CRASH_EXIT_CODE:
        print(
            f"The staff console stopped after repeated errors; the details are in {log_path}.",
            file=sys.stderr,
        )
    return status
