"""The waiting-room board: the latest call in block letters, earlier calls, who waits.

A thin app on `appbase.app.FrontdeskApp`, like the kiosk and the console: the base
opens the database with back-off, checks its health and owns the error policy (an
unexpected error is logged under a reference and the launcher starts a fresh board,
which says so in its status line). Read-only and locked down like the kiosk: no
bindings, no command palette, every action refused. Once the database is open, one
thread worker reads `models.board.board_snapshot` (public fields only) whenever
`models.changes` says the queue changed, and at least every `FALLBACK_SECONDS`; the
screen renders what it gets. While the database cannot be read the board stops showing
the call as current and says "Updating…" quietly, and carries on by itself when the
database is back.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static
from textual.worker import get_current_worker

from appbase.app import CRASH_EXIT_CODE, FrontdeskApp
from appbase.database import DatabaseStatus
from appbase.failures import Failure, is_database_error
from appbase.launcher import run_app
from appbase.logs import configure_logging
from appbase.messages import WorkFailed
from appbase.threads import post_from_worker
from common_ui.bigtext import block_lines
from common_ui.cells import fit_cells
from config.settings import BoardSettings, Settings
from display.speech import Announcement, Announcer
from i18n import translator
from i18n.dates import clock_time, day_and_month
from models.clock import utcnow

if TYPE_CHECKING:
    from models.board import BoardCall, BoardSnapshot, ServiceWait
    from models.changes import ChangeWatcher

log = logging.getLogger("frontdesk.board")

HIGHLIGHT_SECONDS = 8.0
"""How long a new call stays highlighted."""
FALLBACK_SECONDS = 10.0
"""A full read at least this often, even when no change was signalled."""
FAILURE_SHOWN_SECONDS = 120.0
"""How long the status line names an unexpected error's log reference."""
STALE_SECONDS = 20.0
"""Without a successful read for this long the current call is no longer shown."""
CURRENT_SECONDS = 15 * 60.0
"""The latest call is shown large for this long; after that it is only listed."""
ANNOUNCE_WITHIN_SECONDS = 120.0
"""Calls older than this when first seen (after an outage, say) are shown, not spoken."""
PREVIOUS_CALLS = 5
"""Earlier calls listed under the current one."""
SERVICE_CELLS = 28
"""Terminal cells for a service's name in the waiting list (the counts line up after it)."""
CALLS_READ = 20
"""Calls read each time: more than are shown, so that a burst of calls between two
reads is still announced, every one, in order."""
ARROW = ["   █   ", "    █  ", "███████", "    █  ", "   █   "]
"""The → between ticket and desk, in the block font's five rows."""


@dataclass
class SnapshotRead(Message):
    """The reading thread read the board's snapshot."""

    snapshot: BoardSnapshot
    """What it read (public fields only)."""


@dataclass
class QueueUnreadable(Message):
    """The reading thread could not read the queue (the database is away, or a fault)."""


@dataclass
class SoundProblem(Message):
    """The speech thread found that calls cannot be heard."""

    sentence: str
    """Why, for staff (the status line)."""


def call_banner(ticket: str, desk: str, width: int, height: int = 5) -> list[str]:
    """ "A017 → DESK 2" in block letters as large as `width` × `height` cells allow.

    On one line when it fits, else the ticket above the desk; each cell of the font is
    drawn as a square of two or three cells on a large screen.
    """
    number = block_lines(ticket)
    where = block_lines(desk)
    across = max(len(row) for row in number)
    one_line = [
        f"{a.ljust(across)}  {b}  {c}" for a, b, c in zip(number, ARROW, where, strict=True)
    ]
    lines = one_line
    if max(len(row) for row in one_line) > width:
        lines = [*number, "", *where]
    longest = max(len(row) for row in lines)
    for scale in (3, 2):
        if longest * scale <= width and len(lines) * scale <= height:
            return ["".join(char * scale for char in row) for row in lines for _ in range(scale)]
    return lines


