"""Dialogs: still there?, help is coming, a message, staff PIN and the staff menu."""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical
from textual.widgets import Button, Input, Label

from appbase.messages import SignInRequested
from i18n.speech import speech_problem
from kiosk.screens.base import KioskDialog
from kiosk.widgets.keyboard import KeyPressed, OnScreenKeyboard
from kiosk.widgets.language import language_button


class StillThereDialog(KioskDialog):
    """ "Are you still there?" with a large Continue and a visible countdown."""

    def compose(self) -> ComposeResult:
        """Question, countdown, Continue."""
        _ = self._
        with Vertical(classes="dialog"):
            yield Label(_("Are you still there?"), classes="question", markup=False)
            yield Label("", id="countdown", markup=False)
            yield Button(_("Continue"), id="continue", variant="primary")

    FIRST_FOCUS = "#continue"
    """Enter answers too."""

    def show_seconds(self, seconds: int) -> None:
        """Update the countdown."""
        text = self.ngettext(
            "Starting again in {seconds} second.", "Starting again in {seconds} seconds.", seconds
        ).format(seconds=seconds)
        self.query_one("#countdown", Label).update(Text(text))

    @on(Button.Pressed, "#continue")
    def _continue(self) -> None:
        self.dismiss(True)


class MessageDialog(KioskDialog):
    """A short message with one OK button (help is coming, something went wrong)."""

    def __init__(
        self, title: str, body: str, *, error: bool = False, reference: str | None = None
    ) -> None:
        super().__init__()
        self.title_text = title
        self.body = body
        self.error = error
        self.reference = reference
        """The log line's reference, for staff (shown small, under the words)."""

    def compose(self) -> ComposeResult:
        """Title, words, the log reference if any, OK."""
        with Vertical(classes="dialog" + (" -error" if self.error else "")):
            yield Label(Text(self.title_text), classes="question")
            yield Label(Text(self.body), id="message-body")
            if self.reference:
                yield Label(Text(f"Ref. {self.reference}"), id="message-reference")
            yield Button(self._("OK"), id="ok", variant="primary")

    FIRST_FOCUS = "#ok"

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        self.dismiss(True)


class StaffPinDialog(KioskDialog):
    """Staff code and PIN, typed or touched; opens the staff menu."""

    ASKS_IF_STILL_THERE = True

    def compose(self) -> ComposeResult:
        """Code, PIN (hidden), keypad, buttons."""
        with Horizontal(classes="dialog", id="staff-pin"):
            with Vertical(id="staff-pin-fields"):
                yield Label("Staff sign-in", classes="question", markup=False)
                yield Input(placeholder="Staff code", id="staff-code", max_length=32)
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


class StaffMenuDialog(KioskDialog):
    """Test print, reprint the last ticket, pause/resume check-ins, quit."""

    ASKS_IF_STILL_THERE = True

    def __init__(self, staff_name: str) -> None:
        super().__init__()
        self.staff_name = staff_name

    def compose(self) -> ComposeResult:
        """The four actions and Close."""
        paused = bool(self.app.kiosk_state and self.app.kiosk_state.paused)
        with Vertical(classes="dialog", id="staff-menu"):
            yield Label(Text(f"Staff menu — {self.staff_name}"), classes="question")
            with Grid(id="staff-actions"):
                yield Button("Test print", id="test-print")
                yield Button(
                    "Reprint last ticket", id="reprint", disabled=self.app.last_visit_id is None
                )
                yield Button(
                    "Resume check-ins" if paused else "Pause check-ins",
                    id="pause",
                    variant="warning",
                )
                yield Button("Quit the kiosk", id="quit", variant="error")
            yield Label("", id="staff-result", markup=False)
            problem = speech_problem()
            if problem is not None:
                yield Label(problem, id="speech-status", markup=False)
            yield Label(Text(self.status_line()), id="staff-status")
            yield Button("Close", id="close", variant="primary")

    def status_line(self) -> str:
        """Which database the kiosk is on, and the last problem in the log, for staff."""
        line = f"Database: {self.app.database_where}."
        failure = self.app.last_failure
        if failure is not None:
            line += f" Last problem: {failure.for_staff}"
        return line

    def show_result(self, message: str) -> None:
        """What the last action did."""
        self.query_one("#staff-result", Label).update(Text(message))

    @on(Button.Pressed, "#test-print")
    def _test_print(self) -> None:
        self.show_result("Printing a test ticket…")
        self.app.staff_test_print()

    @on(Button.Pressed, "#reprint")
    def _reprint(self) -> None:
        self.app.staff_reprint()

    @on(Button.Pressed, "#pause")
    def _pause(self) -> None:
        self.app.staff_toggle_pause()

    @on(Button.Pressed, "#quit")
    def _quit(self) -> None:
        self.app.staff_quit()

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.dismiss(None)


class LanguageDialog(KioskDialog):
    """The kiosk's languages, each named in itself; the one in use is ticked."""

    FIRST_FOCUS = ".-selected"

    def compose(self) -> ComposeResult:
        """One button per language, and Back."""
        app = self.app
        with Vertical(classes="dialog", id="language-dialog"):
            yield Label(self._("Choose your language"), classes="question", markup=False)
            with Grid(id="language-options"):
                for code in app.settings.languages:
                    yield language_button(code, selected=code == app.language)
            yield Button(self._("Back"), id="cancel")

    @on(Button.Pressed, ".language")
    def _chosen(self, event: Button.Pressed) -> None:
        assert event.button.id is not None
        self.dismiss(event.button.id.removeprefix("language-"))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class InterpreterDialog(KioskDialog):
    """Which spoken language the interpreter should speak: every choice on one screen."""

    FIRST_FOCUS = ".interpret"

    def __init__(self, languages: tuple[str, ...]) -> None:
        super().__init__()
        self.languages = languages
        """The spoken languages offered, each named in itself."""

    def compose(self) -> ComposeResult:
        """The languages, "Other", and Back."""
        _ = self._
        draft = self.app.draft
        with Vertical(classes="dialog", id="interpreter-dialog"):
            yield Label(_("Which language?"), classes="question", markup=False)
            with Grid(id="interpreter-languages"):
                for index, name in enumerate(self.languages):
                    chosen = name == draft.interpreter_language
                    yield Button(
                        Text(f"✓ {name}" if chosen else name),
                        id=f"interpret-{index}",
                        classes="interpret" + (" -chosen" if chosen else ""),
                        name=name,
                    )
            other = _("Other (staff will ask)")
            yield Button(
                Text(f"✓ {other}" if draft.interpreter_other else other),
                id="interpret-other",
                classes="interpret",
                name="other",
            )
            yield Button(_("Back"), id="cancel")

    @on(Button.Pressed, ".interpret")
    def _chosen(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.name)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
