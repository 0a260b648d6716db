"""What the kiosk's screens and widgets tell the app (messages up).

Screens never call the app's methods: they post one of these, which bubbles from the
widget to its screen and on to the app, and the app answers by changing what it owns
(the screen stack, the `KioskContext`) and passing the new state down. Dialogs answer
the screen that opened them with a typed result instead (`kiosk.screens.dialogs`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from textual.message import Message

if TYPE_CHECKING:
    from models.api import KioskState
    from models.views import TicketFacts

DisplayMode = Literal["large-text", "high-contrast", "read-aloud"]
"""The visitor's display choices on Welcome."""


@dataclass
class CheckInStarted(Message):
    """ "Touch to check in" on Welcome."""


@dataclass
class ServiceChosen(Message):
    """A service tile was touched (the draft has not been told yet)."""

    code: str
    """The service's code."""


@dataclass
class NeedsAsked(Message):
    """On to the needs step (from the online offer, or straight after the service)."""


@dataclass
class ConfirmAsked(Message):
    """On to the last step: check, name, and the ticket button."""


@dataclass
class CheckedIn(Message):
    """The check-in was made: show the ticket (posted to the app by Confirm's worker)."""

    issued: TicketFacts
    """The ticket's facts."""


@dataclass
class ClosedMeanwhile(Message):
    """The check-in was refused because the office closed (or paused) meanwhile."""


@dataclass
class PrintWatched(Message):
    """How the ticket's printing went, as the ticket screen found out."""

    printed: bool
    """The printer took it."""
    printer_state: str | None = None
    """When it did not: the printer's state (a `PrinterState` value), as read then."""
    kept: bool = False
    """When it did not: the job is kept and retried, so the ticket may still print (until
    it is `printer.stale_minutes` old or the visitor is called)."""


@dataclass
class StartAgain(Message):
    """Back to Welcome with nothing answered ("Start again", "Done")."""

    same_visitor: bool = False
    """ "Start again" mid-visit: the same person begins again, in the language and with
    the display choices (large text, high contrast, read aloud) they made. Otherwise
    ("Done") the visitor has finished: everything goes back for the next person."""


@dataclass
class LanguageChosen(Message):
    """The visitor chose a language (a configured one)."""

    language: str
    """Its code."""


@dataclass
class DisplayModeToggled(Message):
    """A display choice on Welcome was turned on or off."""

    mode: DisplayMode
    """Which one."""


@dataclass
class ReadAloud(Message):
    """Say these words aloud now, in this language (the app owns the speaker)."""

    text: str
    """The words."""
    language: str
    """Their language."""


@dataclass
class OpeningScreenResumed(Message):
    """Welcome or the closed screen is on top again (a dialog closed, such as the staff
    menu that paused or resumed check-ins): the app shows the state it knows."""


@dataclass
class HelpAnswered(Message):
    """ "I need help now" was sent to staff, or could not be."""

    reached: bool
    """Staff were told."""


@dataclass
class StaffPinRequested(Message):
    """The hidden gesture (five taps on the clock) was made."""


@dataclass
class KioskStateRead(Message):
    """A screen's worker read the kiosk's state (the staff menu, after pausing)."""

    state: KioskState
    """What it read."""


@dataclass
class QuitRequested(Message):
    """Staff chose Quit in the staff menu."""
