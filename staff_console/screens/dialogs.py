"""Dialogs for the actions that need more than a key: resolve, transfer, walk-in, find, hours."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Input,
    Label,
    RadioButton,
    RadioSet,
    Select,
    SelectionList,
    TextArea,
)

from staff_console.desk import DeskState
from staff_console.forms import FindQuery, HoursChange, Resolution, Transfer, WalkIn

if TYPE_CHECKING:
    from models.desks import DeskStatus

FormT = TypeVar("FormT")

OUTCOMES = (
    ("resolved", "Resolved"),
    ("signposted", "Signposted to another organisation"),
    ("referred", "Referred to a department"),
    ("callback", "Call-back arranged"),
    ("written_reply", "Written reply needed"),
)


class FormDialog(ModalScreen[FormT | None], Generic[FormT]):
    """A small form; Escape cancels, the primary button hands on a typed form.

    A dialog that `stays_open` posts `Submitted` and waits while the app tries the
    form: the app calls `error` (the dialog keeps every input, and says why) or `done`
    (it closes). The others dismiss with the form.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]
    stays_open: ClassVar[bool] = False
    """Open until the rule accepts the form (its refusal is said in the dialog)."""

    @dataclass
    class Submitted(Message):
        """A form to try; the dialog waits for `error` or `done`."""

        dialog: FormDialog[Any]
        """The dialog waiting for the answer (`error` or `done`)."""
        form: object
        """The form, one of the dataclasses in `staff_console.forms`."""

    def __init__(self, state: DeskState) -> None:
        super().__init__()
        self.state = state
        """This desk (settings, clock), handed down by the app."""

    def submit(self, form: FormT) -> None:
        """Hand the form on: up to the app (the dialog waits), or by closing."""
        if not self.stays_open:
            self.dismiss(form)
            return
        self.query_one("#ok", Button).disabled = True  # one attempt at a time
        self.error("")
        self.post_message(self.Submitted(self, form))

    def done(self) -> None:
        """The values were accepted: close."""
        if self.is_attached:
            self.dismiss(None)

    def action_cancel(self) -> None:
        """Close without doing anything."""
        self.dismiss(None)

    def buttons(self, label: str) -> Horizontal:
        """OK and Cancel."""
        return Horizontal(
            Button(label, id="ok", variant="primary"),
            Button("Cancel", id="cancel"),
            classes="buttons",
        )

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    def error(self, message: str) -> None:
        """Say what is wrong; the dialog and everything typed in it stay."""
        self.query_one("#form-error", Label).update(Text(message))
        if message:
            self.query_one("#ok", Button).disabled = False


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question before something that ends a visit or leaves the desk.

    `y` or Enter on "Yes" confirms; `n` or Escape does nothing. The question names the
    visitor, so the receptionist sees whom it is about.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, yes: str = "Yes") -> None:
        super().__init__()
        self.question = question
        """What is asked (plain text)."""
        self.yes = yes
        """The confirming button's label."""

    def compose(self) -> ComposeResult:
        """The question and two buttons."""
        with Vertical(classes="form"):
            yield Label(Text(self.question), classes="title")
            yield Label(Text("y: yes · n or Esc: no"))
            yield Horizontal(
                Button(self.yes, id="yes", variant="error"),
                Button("No", id="no", variant="primary"),
                classes="buttons",
            )

    def on_mount(self) -> None:
        """ "No" has the focus: Enter by habit does no harm."""
        self.query_one("#no", Button).focus()

    def action_answer(self, yes: bool) -> None:
        """Close with the answer."""
        self.dismiss(yes)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class MarkedRadioButton(RadioButton):
    """A radio button whose state shows in its words too, not in colour alone: the
    chosen one reads "✓ Resolved", the others "  Signposted ..." (Textual's draws the
    same "●" for every button and tells them apart by colour only)."""

    def __init__(self, label: str, *, value: bool = False, name: str | None = None) -> None:
        self.words = label
        """The label without its mark."""
        super().__init__(self._marked(value), value=value, name=name)

    def _marked(self, value: bool) -> Text:
        # Text, not markup: the words are ours, but a "[" in them must stay a "[".
        return Text(("✓ " if value else "  ") + self.words)

    def watch_value(self) -> None:
        """Keep the mark in step with the value (and let RadioButton do its part)."""
        super().watch_value()
        self.label = self._marked(self.value)


