"""The kiosk app: the visitor's check-in flow, locked down, with the ticket spool.

`make_kiosk_app` builds it from settings (the CLI, Pilot tests and snapshot tests all
use it). Attributes down, messages up: the app makes every screen with its
`KioskContext` (settings, language, display modes, the visitor's draft) and, for the
screens that own work, the `KioskService`; screens post `kiosk.messages` up, which the
handlers here answer by changing the screen stack and the context. Database and
printer work runs in thread workers (the app's own: start-up, state polling, the spool;
the screens': check-in, print watch, help, staff actions), never on the event loop.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import logging
import math
import os
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on, work
from textual.app import App
from textual.binding import BindingType
from textual.message import Message
from textual.screen import Screen
from textual.theme import Theme
from textual.worker import get_current_worker

from appbase.app import CRASH_EXIT_CODE, FrontdeskApp
from appbase.database import DatabaseStatus
from appbase.failures import Failure, is_database_error
from appbase.launcher import run_app
from appbase.logs import configure_logging
from appbase.threads import post_from_worker
from config.settings import Settings
from kiosk.context import KioskContext
from kiosk.draft import CheckInDraft
from kiosk.executor import FreshContextExecutor
from kiosk.health import (
    HEALTH_LOG_SECONDS,
    collect_between_visitors,
    hold_full_collections,
    read_health,
    return_free_memory,
)
from kiosk.messages import (
    CheckedIn,
    CheckInStarted,
    ClosedMeanwhile,
    ConfirmAsked,
    DisplayModeToggled,
    HelpAnswered,
    KioskStateRead,
    LanguageChosen,
    NeedsAsked,
    OpeningScreenResumed,
    PrintWatched,
    QuitRequested,
    ReadAloud,
    ServiceChosen,
    StaffPinRequested,
    StartAgain,
)
from kiosk.screens.base import KioskScreenMixin
from kiosk.screens.welcome import ClosedScreen, WelcomeScreen
from kiosk.service import KioskService
from models.clock import utcnow
from models.enums import PrinterState

if TYPE_CHECKING:
    from i18n.speech import Speaker
    from models.api import KioskState
    from models.staff import StaffView
    from printing.connections import Printer

# The database, printing and holiday libraries are imported inside the workers that use
# them: importing them up front would hold back the first paint of Welcome by about a
# second (bench/kiosk.py measures it). The screens after Welcome are imported where
# they are used, and loaded just after the first paint (another 11 ms).

log = logging.getLogger("frontdesk.kiosk")

STATE_POLL_SECONDS = 15.0
"""How often opening hours, the pause switch and the printer state are re-read."""
GIVE_UP_SECONDS = 600.0
"""After this long without its database (at start or later) the kiosk exits with
CRASH_EXIT_CODE, so that systemd starts a fresh process: whatever may be stuck in this
one (a wedged connection, a cached address) goes, and the new process shows the same
"not available" screen within a second. Five unexpected errors within a minute exit
the same way (appbase.app.CRASH_LIMIT)."""
SPOOL_STOP_MARGIN_SECONDS = 5.0
"""Beyond a ticket's printer time, how long a closing kiosk waits for its spool's pass
(its database work: a write may wait for SQLite's lock)."""

THEMES = (
    Theme(
        name="frontdesk",
        primary="#1b58c0",
        secondary="#0a6272",
        accent="#f59f00",
        success="#1b6e2e",
        warning="#f59f00",
        error="#b42323",
        background="#0d1b2a",
        surface="#13263a",
        panel="#1b3550",
        foreground="#f1f3f5",
        dark=True,
    ),
    Theme(
        name="frontdesk-contrast",
        primary="#ffff00",
        secondary="#ffffff",
        accent="#ffff00",
        success="#00ff00",
        warning="#ffff00",
        error="#ff7777",
        background="#000000",
        surface="#000000",
        panel="#000000",
        foreground="#ffffff",
        dark=True,
    ),
)
"""The standard look and the high-contrast one (yellow on black). Every text colour on
its background reaches 4.5:1 in the first and 7:1 in the second, in every state, with
large text or without (tests/kiosk/test_contrast.py measures it)."""


class SpeechUnavailable(Message):
    """The speaker found it cannot speak (posted from the speech thread to the app)."""

    def __init__(self, sentence: str) -> None:
        super().__init__()
        self.sentence = sentence
        """Why, for staff."""


class KioskApp(FrontdeskApp, inherit_bindings=False):
    """The touchscreen check-in kiosk.

    Args:
        settings: The validated configuration.
        database_url: Overrides `settings.database.url` (tests).
        printer: The ticket printer; by default the configured one.
        clock: Now, as aware UTC (tests move it by hand).
        start_spool: Run the print spool thread (tests may drive the spool themselves).
        give_up_seconds: Exit for a restart after the database has been away this long.
        previous_failure: The error that closed the kiosk before this one.
    """

    LOG_NAME = "frontdesk.kiosk"
    CSS_PATH = "kiosk.tcss"
    TITLE = "frontdesk kiosk"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = []
    ALLOWED_ACTIONS: ClassVar[frozenset[str]] = frozenset({"focus_next", "focus_previous"})
    """App actions a key, click or markup may run. Quit, screenshot, suspend, the
    command palette, theme changes and the rest are refused."""

    def __init__(
        self,
        settings: Settings,
        *,
        database_url: str | None = None,
        printer: Printer | None = None,
        clock: Callable[[], dt.datetime] = utcnow,
        start_spool: bool = True,
        give_up_seconds: float = GIVE_UP_SECONDS,
        previous_failure: Failure | None = None,
    ) -> None:
        super().__init__(
            settings, database_url=database_url, clock=clock, previous_failure=previous_failure
        )
        self.printer = printer
        self.start_spool = start_spool
        self.give_up_seconds = give_up_seconds
        self.last_failure: Failure | None = None
        """The latest failed work (for the staff menu); the visitor is not told."""
        self._started = False
        self._gc_thresholds: tuple[int, int, int] = gc.get_threshold()
        self.context = KioskContext(settings, clock)
        """What the screens read: language, display modes, the draft, the state."""
        self.service = KioskService(
            settings,
            engine=self.require_engine,
            clock=clock,
            printer=printer,
            check_database=self.check_database_now,
        )
        """The models and printing calls, passed down to the screens that own work."""
        self.speaker: Speaker | None = None
        """Made when first needed, so a kiosk that never speaks starts no thread."""
        self.last_visit_id: int | None = None
        """The latest check-in at this kiosk (for the staff menu's reprint)."""
        self.staff: StaffView | None = None
        """Who opened the staff menu."""
        self.quit_requested = False
        """Staff chose Quit: the launcher does not restart the kiosk."""
        self.visitors_served = 0
        """Check-ins made since start (for the hourly health line in the log)."""
        self.last_activity = clock()
        self.still_there_until: dt.datetime | None = None
        self.ticket_until: dt.datetime | None = None
        self._next_state_poll = 0.0
        self._freezes_start_up = False
        self._spool_idle = threading.Event()
        """Set while no spool pass can be running (cleared by the spool's thread)."""
        self._spool_idle.set()
        for theme in THEMES:
            self.register_theme(theme)
        self._start_in_theme(self._theme_name())

    @property
    def draft(self) -> CheckInDraft:
        """The current visitor's answers."""
        return self.context.draft

    @property
    def kiosk_state(self) -> KioskState | None:
        """Opening hours, pause switch and printer, as last read."""
        return self.context.kiosk_state

    def _theme_name(self) -> str:
        return "frontdesk-contrast" if self.context.high_contrast else "frontdesk"

    def _start_in_theme(self, name: str) -> None:
        # Assigning `self.theme` before the first paint runs Textual's theme watcher,
        # which re-parses every stylesheet a second time (about 15 ms of start-up,
        # bench/kiosk.py). Set the value quietly, give the stylesheet (made in App's
        # constructor with the default theme) this theme's variables, and set the
        # classes the watcher would set; both themes are dark, as is Textual's default,
        # so nothing else differs. Nothing has been parsed yet, so nothing is lost.
        self.set_reactive(App.theme, name)
        self.stylesheet.set_variables(self.get_css_variables())
        dark = self.current_theme.dark
        self.set_class(True, f"-theme-{name}", update=False)
        self.set_class(dark, "-dark-mode", update=False)
        self.set_class(not dark, "-light-mode", update=False)

    # --- lockdown ------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Refuse every app action not on the allow-list, from keys, clicks or markup."""
        return action in self.ALLOWED_ACTIONS

    def show_crash(self, failure: Failure) -> None:
        """The kiosk started again after an unexpected error: a word to whoever is there.

        The reference is for staff, who find the traceback beside it in the log file.
        """
        from kiosk.screens.dialogs import MessageDialog

        _ = self.gettext
        self.push_screen(
            MessageDialog(
                self.context,
                _("Sorry, something went wrong"),
                _("Please start again, or ask at reception."),
                error=True,
                reference=failure.reference,
            )
        )

    def show_failure(self, failure: Failure) -> None:
        """Failed background work: kept for the staff menu, not shown to the visitor.

        The work that a visitor waits for (the check-in, the help alert, the print)
        tells them itself, in their language.
        """
        self.last_failure = failure

    async def on_event(self, event: events.Event) -> None:
        """Any touch, key or paste counts as the visitor still being there."""
        if isinstance(event, events.Key | events.MouseDown | events.Paste):
            self.last_activity = self.clock()
        touch_ended = isinstance(event, events.MouseUp) and not event.is_forwarded
        await super().on_event(event)
        # Textual 8.2 keeps the widget a touch went down on until the next touch: the
        # last visitor's Done button, detached, for as long as the kiosk waits. The
        # click has been made from it by now (tests/kiosk/test_soak.py).
        if touch_ended and getattr(self, "_mouse_down_widget", None) is not None:
            self._mouse_down_widget = None

    # --- language and display ------------------------------------------------------

    def gettext(self, message: str) -> str:
        """`message` in the visitor's language."""
        return self.context.gettext(message)

    @on(LanguageChosen)
    def set_language(self, message: LanguageChosen) -> None:
        """Switch the visitor's language and redraw the screen in it."""
        if message.language not in self.settings.languages:
            return
        self.context.use_language(message.language)
        self.screen.refresh(recompose=True)

    @on(DisplayModeToggled)
    def _display_mode_toggled(self, message: DisplayModeToggled) -> None:
        if message.mode == "large-text":
            self.toggle_large_text()
        elif message.mode == "high-contrast":
            self.toggle_high_contrast()
        else:
            self.context.read_aloud = not self.context.read_aloud
        # Welcome shows the new choice (and reads itself aloud once composed, when on).
        self.screen.refresh(recompose=True)

    def apply_display_mode(self, screen: Screen[Any]) -> None:
        """Large text is a class on every screen; high contrast is a theme."""
        if isinstance(screen, KioskScreenMixin):
            screen.show_display_mode()

    def toggle_large_text(self) -> None:
        """Larger buttons and bolder text for this visitor."""
        self.context.large_text = not self.context.large_text
        for screen in self.screen_stack:
            self.apply_display_mode(screen)

    def toggle_high_contrast(self) -> None:
        """Yellow and white on black for this visitor."""
        self.context.high_contrast = not self.context.high_contrast
        self.theme = self._theme_name()

    @on(ReadAloud)
    def _read_aloud(self, message: ReadAloud) -> None:
        """Speak without waiting: a thread does the work."""
        from i18n.speech import Speaker  # the speech thread starts only when first needed

        if self.speaker is None:
            self.speaker = Speaker(on_problem=self._speech_failed)
        self.speaker.say(message.text, message.language)

    def _speech_failed(self, sentence: str) -> None:
        # From the speech thread: a message, never `call_from_thread` (which would block
        # the thread on the loop); a kiosk already closing simply does not take it.
        post_from_worker(self, SpeechUnavailable(sentence))

    @on(SpeechUnavailable)
    def _speech_unavailable(self, message: SpeechUnavailable) -> None:
        """Remember why speech failed (the speaker never tries again) and show it."""
        self.context.speech_problem = message.sentence
        if isinstance(self.screen, WelcomeScreen):
            # "Read aloud: unavailable" rather than "on" while the visitor is still there.
            self.screen.refresh(recompose=True)

    def on_unmount(self) -> None:
        """Python's own garbage collection thresholds again (the base closes the database)."""
        gc.set_threshold(*self._gc_thresholds)

    # --- start-up --------------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        """Welcome is the bottom of the screen stack; everything else goes on top."""
        return WelcomeScreen(self.context, self.service)

    def on_mount(self) -> None:
        """Show Welcome first; then read the hours, open the database, start the spool."""
        # Thread workers run in a pool whose threads keep no visitor's context (see
        # kiosk/executor.py): without it each pool thread held a past visitor's screens.
        asyncio.get_running_loop().set_default_executor(
            FreshContextExecutor(thread_name_prefix="kiosk-worker")
        )
        # Full collections between visitors, not in the middle of one (kiosk/health.py).
        self._gc_thresholds = hold_full_collections()
        self.call_after_refresh(self._after_first_paint)
        self.set_interval(1.0, self.tick)
        self.set_interval(HEALTH_LOG_SECONDS, self.log_health)

    def log_health(self) -> None:
        """Visitors served, memory and live objects in the log: a leak shows in the field."""
        log.info(read_health(self.visitors_served).line())

    def _after_first_paint(self) -> None:
        if not gc.isenabled():
            # The launcher held garbage collection back while starting (kiosk/__main__.py).
            # What start-up made lives as long as the kiosk: freeze it out of every
            # future collection, then collect as usual. (Tests never freeze: their
            # process outlives many kiosks.)
            self._freezes_start_up = True
            gc.freeze()
            gc.enable()
        # Only now: the workers' imports would compete with the first paint for the GIL.
        self.read_configured_hours()
        # Load the rest of the flow while nobody has touched the screen yet.
        import kiosk.screens.dialogs
        import kiosk.screens.flow
        import kiosk.screens.ticket  # noqa: F401

    @work(thread=True, exit_on_error=False, group="startup")
    def read_configured_hours(self) -> None:
        """Until the database answers, the configured week decides open or closed."""
        try:
            from models.api import KioskState
            from models.calendar import OfficeCalendar

            hours = OfficeCalendar(self.settings).status(self.clock())
            # The printing libraries too, so that start-up has loaded everything it will.
            import printing.spool  # noqa: F401

            state = KioskState(hours=hours, paused=False, printer_state=PrinterState.UNKNOWN)
            self.call_from_worker(self._configured_hours, state)
        finally:
            # Only now: two threads importing SQLAlchemy at once can meet it
            # half-initialised (a circular-import error, seen at start-up under load).
            self.call_from_worker(self.start_database)

    def _configured_hours(self, state: KioskState) -> None:
        # Closed by the configured week: say so at once. Open by it: Welcome keeps
        # "One moment…" until the database says whether staff have paused check-ins
        # (a kiosk started while paused offered check-in for seconds before).
        if self.context.kiosk_state is None and not state.hours.is_open:
            self.apply_state(state)

    def database_went(self, status: DatabaseStatus) -> None:
        """Away: the calm "not available" screen over everything. Back: carry on."""
        from kiosk.screens.unavailable import UnavailableScreen

        covering = [s for s in self.screen_stack if isinstance(s, UnavailableScreen)]
        covered = bool(covering)
        if not status.online:
            for screen in covering:
                screen.status = status
            if not covered:
                self.push_screen(UnavailableScreen(self.context, status))
            return
        if covered:
            # Whatever the visitor was doing is still underneath (the idle countdown
            # clears it if they have gone).
            self._remove_unavailable()
        if not self._started:
            self._started = True
            self._start_up_finished()
        else:
            self.poll_state()

    def _remove_unavailable(self) -> None:
        from kiosk.screens.unavailable import UnavailableScreen

        while isinstance(self.screen, UnavailableScreen):
            self.pop_screen()

    def _start_up_finished(self) -> None:
        if self._freezes_start_up:
            # The database and printing libraries loaded since the first paint live as
            # long as the kiosk too: without this, every full collection walked them
            # (about 40 ms, measured in a started kiosk) while a visitor waited.
            gc.freeze()
        self.log_health()  # the baseline the hourly lines compare with
        self.poll_state()
        self.watch_changes()
        if self.start_spool:
            self.run_spool()

    @work(thread=True, exit_on_error=False, group="spool")
    def run_spool(self) -> None:
        """Print this kiosk's tickets until the app closes (`stop_background_work`)."""
        from printing.spool import Spool

        # Cleared before the spool first looks at its stop event: an app closing after
        # that look waits for the pass under way (see stop_background_work).
        self._spool_idle.clear()
        try:
            # The worker's cancel event stops the spool when the app closes. The spool
            # keeps the engine through outages: its pool reconnects when the database
            # is back.
            Spool(
                self.require_engine(), self.settings, printer=self.printer, clock=self.clock
            ).run_forever(get_current_worker().cancelled_event)
        finally:
            self._spool_idle.set()

    def stop_background_work(self) -> None:
        """Stop the spool and let the pass under way finish before the database goes.

        A pass may be sending a ticket (the printer's timeout and two status queries)
        and then records how it went; a kiosk that closed without waiting left its
        spool writing to a database the app had let go (the soak's removed folder:
        "unable to open database file" after the run).
        """
        self.workers.cancel_group(self, "spool")
        printer = self.settings.printer
        longest = printer.timeout + 2 * printer.status_timeout + SPOOL_STOP_MARGIN_SECONDS
        if not self._spool_idle.wait(longest):
            log.warning("the print spool did not stop within %.0f s; closing anyway", longest)

    # --- the periodic tick ---------------------------------------------------------

    def tick(self) -> None:
        """Once a second: idle countdown, ticket screen timeout, state polling, giving up."""
        self.check_visitor_idle()
        moment = time.monotonic()
        if self.offline_since is not None and moment - self.offline_since >= self.give_up_seconds:
            log.error(
                "no database for %d s (%s): exiting with status %d for a fresh start",
                self.give_up_seconds,
                self.database_status.sentence,
                CRASH_EXIT_CODE,
            )
            self.exit(CRASH_EXIT_CODE, return_code=CRASH_EXIT_CODE)
            return
        if moment >= self._next_state_poll and self.database_status.online:
            self.poll_state()

    def check_visitor_idle(self) -> None:
        """Ask "Are you still there?" after the idle time; clear everything when unanswered.

        On Welcome nothing is asked: a language or display mode chosen by someone who
        walked away goes back to the office's defaults after the same time in all.
        """
        from kiosk.screens.dialogs import StillThereDialog
        from kiosk.screens.ticket import TicketScreen
        from kiosk.screens.unavailable import UnavailableScreen

        now = self.clock()
        screen = self.screen
        if isinstance(screen, TicketScreen):
            if self.ticket_until is not None and now >= self.ticket_until:
                self.reset_to_welcome()
            return
        if isinstance(screen, StillThereDialog):
            assert self.still_there_until is not None
            remaining = (self.still_there_until - now).total_seconds()
            if remaining <= 0:
                self.reset_to_welcome()
            else:
                screen.show_seconds(math.ceil(remaining))
            return
        idle = (now - self.last_activity).total_seconds()
        if self.nothing_of_a_visit_shown():
            # Welcome (or the closed or not-available screen over it) has nothing to
            # lose, so nothing is asked: after as long as another screen's question and
            # its countdown take, the office's language and display come back quietly
            # for whoever is next. Only when someone changed them: a kiosk left as
            # configured is not drawn again for nothing.
            walked_away = self.settings.kiosk.idle_seconds + self.settings.kiosk.still_there_seconds
            if idle >= walked_away and not self.context.as_configured():
                self.reset_to_welcome()
            return
        # Any screen of the visit counts, not only the top one: the language or
        # interpreter dialog (or a message) left open over Confirm kept the name typed
        # there on screen for good. Not under the not-available screen, which must stay
        # on top (the visitor is asked once it has gone).
        asks = not isinstance(screen, UnavailableScreen) and any(
            isinstance(s, KioskScreenMixin) and s.ASKS_IF_STILL_THERE for s in self.screen_stack
        )
        if asks and idle >= self.settings.kiosk.idle_seconds:
            seconds = self.settings.kiosk.still_there_seconds
            self.still_there_until = now + dt.timedelta(seconds=seconds)
            # The dialog is made with its countdown: telling it later (after a refresh)
            # showed it blank until then, and could put back a number a tick had
            # already counted down.
            self.push_screen(StillThereDialog(self.context, seconds), self._still_there_answered)

    def nothing_of_a_visit_shown(self) -> bool:
        """Only Welcome and the closed and not-available screens are stacked: no
        visitor's answers (a flow under the not-available screen), no staff menu, and
        no message a visitor may still be reading ("Help is on its way")."""
        from kiosk.screens.unavailable import UnavailableScreen

        start = WelcomeScreen | ClosedScreen | UnavailableScreen
        return all(isinstance(screen, start) for screen in self.screen_stack)

    def _still_there_answered(self, _: bool | None) -> None:
        self.still_there_until = None
        self.last_activity = self.clock()

    @work(thread=True, exit_on_error=False, group="changes")
    def watch_changes(self) -> None:
        """Re-read the state as soon as the database changes (staff pause check-ins,
        close early), not only every STATE_POLL_SECONDS."""
        from models.changes import ChangeWatcher

        cancelled = get_current_worker().cancelled_event
        watcher = ChangeWatcher(self.require_engine(), stop=cancelled)
        try:
            while not cancelled.is_set():
                if watcher.wait(STATE_POLL_SECONDS) and not cancelled.is_set():
                    self.call_from_worker(self.poll_state)
        finally:
            watcher.close()

    @work(thread=True, exit_on_error=False, exclusive=True, group="state")
    def poll_state(self) -> None:
        """Re-read opening hours, overrides, closures, the pause switch and the printer."""
        from models import api

        self._next_state_poll = time.monotonic() + STATE_POLL_SECONDS
        try:
            state = api.kiosk_state(self.require_engine(), self.settings, self.clock())
        except Exception as error:
            if not is_database_error(error):
                raise
            self.check_database_now()  # the health thread shows the outage
            return
        self.call_from_worker(self.apply_state, state)

    def apply_state(self, state: KioskState) -> None:
        """Show the closed screen over Welcome when closed, take it away when open."""
        previous = self.context.kiosk_state
        self.context.kiosk_state = state
        top = self.screen
        if isinstance(top, ClosedScreen):
            if state.takes_check_ins:
                self.pop_screen()
            elif previous is None or (previous.hours, previous.paused) != (
                state.hours,
                state.paused,
            ):
                top.refresh(recompose=True)
        elif isinstance(top, WelcomeScreen):
            if not state.takes_check_ins:
                self.push_screen(ClosedScreen(self.context))
            else:
                top.refresh_hours()

    @on(OpeningScreenResumed)
    def _opening_screen_resumed(self) -> None:
        # Back from a dialog (the staff menu may have paused or resumed check-ins): show
        # the state, if Welcome or the closed screen is still on top (not when the app
        # is closing, its stack emptied). The closed screen too: a resume is heard (or
        # read by the menu) while the menu is on top, where nothing is shown, and the
        # paused screen stayed until the next poll, up to 15 s later.
        top = self.screen_stack[-1] if self.screen_stack else None
        if isinstance(top, WelcomeScreen | ClosedScreen) and self.context.kiosk_state is not None:
            self.apply_state(self.context.kiosk_state)

    @on(KioskStateRead)
    def _state_read(self, message: KioskStateRead) -> None:
        # Kept, and shown when Welcome is on top again (the staff menu is on top now).
        self.context.kiosk_state = message.state

    # --- the visitor's flow ------------------------------------------------------------

    @on(StartAgain)
    def _start_again(self, message: StartAgain) -> None:
        self.reset_to_welcome(same_visitor=message.same_visitor)

    def reset_to_welcome(self, *, same_visitor: bool = False) -> None:
        """Forget this visitor completely and show Welcome (or Closed) to the next one.

        With `same_visitor` (they tapped Start again) only their answers go: their
        language, large text, high contrast and read aloud stay. The idle timeout, the
        ticket's Done and its timeout reset everything for the next person.
        """
        if same_visitor:
            self.context.forget_answers()
        else:
            self.context.next_visitor()
        self.still_there_until = None
        self.ticket_until = None
        self.staff = None
        self.theme = self._theme_name()
        while len(self.screen_stack) > 1:
            self.pop_screen()
        welcome = self.screen_stack[0]
        self.apply_display_mode(welcome)
        welcome.refresh(recompose=True)
        state = self.context.kiosk_state
        if state is not None and not state.takes_check_ins:
            self.push_screen(ClosedScreen(self.context))
        if not self.database_status.online and self.database_status.problem:
            from kiosk.screens.unavailable import UnavailableScreen

            self.push_screen(UnavailableScreen(self.context, self.database_status))
        self.call_after_refresh(release_render_caches)
        # The last visitor's objects are freed now, while nobody waits (not during the
        # next visitor's "Get my ticket"; see kiosk/health.py).
        self.call_after_refresh(collect_between_visitors)
        # Then the pages the visitor's work freed go back to the system (see
        # kiosk/health.py): without it resident memory crept up with no leak behind it.
        self.call_after_refresh(return_free_memory)

    @on(CheckInStarted)
    def start_check_in(self) -> None:
        """Touch to check in."""
        state = self.context.kiosk_state
        if state is None:
            return  # the opening hours are read a moment after start-up
        if not state.takes_check_ins:
            self.push_screen(ClosedScreen(self.context))
            return
        from kiosk.screens.flow import ServiceScreen

        self.context.draft = CheckInDraft()
        self.last_activity = self.clock()
        self.push_screen(ServiceScreen(self.context))

    @on(ServiceChosen)
    def choose_service(self, message: ServiceChosen) -> None:
        """A service tile: offer the online route where there is one, else ask needs."""
        from kiosk.screens.flow import OnlineScreen

        self.context.draft.service_code = message.code
        if self.settings.service(message.code).online_url:
            self.push_screen(OnlineScreen(self.context))
        else:
            self.show_needs()

    @on(NeedsAsked)
    def show_needs(self) -> None:
        """Access and communication needs."""
        from kiosk.screens.flow import NeedsScreen

        self.push_screen(NeedsScreen(self.context))

    @on(ConfirmAsked)
    def show_confirm(self) -> None:
        """Check, optional name, and the ticket button (which makes the check-in)."""
        from kiosk.screens.flow import ConfirmScreen

        self.push_screen(ConfirmScreen(self.context, self.service))

    @on(ClosedMeanwhile)
    def _closed_meanwhile(self) -> None:
        from kiosk.screens.dialogs import MessageDialog

        _ = self.gettext
        self.reset_to_welcome()
        self.push_screen(
            MessageDialog(
                self.context,
                _("Sorry, we are not taking check-ins now"),
                _("Please speak to a member of staff, or come back when we are open."),
            )
        )
        self.poll_state()

    @on(CheckedIn)
    def _show_ticket(self, message: CheckedIn) -> None:
        from kiosk.screens.ticket import TicketScreen

        issued = message.issued
        self.last_visit_id = issued.visit_id
        self.visitors_served += 1
        self.ticket_until = self.clock() + dt.timedelta(seconds=self.settings.kiosk.ticket_seconds)
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(TicketScreen(self.context, issued, self.service))
        # The check-in is saved: nothing on this kiosk keeps the visitor's answers.
        self.context.draft = CheckInDraft()

    @on(PrintWatched)
    def _print_watched(self, message: PrintWatched) -> None:
        if not message.printed:
            # Keep the number on screen longer, so it can be remembered.
            self.ticket_until = self.clock() + dt.timedelta(
                seconds=self.settings.kiosk.ticket_seconds_printer_fault
            )

    @on(HelpAnswered)
    def _help_answered(self, message: HelpAnswered) -> None:
        """Tell the visitor whether staff were told (Welcome's worker asked them)."""
        from kiosk.screens.dialogs import MessageDialog

        _ = self.gettext
        if message.reached:
            dialog = MessageDialog(
                self.context,
                _("Help is on its way"),
                _("A member of staff has been told and will come to you as soon as possible."),
            )
        else:
            dialog = MessageDialog(
                self.context,
                _("Please go to the reception desk"),
                _("We could not call a member of staff from here. Please ask at reception."),
                error=True,
            )
        self.push_screen(dialog)

    # --- staff ---------------------------------------------------------------------------

    @on(StaffPinRequested)
    def open_staff_pin(self) -> None:
        """The hidden gesture was made: ask for a staff code and PIN."""
        from kiosk.screens.dialogs import StaffMenuDialog, StaffPinDialog

        if not isinstance(self.screen, StaffPinDialog | StaffMenuDialog):
            self.push_screen(StaffPinDialog(self.context))

    def signed_in(self, staff: StaffView | None, message: str) -> None:
        """The staff PIN was checked (`FrontdeskApp.check_sign_in`): the menu, or why not."""
        from kiosk.screens.dialogs import StaffMenuDialog, StaffPinDialog

        screen = self.screen
        if not isinstance(screen, StaffPinDialog):
            return
        if staff is None:
            screen.show_error(message)
            return
        self.staff = staff
        self.pop_screen()
        self.push_screen(
            StaffMenuDialog(
                self.context,
                staff,
                self.service,
                last_visit_id=self.last_visit_id,
                database_where=self.database_where,
                last_failure=self.last_failure,
            )
        )

    @on(QuitRequested)
    def staff_quit(self) -> None:
        """Staff chose to quit the kiosk."""
        if self.staff is not None:
            log.info("kiosk quit by staff %s", self.staff.code)
            self.quit_requested = True
            self.exit(0)


def release_render_caches() -> None:
    """Let the last visitor's screens go from Textual's render cache.

    Textual 8.2 keeps each widget's render cache alive through an `lru_cache` on
    `StylesCache.get_inner_outer` (Textualize/textual#6665), up to 1,024 widgets long
    after their screens closed. A visitor's flow makes about 60 widgets, so after 30
    visitors every full garbage collection walked them all and took 0.3 s, now and
    then in the middle of a check-in (bench/kiosk.py). Emptying it between visitors
    keeps the kiosk's memory flat.
    """
    # A private part of Textual: a version that moved or fixed it must not break the
    # kiosk (tests/kiosk/test_all_day.py will say when to look again).
    try:
        from textual._styles_cache import StylesCache
    except ImportError:
        return
    clear = getattr(getattr(StylesCache, "get_inner_outer", None), "cache_clear", None)
    if clear is not None:
        clear()


def make_kiosk_app(
    settings: Settings,
    *,
    database_url: str | None = None,
    printer: Printer | None = None,
    clock: Callable[[], dt.datetime] = utcnow,
    start_spool: bool = True,
    give_up_seconds: float = GIVE_UP_SECONDS,
    previous_failure: Failure | None = None,
) -> KioskApp:
    """Build the kiosk from settings: the one factory the CLI and the tests use."""
    return KioskApp(
        settings,
        database_url=database_url,
        printer=printer,
        clock=clock,
        start_spool=start_spool,
        give_up_seconds=give_up_seconds,
        previous_failure=previous_failure,
    )


def run_kiosk(settings: Settings) -> int:
    """Run the kiosk until staff quit it; start it again after an unexpected stop.

    Returns 0 when staff quit it, and 70 (for systemd) after repeated crashes or when
    the database stayed away for `GIVE_UP_SECONDS`.
    """
    # With this set, Textual would let ctrl+c / ctrl+z act as signals on the kiosk.
    os.environ.pop("TEXTUAL_ALLOW_SIGNALS", None)
    # Stale COLUMNS/LINES (exported by a shell or a tmux server) would win over the
    # real terminal's size: the kiosk must fill the screen it is on.
    os.environ.pop("COLUMNS", None)
    os.environ.pop("LINES", None)
    configure_logging(settings.kiosk.log_file, "kiosk")

    def restart(app: FrontdeskApp) -> bool:
        # Only staff quit the kiosk; any other stop starts it again.
        return not (isinstance(app, KioskApp) and app.quit_requested)

    return run_app(
        lambda failure: make_kiosk_app(settings, previous_failure=failure), restart=restart
    )
