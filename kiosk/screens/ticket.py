"""The ticket on screen: number, people ahead, target time, QR, and how printing went."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Center, Horizontal, Vertical
from textual.widgets import Button, Label

from common_ui.bigtext import BigText
from i18n.dates import clock_time
from kiosk.screens.base import KioskScreen
from kiosk.widgets.qr import QrCode
from models.views import TicketFacts


class TicketScreen(KioskScreen):
    """Shown after check-in; returns to Welcome after a few seconds or at a tap."""

    FIRST_FOCUS = "#done"

    def __init__(self, issued: TicketFacts) -> None:
        super().__init__()
        self.issued = issued
        """The check-in's result. The visitor's name is never shown here: the next person
        in the queue can read this screen."""

    def compose(self) -> ComposeResult:
        """Number, service, people ahead, target, QR, print status, Done."""
        _ = self._
        app = self.app
        issued = self.issued
        service = app.settings.service(issued.service_code).name(app.language)
        thanks = Text(_("Thank you"))
        with Horizontal(id="ticket"):
            with Vertical(id="ticket-words"):
                yield Label(thanks, id="thanks")
                yield Label(_("Your ticket number is"), markup=False)
                with Center():
                    yield BigText(issued.ticket, id="ticket-number")
                yield Label(Text(service), id="ticket-service")
                yield Label(self.ahead_line(), id="people-ahead", markup=False)
                target = clock_time(issued.target_due_at.astimezone(app.settings.office.zone))
                yield Label(
                    _("We aim to see you by {time}.").format(time=target),
                    id="target-time",
                    markup=False,
                )
                yield Label(
                    _("Your ticket is printing. Please take it."), id="print-status", markup=False
                )
            yield QrCode(issued.reference, id="ticket-qr")
        with Center():
            yield Button(_("Done"), id="done", variant="primary")

    def spoken_prompt(self) -> str:
        """The ticket number (said as "A 17"), people ahead and the target time."""
        from i18n.speech import ticket_announcement

        target = clock_time(self.issued.target_due_at.astimezone(self.app.settings.office.zone))
        return ticket_announcement(
            self.app.language, self.issued.ticket, self.issued.people_ahead, target
        )

    def ahead_line(self) -> str:
        """How many people are ahead, in the visitor's language."""
        ahead = self.issued.people_ahead
        if ahead == 0:
            return self._("You are next.")
        return self.app.ngettext(
            "{count} person is ahead of you.", "{count} people are ahead of you.", ahead
        ).format(count=ahead)

    def show_print_state(self, printed: bool | None, problem: str | None) -> None:
        """Say how printing went: taken, failed (and why), or still trying."""
        _ = self._
        label = self.query_one("#print-status", Label)
        if printed:
            label.update(Text(_("Please take your ticket from the printer.")))
            label.remove_class("-problem")
        elif problem is not None:
            label.update(
                Text(
                    problem
                    + " "
                    + _("Please remember your number: {ticket}. We will call it out.").format(
                        ticket=self.issued.ticket
                    )
                )
            )
            label.add_class("-problem")

    @on(Button.Pressed, "#done")
    def _done(self) -> None:
        self.app.reset_to_welcome()