class ResolveDialog(FormDialog[Resolution]):
    """End the visit with an outcome and its particulars."""

    stays_open = True

    def __init__(self, state: DeskState, visit_id: int) -> None:
        super().__init__(state)
        self.visit_id = visit_id
        self.ticket = state.ticket_of(visit_id)

    def compose(self) -> ComposeResult:
        """Outcome, detail, call-back time, working days for a written reply."""
        with Vertical(classes="form"):
            yield Label(Text(f"Resolve {self.ticket}"), classes="title")
            with RadioSet(id="outcome"):
                for index, (value, label) in enumerate(OUTCOMES):
                    yield MarkedRadioButton(label, value=index == 0, name=value)
            yield Input(
                placeholder="Organisation or department (signposted / referred)",
                id="detail",
                max_length=500,
            )
            yield Input(
                placeholder="Call back at (HH:MM today, or YYYY-MM-DD HH:MM)", id="callback"
            )
            yield Input(
                placeholder="Written reply due in working days (e.g. 5)", id="days", type="integer"
            )
            yield Label("", id="form-error")
            yield self.buttons("Resolve")

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        pressed = self.query_one("#outcome", RadioSet).pressed_button
        outcome = (pressed.name if pressed is not None else None) or "resolved"
        callback_at: dt.datetime | None = None
        reply_working_days: int | None = None
        if outcome == "callback":
            callback_at = parse_local_time(self.query_one("#callback", Input).value, self.state)
            if callback_at is None:
                self.error("Give the call-back time as HH:MM or YYYY-MM-DD HH:MM.")
                return
            if callback_at <= self.state.clock():
                self.error("That call-back time has already passed: give a later one.")
                return
        if outcome == "written_reply":
            days = self.query_one("#days", Input).value
            if not days.isdigit():
                self.error("Give the number of working days for the reply.")
                return
            reply_working_days = int(days)
        self.submit(
            Resolution(
                visit_id=self.visit_id,
                outcome=outcome,
                detail=self.query_one("#detail", Input).value or None,
                callback_at=callback_at,
                reply_working_days=reply_working_days,
            )
        )


def parse_local_time(value: str, state: DeskState) -> dt.datetime | None:
    """ "14:30" (today) or "2026-12-01 10:00", in the office's zone, as aware UTC."""
    value = value.strip()
    zone = state.settings.office.zone
    today = state.clock().astimezone(zone).date()
    for fmt, with_date in (("%H:%M", False), ("%Y-%m-%d %H:%M", True)):
        try:
            parsed = dt.datetime.strptime(value, fmt)
        except ValueError:
            continue
        day = parsed.date() if with_date else today
        return dt.datetime.combine(day, parsed.time(), tzinfo=zone).astimezone(dt.UTC)
    return None


class TransferDialog(FormDialog[Transfer]):
    """Pass the visitor on to a service or a desk (from lists), with notes the next desk
    will read. A visitor sent to a desk is the first that desk calls."""

    stays_open = True

    def __init__(self, state: DeskState, visit_id: int, desks: Sequence[DeskStatus] = ()) -> None:
        super().__init__(state)
        self.visit_id = visit_id
        self.ticket = state.ticket_of(visit_id)
        self.desks = list(desks)
        """The desks there are, with who is signed in at each."""

    def compose(self) -> ComposeResult:
        """Service, desk, notes."""
        services = [(s.name("en"), s.code) for s in self.state.settings.services]
        desks = [
            (
                f"{d.name} — {d.staff_name}" if d.staff_name else f"{d.name} (nobody signed in)",
                d.name,
            )
            for d in self.desks
            if d.name != self.state.desk
        ]
        with Vertical(classes="form"):
            yield Label(Text(f"Transfer {self.ticket}"), classes="title")
            with Horizontal(classes="pair"):
                yield Select(services, prompt="Same service", id="service")
                yield Select(desks, prompt="Any desk for the service", id="desk")
            yield Label("Notes for the next desk (the visitor need not repeat themselves):")
            yield TextArea(id="notes")
            yield Label("", id="form-error")
            yield self.buttons("Transfer")

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        choice = self.query_one("#service", Select)
        service = None if choice.is_blank() else str(choice.value)
        desk_choice = self.query_one("#desk", Select)
        desk = None if desk_choice.is_blank() else str(desk_choice.value)
        if service is None and desk is None:
            self.error("Choose a service or a desk.")
            return
        notes = self.query_one("#notes", TextArea).text
        self.submit(Transfer(self.visit_id, to_service=service, to_desk=desk, notes=notes))


