"""Dialogs: still there?, help is coming, a message, staff PIN and the staff menu."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Label

from appbase.messages import SignInRequested
from appbase.threads import post_from_worker
from common_ui.bigtext import BigButton, BigLabel, has_glyph
from common_ui.codefield import CodeField
from common_ui.paging import ChoicePages
from i18n.languages import interpreter_label, interpreter_own_name
from i18n.speech import speech_problem
from kiosk.context import KioskContext
from kiosk.messages import KioskStateRead, QuitRequested
from kiosk.screens.base import KioskDialog, KioskScreenMixin
from kiosk.service import KioskService
from kiosk.widgets.keyboard import KeyPressed, OnScreenKeyboard
from kiosk.widgets.language import language_button

if TYPE_CHECKING:
    from appbase.failures import Failure
    from models.staff import StaffView


@dataclass(frozen=True)
class InterpreterChoice:
    """The interpreter's language, as chosen in `InterpreterDialog`."""

    language: str | None
    """The spoken language, named in itself; None when "Other" was chosen."""
    other: bool = False
    """ "Other": staff will ask which language."""


def choice_pages(dialog: KioskScreenMixin, paged: bool) -> Vertical:
    """Where a dialog's choices go: in large text a page at a time (`ChoicePages`), else
    a plain container, every choice on one screen."""
    if paged:
        return ChoicePages(more=dialog._("More"), previous=dialog._("Previous"), id="choices")
    return Vertical(classes="choices")


def back_button(dialog: KioskScreenMixin) -> Button:
    """A choice dialog's Back. In large text a bold button three rows high, not big
    letters: at 100 x 30 a big Back (eight rows) leaves room for one row of choices a
    page instead of two."""
    return Button(dialog._("Back"), id="cancel")


class StillThereDialog(KioskDialog[bool]):
    """ "Are you still there?" with a large Continue and a visible countdown.

    Args:
        context: The app's shared state.
        seconds: Seconds left before the kiosk starts again, as the dialog opens.
    """

    def __init__(self, context: KioskContext, seconds: int) -> None:
        super().__init__(context)
        self.seconds = seconds
        """Seconds left, as the app's tick last said: the countdown drawn whenever the
        dialog is composed, so it is never blank and never behind."""

    def compose(self) -> ComposeResult:
        """Question, countdown, Continue."""
        _ = self._
        with Vertical(classes="dialog"):
            yield BigLabel(_("Are you still there?"), classes="question")
            yield Label(self.countdown_text(), id="countdown", markup=False)
            yield BigButton(_("Continue"), id="continue", variant="primary", max_lines=1)

    FIRST_FOCUS = "#continue"
    """Enter answers too."""

    def countdown_text(self) -> str:
        """ "Starting again in N seconds." in the visitor's language."""
        return self.ngettext(
            "Starting again in {seconds} second.",
            "Starting again in {seconds} seconds.",
            self.seconds,
        ).format(seconds=self.seconds)

    def show_seconds(self, seconds: int) -> None:
        """Count down (the app's once-a-second tick)."""
        self.seconds = seconds
        # A tick may come between the push and the compose: the number is kept, and
        # the compose draws it.
        for label in self.query("#countdown").results(Label):
            label.update(Text(self.countdown_text()))

    @on(Button.Pressed, "#continue")
    def _continue(self) -> None:
        self.dismiss(True)


