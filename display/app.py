"""The waiting-room board: the latest call in block letters, earlier calls, who waits.

Read-only and locked down like the kiosk: no bindings, no command palette, every
action refused. One thread worker reads `models.board.board_snapshot` (public fields
only) whenever `models.changes` says the queue changed, and at least every
`FALLBACK_SECONDS`; the screen renders what it gets. When the database cannot be read
the board stops showing the call as current and says "Updating…" quietly.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from platformdirs import user_log_dir
from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Static
from textual.worker import get_current_worker

from common_ui.bigtext import block_lines
from config.settings import BoardSettings, Settings
from display.speech import Announcement, Announcer
from i18n import translator
from i18n.dates import clock_time, day_and_month
from models.clock import utcnow

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from models.board import BoardCall, BoardSnapshot
    from models.changes import ChangeWatcher

log = logging.getLogger("frontdesk.board")

HIGHLIGHT_SECONDS = 8.0
"""How long a new call stays highlighted."""
FALLBACK_SECONDS = 10.0
"""A full read at least this often, even when no change was signalled."""
RETRY_SECONDS = 2.0
"""While the database cannot even be opened, how often it is tried again."""
STALE_SECONDS = 20.0
"""Without a successful read for this long the current call is no longer shown."""
CURRENT_SECONDS = 15 * 60.0
"""The latest call is shown large for this long; after that it is only listed."""
ANNOUNCE_WITHIN_SECONDS = 120.0
"""Calls older than this when first seen (after an outage, say) are shown, not spoken."""
PREVIOUS_CALLS = 5
"""Earlier calls listed under the current one."""
CALLS_READ = 20
"""Calls read each time: more than are shown, so that a burst of calls between two
reads is still announced, every one, in order."""
ARROW = ["   █   ", "    █  ", "███████", "    █  ", "   █   "]
"""The → between ticket and desk, in the block font's five rows."""


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


class BoardApp(App[int], inherit_bindings=False):
    """The waiting-room board.

    Args:
        settings: The validated configuration.
        board: Which board this is (its services, whether it speaks).
        database_url: Overrides `settings.database.url` (tests).
        clock: Now, as aware UTC (tests move it by hand).
        speak: Chime and speak calls (tests may turn it off or give an announcer).
    """

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
    ) -> None:
        super().__init__()
        self.settings = settings
        self.board = board or settings.board(None)
        self.database_url = database_url or settings.database.url
        self.clock = clock
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
        self.errors: list[str] = []
        """Unexpected errors handled since start (logged too)."""
        self._last_read = 0.0
        self._highlight_timer: Timer | None = None
        self._watcher: ChangeWatcher | None = None
        self.announcer = announcer
        if announcer is None and self.board.speech:
            self.announcer = Announcer(settings, on_problem=self._sound_problem_from_thread)

    # --- lockdown ------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Refuse every action, from keys, clicks or markup."""
        return action in self.ALLOWED_ACTIONS

    def _handle_exception(self, error: Exception) -> None:
        # The board is in front of the public: never a traceback; log it and carry on
        # with an honest "Updating…" until the next read succeeds.
        log.error("unexpected error", exc_info=error)
        self.errors.append(f"{type(error).__name__}: {error}")
        self.call_later(self.show_unavailable)

    # --- layout --------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Header, the current call, earlier calls beside the waiting counts, status."""
        office = self.settings.office
        with Horizontal(id="header"):
            yield Static(Text(f"{office.organisation} · {office.name}"), id="office-name")
            yield Static("", id="clock")
        yield Static("", id="hours")
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

    def on_resize(self) -> None:
        """Letters as large as the new size allows."""
        self._render_now()

    def on_mount(self) -> None:
        """Draw the empty board, then start reading the queue."""
        self.show_unavailable()
        self.tick()
        self.set_interval(1.0, self.tick)
        self.watch_queue()

    def on_unmount(self) -> None:
        """Stop speaking and stop waiting for changes."""
        if self.announcer is not None:
            self.announcer.close()
        if self._watcher is not None:
            self._watcher.stop()

    # --- reading -------------------------------------------------------------------

    @work(thread=True, exit_on_error=False, exclusive=True, group="board")
    def watch_queue(self) -> None:
        """Read the board's snapshot on every change (and every FALLBACK_SECONDS)."""
        from models.board import board_snapshot
        from models.changes import ChangeWatcher
        from models.db import make_engine

        worker = get_current_worker()
        engine: Engine | None = None
        watcher: ChangeWatcher | None = None
        try:
            while not worker.is_cancelled:
                try:
                    if engine is None:
                        engine = make_engine(self.database_url)
                        watcher = self._watcher = ChangeWatcher(engine, stop=worker.cancelled_event)
                    snapshot = board_snapshot(
                        engine,
                        self.settings,
                        services=self.board.services,
                        calls=CALLS_READ,
                        now=self.clock(),
                    )
                except Exception as error:
                    log.warning("cannot read the queue: %s", error)
                    self.call_from_thread(self.show_unavailable)
                else:
                    self.call_from_thread(self.show_snapshot, snapshot)
                if worker.is_cancelled:
                    return
                if watcher is None:
                    # Not even opened (a missing file): try again shortly.
                    worker.cancelled_event.wait(RETRY_SECONDS)
                else:
                    watcher.wait(FALLBACK_SECONDS)
        finally:
            if watcher is not None:
                watcher.close()
            if engine is not None:
                engine.dispose()

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

    def _render_now(self) -> None:
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
        width = max(20, self.size.width - 8)
        height = max(5, self.size.height - 18)
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
            waiting.append(f"{name[:28]:<28} {wait.waiting:>3}  ")
            waiting.append(self._wait_words(wait.waiting, wait.estimate_minutes) + "\n")
        self.query_one("#waiting-list", Static).update(waiting)

    def _wait_words(self, waiting: int, minutes: int | None) -> str:
        if waiting == 0:
            return self._("no wait")
        if minutes is None:
            return ""
        return self._("about {minutes} min").format(minutes=minutes)

    def _render_hours(self) -> None:
        hours = self.query_one("#hours", Static)
        snapshot = self.snapshot
        if snapshot is None:
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
        if self.sound_problem:
            parts.append(self.sound_problem)
        self.query_one("#status", Static).update(Text("   ".join(parts)))

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
        self.call_from_thread(self._show_sound_problem, sentence)

    def _show_sound_problem(self, sentence: str) -> None:
        self.sound_problem = sentence
        self._render_status()


def make_board_app(
    settings: Settings,
    *,
    board: BoardSettings | None = None,
    database_url: str | None = None,
    clock: Callable[[], dt.datetime] = utcnow,
    announcer: Announcer | None = None,
) -> BoardApp:
    """Build the board from settings: the one factory the CLI and the tests use."""
    return BoardApp(
        settings, board=board, database_url=database_url, clock=clock, announcer=announcer
    )


def configure_logging(settings: Settings, board: BoardSettings) -> Path:
    """Log to a file (never to the public screen); returns the file's path."""
    path = (
        Path(board.log_file)
        if board.log_file
        else Path(user_log_dir("frontdesk", appauthor=False)) / "board.log"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    return path
