"""The ticket on screen: number, people ahead, target time, QR, and how printing went."""

from __future__ import annotations

import time

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Center, Horizontal, Vertical
from textual.widgets import Button, Label
from textual.worker import get_current_worker

from appbase.threads import post_from_worker
from common_ui.bigtext import BigLabel, BigText
from i18n.dates import clock_time
from kiosk.context import KioskContext
from kiosk.messages import PrintWatched, StartAgain
from kiosk.screens.base import KioskScreen
from kiosk.service import KioskService
from kiosk.widgets.qr import QrCode
from models.enums import PrinterState, PrintJobStatus
from models.views import TicketFacts

PRINT_WATCH_SECONDS = 8.0
"""How long the ticket screen waits for the printer before saying it is slow."""


class TicketScreen(KioskScreen):
    """Shown after check-in; returns to Welcome after a few seconds or at a tap.

    Following the ticket's print job is this screen's work: its worker stops when the
    screen goes, and `PrintWatched` goes up to the app (which keeps the number on
    screen longer when the printer is in trouble).
    """

    FIRST_FOCUS = "#done"

    def __init__(self, context: KioskContext, issued: TicketFacts, service: KioskService) -> None:
        super().__init__(context)
        self.issued = issued
        """The check-in's result. The visitor's name is never shown here: the next person
        in the queue can read this screen."""
        self.service = service
        """What tells how the print job is going (in a worker)."""

    def on_mount(self) -> None:
        """Start following the ticket's print job."""
        super().on_mount()
        if self.issued.print_job_id is not None:
            self.watch_print_job(self.issued.print_job_id)

    def compose(self) -> ComposeResult:
        """Number, service, people ahead, target, QR, print status, Done."""
        _ = self._
        context = self.context
        issued = self.issued
        service = context.settings.service(issued.service_code).name(context.language)
        with Horizontal(id="ticket"):
            with Vertical(id="ticket-words"):
                yield BigLabel(_("Thank you"), id="thanks")
                yield Label(_("Your ticket number is"), markup=False)
                with Center():
                    yield BigText(issued.ticket, id="ticket-number")
                yield Label(Text(service), id="ticket-service")
                yield Label(self.ahead_line(), id="people-ahead", markup=False)
                target = clock_time(issued.target_due_at.astimezone(context.settings.office.zone))
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

        context = self.context
        target = clock_time(self.issued.target_due_at.astimezone(context.settings.office.zone))
        return ticket_announcement(
            context.language, self.issued.ticket, self.issued.people_ahead, target
        )

    def ahead_line(self) -> str:
        """How many people are ahead, in the visitor's language."""
        ahead = self.issued.people_ahead
        if ahead == 0:
            return self._("You are next.")
        return self.ngettext(
            "{count} person is ahead of you.", "{count} people are ahead of you.", ahead
        ).format(count=ahead)

    def show_print_state(
        self, printed: bool | None, problem: str | None, *, kept: bool = False
    ) -> None:
        """Say how printing went: taken, failed (and why), or still trying.

        Args:
            kept: The ticket was not printed but its job is kept: it may still print a
                little later, and a visitor who was not told would leave it to the next
                person (or think it someone else's).
        """
        _ = self._
        # `query`, not `query_one`: when Textual takes a screen down as the app closes,
        # its widgets may go before the screen's last messages are handled.
        for label in self.query("#print-status").results(Label):
            if printed:
                label.update(Text(_("Please take your ticket from the printer.")))
                label.remove_class("-problem")
            elif problem is not None:
                words = [problem]
                if kept:
                    words.append(
                        _(
                            "Your ticket may still print in the next few minutes: "
                            "if it does, please take it."
                        )
                    )
                remember = _("Please remember your number: {ticket}. We will call it out.")
                words.append(remember.format(ticket=self.issued.ticket))
                label.update(Text(" ".join(words)))
                label.add_class("-problem")

    @work(thread=True, exit_on_error=False, exclusive=True, group="print-watch")
    def watch_print_job(self, job_id: int) -> None:
        """Follow the ticket's print job and tell the visitor how it went.

        Through `post_from_worker`: once the screen has gone (Done, the kiosk closing)
        the worker is cancelled and hands nothing over.
        """
        deadline = time.monotonic() + PRINT_WATCH_SECONDS
        cancelled = get_current_worker().cancelled_event
        status: str | None = None
        while time.monotonic() < deadline:
            status = self.service.print_job_status(job_id)
            if status == PrintJobStatus.PRINTED:
                post_from_worker(self, PrintWatched(printed=True))
                return
            if status in (PrintJobStatus.FAILED, PrintJobStatus.DISCARDED):
                break
            if cancelled.wait(0.2):
                return
        if cancelled.is_set():
            return  # the screen has gone: nobody to tell why
        printer = self.service.kiosk_state().printer_state
        # Failed (retried) or still pending: the spool may yet print it. Discarded: never.
        kept = status != PrintJobStatus.DISCARDED
        post_from_worker(self, PrintWatched(printed=False, printer_state=printer, kept=kept))

    @on(PrintWatched)
    def _print_watched(self, message: PrintWatched) -> None:
        if self not in self.app.screen_stack:
            # The printer answered as the visitor left (Done, or the time ran out): the
            # screen is off the stack but not yet taken down. Nobody reads it now, and
            # the app must not keep the next visitor's Welcome for this ticket.
            message.stop()
            return
        # The message goes on up to the app.
        self.show_print_state(
            message.printed, self.printer_problem(message.printer_state), kept=message.kept
        )

    def printer_problem(self, state: str | None) -> str | None:
        """Why the ticket has not printed, in the visitor's language (None: it has)."""
        _ = self._
        if state is None:
            return None
        if state == PrinterState.PAPER_OUT:
            return _("Sorry, the printer has run out of paper.")
        if state == PrinterState.OFFLINE:
            return _("Sorry, the ticket printer is not working right now.")
        return _("Sorry, your ticket is taking a long time to print.")

    @on(Button.Pressed, "#done")
    def _done(self) -> None:
        self.post_message(StartAgain())