class MessageDialog(KioskDialog[bool]):
    """A short message with one OK button (help is coming, something went wrong).

    Left open, it is asked about and cleared like a step of a visit, over Welcome too:
    "Help is on its way" stayed up for the next visitor to dismiss. The staff's alert
    is not touched; only the screen goes back to a clean Welcome.
    """

    ASKS_IF_STILL_THERE = True

    def __init__(
        self,
        context: KioskContext,
        title: str,
        body: str,
        *,
        error: bool = False,
        reference: str | None = None,
    ) -> None:
        super().__init__(context)
        self.title_text = title
        self.body = body
        self.error = error
        self.reference = reference
        """The log line's reference, for staff (shown small, under the words)."""

    def compose(self) -> ComposeResult:
        """Title, words, the log reference if any, OK."""
        with Vertical(classes="dialog" + (" -error" if self.error else "")):
            yield BigLabel(self.title_text, classes="question")
            yield Label(Text(self.body), id="message-body")
            if self.reference:
                yield Label(Text(f"Ref. {self.reference}"), id="message-reference")
            yield BigButton(self._("OK"), id="ok", variant="primary", max_lines=1)

    FIRST_FOCUS = "#ok"

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        self.dismiss(True)


class StaffPinDialog(KioskDialog[None]):
    """Staff code and PIN, typed or touched; opens the staff menu."""

    ASKS_IF_STILL_THERE = True

    def compose(self) -> ComposeResult:
        """Code, PIN (hidden), keypad, buttons."""
        with Horizontal(classes="dialog", id="staff-pin"):
            with Vertical(id="staff-pin-fields"):
                yield Label("Staff sign-in", classes="question", markup=False)
                yield CodeField(
                    "#staff-pin-field", placeholder="Staff code", id="staff-code", max_length=32
                )
                yield Input(
                    placeholder="PIN",
                    id="staff-pin-field",
                    password=True,
                    max_length=8,
                )
                yield Label("", id="pin-error", markup=False)
                yield Button("Sign in", id="sign-in", variant="primary")
                yield Button("Cancel", id="cancel")
            yield OnScreenKeyboard(staff_code=True, delete_label="Delete")

    FIRST_FOCUS = "#staff-code"
    """Start with the code."""

    def on_mount(self) -> None:
        """Steady cursors."""
        super().on_mount()
        for field in self.query(Input):
            field.cursor_blink = False

    typing_into = "#staff-code"
    """The field the keypad types into: the one last focused (a tap on a button or a key
    moves the focus, not where the keypad types)."""

    @on(events.DescendantFocus)
    def _focused(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, Input) and event.widget.id:
            self.typing_into = f"#{event.widget.id}"

    def _field(self) -> Input:
        return self.query_one(self.typing_into, Input)

    @on(KeyPressed)
    def _key(self, event: KeyPressed) -> None:
        field = self._field()
        if event.key == "delete":
            field.value = field.value[:-1]
        elif event.key == "next":
            self.query_one("#staff-pin-field", Input).focus()
        elif field.id == "staff-pin-field" and not event.key.isdigit():
            return  # a PIN is digits only
        elif len(event.key) == 1 and event.key.isascii():
            limit = field.max_length or 32
            if len(field.value) < limit:
                # Staff codes are letters and digits, in any case: typed small.
                field.value += event.key.lower()
        field.cursor_position = len(field.value)

    @on(Input.Submitted, "#staff-code")
    def _to_pin(self) -> None:
        self.query_one("#staff-pin-field", Input).focus()

    @on(Input.Submitted, "#staff-pin-field")
    @on(Button.Pressed, "#sign-in")
    def _sign_in(self) -> None:
        code = self.query_one("#staff-code", Input).value
        pin = self.query_one("#staff-pin-field", Input).value
        self.query_one("#staff-pin-field", Input).value = ""
        self.post_message(SignInRequested(code, pin))

    def show_error(self, message: str) -> None:
        """A wrong PIN or a lock: say so, keep the dialog."""
        self.query_one("#pin-error", Label).update(Text(message))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class StaffMenuDialog(KioskDialog[None]):
    """Test print, reprint the last ticket, pause/resume check-ins, quit.

    The menu's actions are its own workers, calling the service; a new pause state goes
    up to the app as `KioskStateRead`, Quit as `QuitRequested`.

    Args:
        context: The kiosk's shared state.
        staff: Who signed in.
        service: What prints, reprints and pauses.
        last_visit_id: The latest check-in at this kiosk (None: nothing to reprint).
        database_where: Which database the kiosk is on, for the status line.
        last_failure: The latest failed work, for the status line.
    """

    ASKS_IF_STILL_THERE = True

    class Done(Message, bubble=False):
        """An action finished (posted by its worker to the menu)."""

        def __init__(self, result: str) -> None:
            super().__init__()
            self.result = result
            """What it did, for staff."""

    def __init__(
        self,
        context: KioskContext,
        staff: StaffView,
        service: KioskService,
        *,
        last_visit_id: int | None,
        database_where: str,
        last_failure: Failure | None,
    ) -> None:
        super().__init__(context)
        self.staff = staff
        self.service = service
        self.last_visit_id = last_visit_id
        self.database_where = database_where
        self.last_failure = last_failure
        state = context.kiosk_state
        self.paused = bool(state and state.paused)
        """Check-ins are paused (as last read, or as this menu just set them)."""

    @property
    def staff_name(self) -> str:
        """Who signed in, by name."""
        return self.staff.name

    def compose(self) -> ComposeResult:
        """The four actions and Close."""
        paused = self.paused
        with Vertical(classes="dialog", id="staff-menu"):
            yield Label(Text(f"Staff menu — {self.staff_name}"), classes="question")
            with Grid(id="staff-actions"):
                yield Button("Test print", id="test-print")
                yield Button(
                    "Reprint last ticket", id="reprint", disabled=self.last_visit_id is None
                )
                yield Button(
                    "Resume check-ins" if paused else "Pause check-ins",
                    id="pause",
                    variant="warning",
                )
                yield Button("Quit the kiosk", id="quit", variant="error")
            yield Label("", id="staff-result", markup=False)
            # A playback that failed (no sound card) is only known once the kiosk tried
            # to speak; the app keeps it in the context. Before that, what is installed.
            problem = self.context.speech_problem or speech_problem()
            if problem is not None:
                yield Label(problem, id="speech-status", markup=False)
            yield Label(Text(self.status_line()), id="staff-status")
            yield Button("Close", id="close", variant="primary")

    def status_line(self) -> str:
        """Which database the kiosk is on, and the last problem in the log, for staff."""
        line = f"Database: {self.database_where}."
        failure = self.last_failure
        if failure is not None:
            line += f" Last problem: {failure.for_staff}"
        return line

    def show_result(self, message: str) -> None:
        """What the last action did."""
        self.query_one("#staff-result", Label).update(Text(message))

    @on(Done)
    def _done(self, message: Done) -> None:
        self.show_result(message.result)

    @on(KioskStateRead)
    def _state_read(self, message: KioskStateRead) -> None:
        # The message goes on up to the app, which keeps the new state.
        self.paused = message.state.paused
        result = "Check-ins are paused." if self.paused else "Check-ins are open again."
        self.refresh(recompose=True)
        self.call_after_refresh(self.show_result, result)

    @on(Button.Pressed, "#test-print")
    def _test_print(self) -> None:
        self.show_result("Printing a test ticket…")
        self.test_print()

    @on(Button.Pressed, "#reprint")
    def _reprint(self) -> None:
        self.reprint()

    @on(Button.Pressed, "#pause")
    def _pause(self) -> None:
        self.toggle_pause(not self.paused)

    @on(Button.Pressed, "#quit")
    def _quit(self) -> None:
        self.post_message(QuitRequested())

    @work(thread=True, exit_on_error=False, exclusive=True, group="staff")
    def test_print(self) -> None:
        """Print a sample ticket now and report the printer's state."""
        post_from_worker(self, self.Done(self.service.test_print()))

    @work(thread=True, exit_on_error=False, exclusive=True, group="staff")
    def reprint(self) -> None:
        """Queue the last ticket again."""
        if self.last_visit_id is None:
            return
        self.service.reprint(self.last_visit_id, self.staff.code)
        post_from_worker(self, self.Done("The last ticket will print again."))

    @work(thread=True, exit_on_error=False, exclusive=True, group="staff")
    def toggle_pause(self, paused: bool) -> None:
        """Pause or resume check-ins at this site."""
        post_from_worker(self, KioskStateRead(self.service.set_paused(paused, self.staff.code)))

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.dismiss(None)