class WalkInDialog(FormDialog[WalkIn]):
    """Add a walk-in or a phone-in by hand, with the same needs the kiosk asks about."""

    stays_open = True

    def compose(self) -> ComposeResult:
        """Service, channel, name, needs (several), interpreter language."""
        services = [(s.name("en"), s.code) for s in self.state.settings.services]
        needs = [(n.name("en"), n.code) for n in self.state.settings.needs]
        with Vertical(classes="form"):
            yield Label("Add a visitor", classes="title")
            with Horizontal(classes="pair"):
                yield Select(services, value=services[0][1], allow_blank=False, id="service")
                yield Select(
                    [("Walk-in", "walk_in"), ("Phone-in", "phone")],
                    value="walk_in",
                    allow_blank=False,
                    id="channel",
                )
            yield Label("Access and communication needs (space ticks; none is fine):")
            yield SelectionList[str](*needs, id="needs")
            with Horizontal(classes="pair"):
                yield Input(placeholder="Name (optional)", id="name", max_length=80)
                yield Input(
                    placeholder="Interpreter language",
                    id="interpreter",
                    max_length=60,
                )
            yield Label("", id="form-error")
            yield self.buttons("Add")

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        needs = list(self.query_one("#needs", SelectionList).selected)
        language = self.query_one("#interpreter", Input).value.strip() or None
        if language and "interpreter" not in needs:
            self.error("An interpreter language goes with the interpreter need: tick it too.")
            return
        self.submit(
            WalkIn(
                service_code=str(self.query_one("#service", Select).value),
                channel=str(self.query_one("#channel", Select).value),
                name=self.query_one("#name", Input).value or None,
                needs=tuple(needs),
                interpreter_language=language,
            )
        )


class FindDialog(FormDialog[FindQuery]):
    """Type a ticket number, or scan the ticket's QR code (the scanner types and Enters)."""

    def compose(self) -> ComposeResult:
        """One field."""
        with Vertical(classes="form"):
            yield Label("Find a visit: type its ticket number or scan its QR code", classes="title")
            yield Input(placeholder="A017, or scan", id="query", max_length=40)
            yield Label("", id="form-error")
            yield self.buttons("Find")

    def on_mount(self) -> None:
        """Ready for the scanner."""
        self.query_one("#query", Input).focus()

    @on(Input.Submitted, "#query")
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        self.submit(FindQuery(self.query_one("#query", Input).value))


class HoursDialog(FormDialog[HoursChange]):
    """A supervisor closes early or extends today's hours, with a reason."""

    def compose(self) -> ComposeResult:
        """New closing time and reason."""
        with Vertical(classes="form"):
            yield Label("Change today's closing time (supervisors)", classes="title")
            yield Input(placeholder="Close at HH:MM", id="closes")
            yield Input(
                placeholder="Reason (shown to staff, kept for the audit)",
                id="reason",
                max_length=200,
            )
            yield Label("", id="form-error")
            yield self.buttons("Change")

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        try:
            closes = dt.datetime.strptime(
                self.query_one("#closes", Input).value.strip(), "%H:%M"
            ).time()
        except ValueError:
            self.error("Give the closing time as HH:MM.")
            return
        self.submit(HoursChange(closes, self.query_one("#reason", Input).value))