class BoardApp(FrontdeskApp, inherit_bindings=False):
    """The waiting-room board.

    Args:
        settings: The validated configuration.
        board: Which board this is (its services, whether it speaks).
        database_url: Overrides `settings.database.url` (tests).
        clock: Now, as aware UTC (tests move it by hand).
        announcer: Chimes and speaks calls (None: the configured one, if it speaks).
        previous_failure: The error that closed the board before this one.
    """

    LOG_NAME = "frontdesk.board"
    CSS_PATH = "board.tcss"
    TITLE = "frontdesk waiting-room board"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = []
    ALLOWED_ACTIONS: ClassVar[frozenset[str]] = frozenset()
    """Nobody operates the board: every action is refused, from keys, clicks or markup."""

    def __init__(
        self,
        settings: Settings,
        *,
        board: BoardSettings | None = None,
        database_url: str | None = None,
        clock: Callable[[], dt.datetime] = utcnow,
        announcer: Announcer | None = None,
        previous_failure: Failure | None = None,
    ) -> None:
        super().__init__(
            settings, database_url=database_url, clock=clock, previous_failure=previous_failure
        )
        self.board = board or settings.board(None)
        self.language = settings.languages[0]
        """The office's main language: the board's text is in it."""
        self._ = translator(self.language)
        self.snapshot: BoardSnapshot | None = None
        """The latest successful read."""
        self.current: BoardCall | None = None
        """The call shown large."""
        self.available = False
        """Whether the latest read succeeded (else the board says "Updating…")."""
        self.highlighted = False
        """Whether the current call is highlighted as new."""
        self.seen_calls: set[int] = set()
        self.announced: list[BoardCall] = []
        """Calls handed to the announcer, in order (tests read it)."""
        self.reads = 0
        """Successful reads since start."""
        self.sound_problem: str | None = None
        """Why calls are not heard, once known."""
        self.problem: str | None = None
        """An unexpected error's sentence and log reference, for staff (status line)."""
        self._last_read = 0.0
        self._highlight_timer: Timer | None = None
        self._problem_timer: Timer | None = None
        self._watcher: ChangeWatcher | None = None
        self._watching = False
        self.announcer = announcer
        if announcer is None and self.board.speech:
            self.announcer = Announcer(settings, on_problem=self._sound_problem_from_thread)

    # --- lockdown ------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Refuse every action, from keys, clicks or markup."""
        return action in self.ALLOWED_ACTIONS

    # --- layout --------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Header, the current call, earlier calls beside the waiting counts, status."""
        office = self.settings.office
        with Horizontal(id="header"):
            yield Static(Text(f"{office.organisation} · {office.name}"), id="office-name")
            yield Static("", id="clock")
        yield Static(Text(self.hours_placeholder()), id="hours")
        with Vertical(id="now"):
            yield Static(Text(self._("Now calling")), id="now-title")
            yield Static("", id="now-big")
            yield Static("", id="now-line")
        with Horizontal(id="lower"):
            with Vertical(id="previous"):
                yield Static(Text(self._("Previous calls")), classes="title")
                yield Static("", id="previous-list")
            with Vertical(id="waiting"):
                yield Static(Text(self._("Waiting now")), classes="title")
                yield Static("", id="waiting-list")
        yield Static("", id="status")

    def on_resize(self, event: events.Resize) -> None:
        """Letters as large as the new size allows."""
        # The event's size: this handler runs before Textual's own (`App._on_resize`)
        # has recorded the new one, so `self.size` is still the old size here.
        self._render_now(event.size)

    def on_mount(self) -> None:
        """Draw the empty board ("Updating…"), then open the database (the base's thread)."""
        # FrontdeskApp.on_mount runs too (Textual calls each class's handler): it says
        # why the board started again, if it did (`show_crash`).
        self.show_unavailable()
        self.tick()
        self.set_interval(1.0, self.tick)
        self.start_database()

    def on_unmount(self) -> None:
        """Stop speaking and stop waiting for changes (the base lets the engine go)."""
        if self.announcer is not None:
            self.announcer.close()
        if self._watcher is not None:
            self._watcher.stop()

    def database_went(self, status: DatabaseStatus) -> None:
        """Away: "Updating…", never a stale call. Back: reading starts (once, at the first)."""
        if not status.online:
            self.show_unavailable()
            return
        if not self._watching:
            self._watching = True
            self.watch_queue()  # once: it rides out later outages by itself

    # --- reading -------------------------------------------------------------------

    @work(thread=True, exit_on_error=False, exclusive=True, group="board")
    def watch_queue(self) -> None:
        """Read the board's snapshot on every change (and every FALLBACK_SECONDS).

        A read that meets the database away shows "Updating…" and asks the health
        thread to look at once; any other error is logged under a reference and told in
        the status line (`WorkFailed`), and the loop carries on: one bad read must not
        leave the waiting room without calls.
        """
        from models.board import board_snapshot
        from models.changes import ChangeWatcher

        worker = get_current_worker()
        engine = self.engine
        # Started on the database's first "online": the base keeps this engine through
        # outages (its connections are made afresh), so it is never None here.
        assert engine is not None
        watcher = self._watcher = ChangeWatcher(engine, stop=worker.cancelled_event)
        away = False
        try:
            while not worker.is_cancelled:
                try:
                    snapshot = board_snapshot(
                        self.require_engine(),
                        self.settings,
                        services=self.board.services,
                        calls=CALLS_READ,
                        now=self.clock(),
                    )
                except Exception as error:
                    if is_database_error(error):
                        if not away:  # once per outage: the health thread logs the rest
                            log.warning("cannot read the queue: %s", type(error).__name__)
                        away = True
                        self.check_database_now()
                    else:
                        self._post_from_thread(WorkFailed("reading the queue", error))
                    if worker.is_cancelled:
                        return
                    self._post_from_thread(QueueUnreadable())
                else:
                    away = False
                    if worker.is_cancelled:
                        # Replaced by a newer reader, or the board is closing: an older
                        # read must not be shown after a newer one, nor to a closed app.
                        return
                    self._post_from_thread(SnapshotRead(snapshot))
                watcher.wait(FALLBACK_SECONDS)
        finally:
            watcher.close()

    def _post_from_thread(self, message: Message) -> None:
        # The reading and speech threads hand their news to the app as messages, never by
        # `call_from_thread`: that blocks the thread on the event loop, and from a thread
        # still finishing a read as the board closed it left a coroutine that never ran
        # (Python's "was never awaited" warning) where the loop had already stopped. A
        # message to a closed app is simply not taken; a closed loop refuses it. The app
        # base's hand-over does it for every app (appbase/threads.py).
        post_from_worker(self, message)

    @on(SnapshotRead)
    def _snapshot_read(self, message: SnapshotRead) -> None:
        self.show_snapshot(message.snapshot)

    @on(QueueUnreadable)
    def _queue_unreadable(self) -> None:
        self.show_unavailable()

    # --- showing -------------------------------------------------------------------

    def show_snapshot(self, snapshot: BoardSnapshot) -> None:
        """Render a successful read; highlight and announce calls not seen before."""
        first = self.snapshot is None
        self.snapshot = snapshot
        self.available = True
        self.reads += 1
        self._last_read = time.monotonic()
        new = [call for call in reversed(snapshot.calls) if call.call_id not in self.seen_calls]
        self.seen_calls |= {call.call_id for call in snapshot.calls}
        latest = snapshot.calls[0] if snapshot.calls else None
        if not first and new:
            for call in new:
                age = (snapshot.read_at - call.called_at).total_seconds()
                if age <= ANNOUNCE_WITHIN_SECONDS:
                    self._announce(call)
            if latest is not None and latest in new:
                self._highlight()
        # A call long past is history, not "now calling": it stays in the list only.
        fresh = (
            latest is not None
            and (snapshot.read_at - latest.called_at).total_seconds() <= CURRENT_SECONDS
        )
        self.current = latest if fresh else None
        self._render_now()
        self._render_lists(snapshot)
        self._render_hours()
        self._render_status()

    def show_unavailable(self) -> None:
        """The database cannot be read: no call is presented as current."""
        self.available = False
        self.current = None
        self._unhighlight()
        self._render_now()
        self.query_one("#previous-list", Static).update("")
        self.query_one("#waiting-list", Static).update("")
        self._render_status()

    def tick(self) -> None:
        """Each second: the clock, and whether the last read is too old to trust."""
        now = self.clock().astimezone(self.settings.office.zone)
        self.query_one("#clock", Static).update(
            Text(f"{day_and_month(now, self.language)}  {clock_time(now)}")
        )
        if self.available and time.monotonic() - self._last_read > STALE_SECONDS:
            log.warning("no fresh read for %.0f s", time.monotonic() - self._last_read)
            self.show_unavailable()

    def _render_now(self, size: Size | None = None) -> None:
        size = size or self.size
        big = self.query_one("#now-big", Static)
        line = self.query_one("#now-line", Static)
        call = self.current
        if not self.available:
            big.update(Text(self._("Updating…")))
            line.update(Text(self._("Please listen for your number.")))
            return
        if call is None:
            big.update(Text(""))
            line.update(Text(self._("Please wait to be called. Keep your ticket ready.")))
            return
        label = self.settings.desk(call.desk).label
        # The room the rest of the board leaves (header, lists and status need ~18 rows).
        width = max(20, size.width - 8)
        height = max(5, size.height - 18)
        big.update(Text("\n".join(call_banner(call.ticket, label, width, height))))
        line.update(
            Text(
                self._("Ticket {ticket}, please go to {desk}.").format(
                    ticket=call.ticket, desk=label
                )
            )
        )

    def _render_lists(self, snapshot: BoardSnapshot) -> None:
        previous = Text()
        first = 1 if self.current is not None else 0
        for call in snapshot.calls[first : first + PREVIOUS_CALLS]:
            local = call.called_at.astimezone(self.settings.office.zone)
            label = self.settings.desk(call.desk).label
            previous.append(f"{call.ticket:<6} → {label:<12} {clock_time(local)}\n")
        self.query_one("#previous-list", Static).update(previous)
        waiting = Text()
        for wait in snapshot.waiting:
            try:
                name = self.settings.service(wait.service_code).name(self.language)
            except KeyError:
                name = wait.service_code
            waiting.append(f"{fit_cells(name, SERVICE_CELLS)} {wait.waiting:>3}  ")
            waiting.append(self._wait_words(wait) + "\n")
        self.query_one("#waiting-list", Static).update(waiting)

    def _wait_words(self, wait: ServiceWait) -> str:
        if wait.waiting == 0:
            return self._("no wait")
        if wait.running_late:
            # Plainly, with no number: someone in the room has already waited longer
            # than any figure the pace would give (models.board.service_waits).
            return self._("running late")
        if wait.estimate_minutes is None:
            return ""
        return self._("about {minutes} min").format(minutes=wait.estimate_minutes)

    def hours_placeholder(self) -> str:
        """The hours line until the first read: today's hours are not known yet.

        Not the configured week: supervisors' closures and early closing or late opening
        are in the database, so "Open today until 17:00" from the configuration alone
        could tell the waiting room the wrong time.
        """
        return self._("One moment…")

    def _render_hours(self) -> None:
        hours = self.query_one("#hours", Static)
        snapshot = self.snapshot
        if snapshot is None:
            hours.update(Text(self.hours_placeholder()))
            return
        status = snapshot.hours
        zone = self.settings.office.zone
        closing = status.last_entry_warning
        hours.set_class(closing, "-closing")
        if status.is_open and status.closes_at is not None:
            closes = clock_time(status.closes_at.astimezone(zone))
            if closing:
                text = self._(
                    "Closing soon: we close at {time}. New check-ins may not be seen today."
                )
            else:
                text = self._("Open today until {time}")
            hours.update(Text(text.format(time=closes)))
            return
        opens = status.next_opens_at
        if opens is None:
            hours.update(Text(self._("Closed")))
            return
        local = opens.astimezone(zone)
        when = f"{day_and_month(local, self.language)} {clock_time(local)}"
        hours.update(Text(self._("Closed. We open again {when}.").format(when=when)))

    def _render_status(self) -> None:
        parts = []
        if not self.available:
            parts.append(self._("Updating…"))
            status = self.database_status
            if not status.online and status.reason:
                # For staff glancing at the board: which database, and what is wrong, in
                # a few words that fit the line (board.log has the whole sentence);
                # never visitors' data.
                parts[-1] += f" (database: {self.database_where} — {status.reason})"
        if self.sound_problem:
            parts.append(self.sound_problem)
        if self.problem:
            parts.append(self.problem)
        self.query_one("#status", Static).update(Text("   ".join(parts)))

    # --- errors (the base logs them; the board tells staff quietly) -----------------

    def show_failure(self, failure: Failure) -> None:
        """Failed work: a sentence and its log reference in the status line, for a while.

        Not a notification: the board is in front of the public, and staff glance at
        its status line. A database outage is not a fault: "Updating…" says it.
        """
        if failure.database:
            return
        self._show_problem(failure.for_staff)

    def show_crash(self, failure: Failure) -> None:
        """The board before this one closed after an unexpected error: say so quietly."""
        # Short, so that the reference fits the status line of a 100-column board.
        self._show_problem(
            f"Restarted after an unexpected error (log reference {failure.reference})."
        )

    def _show_problem(self, sentence: str) -> None:
        self.problem = sentence
        self._render_status()
        if self._problem_timer is not None:
            self._problem_timer.stop()
        self._problem_timer = self.set_timer(FAILURE_SHOWN_SECONDS, self._clear_problem)

    def _clear_problem(self) -> None:
        self.problem = None
        self._problem_timer = None
        self._render_status()

    # --- highlight and sound -------------------------------------------------------

    def _highlight(self) -> None:
        if self._highlight_timer is not None:
            self._highlight_timer.stop()
        self.highlighted = True
        self.query_one("#now").add_class("-new")
        self._highlight_timer = self.set_timer(HIGHLIGHT_SECONDS, self._unhighlight)

    def _unhighlight(self) -> None:
        if self._highlight_timer is not None:
            self._highlight_timer.stop()
            self._highlight_timer = None
        self.highlighted = False
        self.query_one("#now").remove_class("-new")

    def _announce(self, call: BoardCall) -> None:
        self.announced.append(call)
        if self.announcer is not None:
            self.announcer.announce(
                Announcement(ticket=call.ticket, desk=call.desk, language=call.language)
            )

    def _sound_problem_from_thread(self, sentence: str) -> None:
        self._post_from_thread(SoundProblem(sentence))

    @on(SoundProblem)
    def _show_sound_problem(self, message: SoundProblem) -> None:
        self.sound_problem = message.sentence
        self._render_status()


def make_board_app(
    settings: Settings,
    *,
    board: BoardSettings | None = None,
    database_url: str | None = None,
    clock: Callable[[], dt.datetime] = utcnow,
    announcer: Announcer | None = None,
    previous_failure: Failure | None = None,
) -> BoardApp:
    """Build the board from settings: the one factory the CLI and the tests use."""
    return BoardApp(
        settings,
        board=board,
        database_url=database_url,
        clock=clock,
        announcer=announcer,
        previous_failure=previous_failure,
    )


def run_board(settings: Settings, board: BoardSettings) -> int:
    """Run the board until it is stopped, starting it again after an unexpected error.

    Logs go to the board's file (never to the public screen). Returns 0 when the board
    was told to end (a browser's tab closed under `--serve`, a signal), 70 after
    repeated crashes, with a sentence on stderr.
    """
    log_path = configure_logging(board.log_file, "board")
    status = run_app(
        lambda failure: make_board_app(settings, board=board, previous_failure=failure),
        # Nobody quits the board: it ends only when told to (the browser went away).
        restart=lambda app: False,
    )
    if status == CRASH_EXIT_CODE:
        print(
            f"The waiting-room board stopped after repeated errors; the details are in {log_path}.",
            file=sys.stderr,
        )
    return status