class LanguageDialog(KioskDialog[str | None]):
    """The kiosk's languages, each named in itself; the one in use is ticked.

    It answers with the chosen language's code, or None for Back.
    """

    FIRST_FOCUS = ".-selected"

    def compose(self) -> ComposeResult:
        """One button per language, and Back."""
        context = self.context
        large = context.large_text
        with Vertical(classes="dialog" + (" choice-dialog" if large else ""), id="language-dialog"):
            yield BigLabel(self._("Choose your language"), classes="question", max_lines=1)
            with choice_pages(self, large), Grid(id="language-options"):
                for code in context.settings.languages:
                    yield language_button(code, selected=code == context.language, big=large)
            yield back_button(self)

    @on(Button.Pressed, ".language")
    def _chosen(self, event: Button.Pressed) -> None:
        assert event.button.id is not None
        self.dismiss(event.button.id.removeprefix("language-"))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class InterpreterDialog(KioskDialog[InterpreterChoice | None]):
    """Which spoken language the interpreter should speak: every choice on one screen.

    It answers with an `InterpreterChoice`, or None for Back.
    """

    FIRST_FOCUS = ".interpret"

    def __init__(
        self, context: KioskContext, languages: tuple[str, ...], current: InterpreterChoice
    ) -> None:
        super().__init__(context)
        self.languages = languages
        """The spoken languages offered, as stored with a visit; each is shown in itself
        and in the visitor's language (`interpreter_label`)."""
        self.current = current
        """The choice made before (ticked)."""

    def compose(self) -> ComposeResult:
        """The languages, "Other", and Back."""
        _ = self._
        current = self.current
        large = self.context.large_text
        # Large text: the choices in big letters, two a row and a page at a time, "Other"
        # among them (a page of choices, not every choice small on one screen).
        choice = BigButton if large else Button
        other = _("Other (staff will ask)")
        with Vertical(
            classes="dialog" + (" choice-dialog" if large else ""), id="interpreter-dialog"
        ):
            yield BigLabel(_("Which language?"), classes="question", max_lines=1)
            with choice_pages(self, large), Grid(id="interpreter-languages"):
                for index, name in enumerate(self.languages):
                    chosen = name == current.language
                    shown = self.choice_label(name)
                    yield choice(
                        Text(f"✓ {shown}" if chosen else shown),
                        id=f"interpret-{index}",
                        classes="interpret" + (" -chosen" if chosen else ""),
                        name=name,
                    )
                if large:
                    yield BigButton(
                        Text(f"✓ {other}" if current.other else other),
                        id="interpret-other",
                        classes="interpret",
                        name="other",
                    )
            if not large:
                yield Button(
                    Text(f"✓ {other}" if current.other else other),
                    id="interpret-other",
                    classes="interpret",
                    name="other",
                )
            yield back_button(self)

    def choice_label(self, name: str) -> str:
        """A language in itself and in the visitor's language ("Polski (polaco)").

        In large text, only in itself where the big letters can draw it: with the
        visitor's words too, nearly every tile was too long for big letters at 100 × 30
        and fell back to ordinary text. A script the big letters cannot draw (Arabic,
        Urdu, Chinese) is ordinary text anyway, and keeps the visitor's words.
        """
        if self.context.large_text:
            own = interpreter_own_name(name)
            if all(map(has_glyph, own)):
                return own
        return interpreter_label(name, self._)

    @on(Button.Pressed, ".interpret")
    def _chosen(self, event: Button.Pressed) -> None:
        if event.button.name == "other":
            self.dismiss(InterpreterChoice(None, other=True))
        else:
            self.dismiss(InterpreterChoice(event.button.name))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
