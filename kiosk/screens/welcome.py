"""Welcome (open) and closed screens, and the header both show."""

from __future__ import annotations

import time

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Center, Horizontal, Vertical
from textual.events import Click
from textual.widgets import Button, Label, Static

from appbase.failures import is_database_error
from appbase.messages import WorkFailed
from appbase.threads import post_from_worker
from common_ui.bigtext import BigButton, BigLabel
from i18n.dates import clock_time, day_and_month
from kiosk.context import KioskContext
from kiosk.messages import (
    CheckInStarted,
    DisplayModeToggled,
    HelpAnswered,
    LanguageChosen,
    OpeningScreenResumed,
    StaffPinRequested,
)
from kiosk.screens.base import KioskScreen
from kiosk.service import KioskService
from kiosk.widgets.language import language_button
from kiosk.widgets.qr import QrCode

STAFF_TAPS = 5
"""Taps on the clock, within STAFF_TAP_SECONDS, that open the staff PIN dialog."""
STAFF_TAP_SECONDS = 4.0


class Clock(Static):
    """Date and time in the office's zone; five quick taps open the staff PIN dialog."""

    def __init__(self, context: KioskContext, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.context = context
        self._taps: list[float] = []

    def on_mount(self) -> None:
        """Show the time now and every second."""
        self.tick()
        self.set_interval(1.0, self.tick)

    def tick(self) -> None:
        """Redraw from the kiosk's clock."""
        now = self.context.local_now()
        language = self.context.language
        self.update(Text(f"{day_and_month(now, language)}  {clock_time(now)}"))

    def on_click(self, event: Click) -> None:
        """Count taps; the fifth within a few seconds asks for a staff PIN."""
        moment = time.monotonic()
        self._taps = [t for t in self._taps if moment - t < STAFF_TAP_SECONDS] + [moment]
        if len(self._taps) >= STAFF_TAPS:
            self._taps.clear()
            self.post_message(StaffPinRequested())


class Header(Horizontal):
    """Office name on the left, clock on the right."""

    def __init__(self, context: KioskContext) -> None:
        super().__init__()
        self.context = context

    def compose(self) -> ComposeResult:
        """The two halves."""
        office = self.context.settings.office
        yield Label(Text(f"{office.organisation} · {office.name}"), id="office-name")
        yield Clock(self.context, id="clock")


class WelcomeScreen(KioskScreen):
    """The first thing a visitor sees: check in, language, display, help."""

    FIRST_FOCUS = "#check-in"

    def __init__(self, context: KioskContext, service: KioskService) -> None:
        super().__init__(context)
        self.service = service
        """What the help button calls (in a worker)."""

    def compose(self) -> ComposeResult:
        """Header, hours, the check-in button, languages, display modes, help now."""
        _ = self._
        context = self.context
        yield Header(context)
        with Vertical(id="welcome-body"):
            yield Label(_("Welcome"), id="welcome-title", markup=False)
            yield Label(self.hours_line(), id="hours-line", markup=False)
            with Center():
                yield BigButton(
                    self.check_in_label(),
                    id="check-in",
                    variant="primary",
                    max_lines=2,
                    disabled=not self.takes_check_ins(),
                )
            with Horizontal(id="languages"):
                for code in context.settings.languages:
                    yield language_button(code, selected=code == context.language)
            with Horizontal(id="accessibility"):
                yield Button(
                    _("Larger text: on") if context.large_text else _("Larger text: off"),
                    id="large-text",
                    classes="mode" + (" -on" if context.large_text else ""),
                )
                yield Button(
                    _("High contrast: on") if context.high_contrast else _("High contrast: off"),
                    id="high-contrast",
                    classes="mode" + (" -on" if context.high_contrast else ""),
                )
                yield self.read_aloud_button()
                yield Button(_("I need help now"), id="help-now", variant="error")

    def read_aloud_button(self) -> Button:
        """The read-aloud toggle, saying honestly whether the kiosk can speak at all."""
        _ = self._
        context = self.context
        if context.speech_problem is not None:
            # The speaker failed (no sound card, no espeak-ng): "on" would be a promise
            # the kiosk cannot keep, and pressing it could change nothing.
            return Button(
                _("Read aloud: unavailable"), id="read-aloud", classes="mode", disabled=True
            )
        return Button(
            _("Read aloud: on") if context.read_aloud else _("Read aloud: off"),
            id="read-aloud",
            classes="mode" + (" -on" if context.read_aloud else ""),
        )

    def spoken_prompt(self) -> str:
        """Welcome, the hours, and what to touch."""
        return ". ".join(part for part in (self._("Welcome"), self.hours_line()) if part)

    def on_screen_resume(self) -> None:
        """Back from a dialog (the staff menu may have paused check-ins): show the state."""
        super().on_screen_resume()
        self.post_message(OpeningScreenResumed())

    def paused(self) -> bool:
        """Staff have paused check-ins (the closed screen follows at the next reading)."""
        state = self.context.kiosk_state
        return state is not None and not state.takes_check_ins

    def day_known(self) -> bool:
        """The day's state has been read: until then nobody is offered a check-in (the
        configured hours cannot tell whether staff have paused check-ins)."""
        return self.context.kiosk_state is not None

    def takes_check_ins(self) -> bool:
        """Check-in is on offer: the day's state is known, open and not paused."""
        state = self.context.kiosk_state
        return state is not None and state.takes_check_ins

    def check_in_label(self) -> str:
        """ "Touch to check in", or why not ("One moment…" until the day is known)."""
        if not self.day_known():
            return self._("One moment…")
        if self.paused():
            return self._("Check-in is paused")
        return self._("Touch to check in")

    def hours_line(self) -> str:
        """ "Open until 17:00", with the last-entry warning when it applies."""
        _ = self._
        state = self.context.kiosk_state
        if state is None or state.hours.closes_at is None:
            return ""
        closes = clock_time(state.hours.closes_at.astimezone(self.context.settings.office.zone))
        line = _("Open until {time}").format(time=closes)
        if state.hours.last_entry_warning:
            line += " — " + _("we close soon, and may not be able to finish your enquiry today.")
        return line

    def refresh_hours(self) -> None:
        """Update the opening-hours line and the check-in button after a new state was read."""
        # Welcome is drawn afresh for each visitor: a state read that arrives while it
        # is being composed finds neither yet, and the new ones show the new state. And
        # `query`, not `query_one`: Textual's query_one cache on this screen, which
        # lives as long as the kiosk, would keep every replaced line and button.
        for line in self.query("#hours-line").results(Label):
            line.update(Text(self.hours_line()))
        for button in self.query("#check-in").results(Button):
            offered = button.disabled and self.takes_check_ins()
            button.label = self.check_in_label()
            button.disabled = not self.takes_check_ins()
            if offered and (self.focused is None or self.focused.has_class("language")):
                # While "One moment…" showed, the focus fell to the first language: Enter
                # checks in, as on every Welcome.
                button.focus(scroll_visible=False)

    @on(Button.Pressed, "#check-in")
    def _check_in(self) -> None:
        self.post_message(CheckInStarted())

    @on(Button.Pressed, ".language")
    def _language(self, event: Button.Pressed) -> None:
        assert event.button.id is not None
        self.post_message(LanguageChosen(event.button.id.removeprefix("language-")))

    # The app changes the mode and draws Welcome again (read aloud: it reads the screen
    # aloud once composed, when on).
    @on(Button.Pressed, "#large-text")
    def _large(self) -> None:
        self.post_message(DisplayModeToggled("large-text"))

    @on(Button.Pressed, "#read-aloud")
    def _read_aloud(self) -> None:
        self.post_message(DisplayModeToggled("read-aloud"))

    @on(Button.Pressed, "#high-contrast")
    def _contrast(self) -> None:
        self.post_message(DisplayModeToggled("high-contrast"))

    @on(Button.Pressed, "#help-now")
    def _help(self) -> None:
        # Taps again while a slow database is still being asked add nothing: staff get
        # one alert (repeats fold into it) and the visitor one answer, not a pile.
        if any(worker.group == "help" and worker.is_running for worker in self.workers):
            return
        self.call_for_help()

    @work(thread=True, exit_on_error=False, group="help")
    def call_for_help(self) -> None:
        """ "I need help now": alert staff at once; the app tells the visitor how it went.

        The answer is handed over with `post_from_worker`: a kiosk that closes (or has
        closed) as the alert is made is told nothing, and nothing raises here.
        """
        try:
            self.service.ask_for_help()
        except Exception as error:
            if is_database_error(error):
                self.service.database_unreachable("help alert")
            else:
                post_from_worker(self, WorkFailed("help alert", error))
            post_from_worker(self, HelpAnswered(reached=False))
            return
        post_from_worker(self, HelpAnswered(reached=True))


class BigHeadingScreen(KioskScreen):
    """A screen whose heading is drawn big in large text in the rows the rest leaves.

    What follows the heading (a QR code that must stay whole to scan, the language
    buttons) keeps its rows: when the body is taller than the screen, the heading is
    allowed that many rows fewer, so it takes one line, the narrower letters, or at last
    ordinary text.
    """

    BODY = ""
    """The body's selector."""
    HEADING = ""
    """The heading's selector (a BigLabel in the body)."""

    def on_resize(self) -> None:
        """Measure again at a new size, from the heading's full height."""
        for heading in self.query(self.HEADING).results(BigLabel):
            heading.max_rows = None
            heading.refresh(layout=True)
        self.call_after_refresh(self.fit_heading)

    def _settled(self) -> None:
        super()._settled()
        self.fit_heading()  # composed again (a new language): a new heading

    def fit_heading(self) -> None:
        """Give the heading as many rows fewer as the body is too tall (once laid out)."""
        if not self.is_attached:
            return  # taken down meanwhile (Start again, the idle timeout)
        for body in self.query(self.BODY):
            for heading in body.query(self.HEADING).results(BigLabel):
                over = body.virtual_size.height - body.content_region.height
                if over > 0 and heading.shown_big:
                    heading.max_rows = max(0, heading.content_region.height - over)
                    heading.refresh(layout=True)


class ClosedScreen(BigHeadingScreen):
    """Outside opening hours, on bank holidays, in closures, or while paused."""

    FIRST_FOCUS = ".-selected"
    BODY = "#closed-body"
    HEADING = "#closed-title"

    def on_screen_resume(self) -> None:
        """Back from a dialog (the staff menu may have resumed check-ins): show the state."""
        super().on_screen_resume()
        self.post_message(OpeningScreenResumed())

    def compose(self) -> ComposeResult:
        """Why closed, when open next, and the website and phone instead."""
        _ = self._
        settings = self.context.settings
        state = self.context.kiosk_state
        yield Header(self.context)
        with Vertical(id="closed-body"):
            if state is not None and state.paused and state.hours.is_open:
                yield BigLabel(_("Check-in is paused"), id="closed-title")
                yield Label(_("Please speak to a member of staff at reception."), markup=False)
            else:
                yield BigLabel(_("We are closed"), id="closed-title")
                if state is not None and state.hours.closed_reason:
                    yield Label(Text(state.hours.closed_reason), id="closed-reason")
                yield Label(self.next_opening_line(), id="next-opening", markup=False)
            with Horizontal(id="closed-contact"):
                with Vertical(id="closed-words"):
                    yield Label(_("You can also contact us online or by phone:"), markup=False)
                    yield Label(Text(settings.office.website), id="website")
                    yield Label(Text(settings.office.phone), id="phone")
                yield QrCode(settings.office.website, id="website-qr")
            with Horizontal(id="languages"):
                for code in settings.languages:
                    yield language_button(code, selected=code == self.context.language)

    def next_opening_line(self) -> str:
        """ "We open again on Monday 30 November at 09:00"."""
        _ = self._
        state = self.context.kiosk_state
        if state is None or state.hours.next_opens_at is None:
            return ""
        opens = state.hours.next_opens_at.astimezone(self.context.settings.office.zone)
        return _("We open again on {day} at {time}.").format(
            day=day_and_month(opens, self.context.language),
            time=clock_time(opens),
        )

    @on(Button.Pressed, ".language")
    def _language(self, event: Button.Pressed) -> None:
        assert event.button.id is not None
        self.post_message(LanguageChosen(event.button.id.removeprefix("language-")))
