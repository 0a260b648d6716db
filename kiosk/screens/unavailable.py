"""Check-in is not available: shown while the kiosk cannot reach its database."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import var
from textual.widgets import Button, Label

from appbase.database import DatabaseStatus
from common_ui.bigtext import BigLabel
from kiosk.context import KioskContext
from kiosk.messages import LanguageChosen
from kiosk.screens.welcome import BigHeadingScreen, Header
from kiosk.widgets.language import language_button


class UnavailableScreen(BigHeadingScreen):
    """A calm sentence for the visitor, and for staff which database is missing.

    It covers whatever was on screen and offers nothing a visitor could start and the
    kiosk could not finish: only the language buttons, so the sentence can be read in
    one's own language. It goes away by itself when the database is back.

    Args:
        context: The kiosk's shared state.
        status: The database's state; the app sets `status` again as it changes.
    """

    FIRST_FOCUS = ".-selected"
    BODY = "#unavailable-body"
    HEADING = "#unavailable-title"

    status: var[DatabaseStatus] = var(DatabaseStatus(online=False, where=""), init=False)
    """The database's state, as the app last saw it (shown to staff)."""

    def __init__(self, context: KioskContext, status: DatabaseStatus) -> None:
        super().__init__(context)
        self.set_reactive(UnavailableScreen.status, status)

    def compose(self) -> ComposeResult:
        """Header, the sentence, the website and phone, languages, the staff line."""
        _ = self._
        settings = self.context.settings
        yield Header(self.context)
        with Vertical(id="unavailable-body"):
            yield BigLabel(
                _("Check-in is not available right now"),
                id="unavailable-title",
            )
            yield Label(
                _("Please speak to a member of staff at reception."),
                id="unavailable-ask",
                markup=False,
            )
            yield Label(_("You can also contact us online or by phone:"), markup=False)
            yield Label(Text(settings.office.website), id="website")
            yield Label(Text(settings.office.phone), id="phone")
            with Horizontal(id="languages"):
                # As on Welcome and the closed screen: the language in use is ticked.
                for code in settings.languages:
                    yield language_button(code, selected=code == self.context.language)
        yield Label("", id="unavailable-staff", markup=False)

    def on_mount(self) -> None:
        """Show the staff line, and keep it up to date while the kiosk retries."""
        super().on_mount()
        self.watch_status(self.status)

    def watch_status(self, status: DatabaseStatus) -> None:
        """Show the database's new state to staff (once composed)."""
        # Staff-facing, in English like the staff menu: which database, and why.
        line = f"For staff: {status.sentence} The kiosk keeps trying and carries on by itself."
        for label in self.query("#unavailable-staff").results(Label):
            label.update(Text(line))

    @on(Button.Pressed, ".language")
    def _language(self, event: Button.Pressed) -> None:
        assert event.button.id is not None
        self.post_message(LanguageChosen(event.button.id.removeprefix("language-")))
