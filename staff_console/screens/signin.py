"""Sign in with staff code and PIN; the same screen is the lock that hides the queue."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Button, Input, Label

from appbase.messages import SignInRequested
from appbase.widgets import OfflineBanner
from common_ui.codefield import CodeField
from staff_console.desk import DeskState


class SignInScreen(Screen[None]):
    """Staff code and PIN. Shown at start, on the lock key and after idle time."""

    def __init__(self, state: DeskState, locked_by: str | None = None) -> None:
        super().__init__()
        self.state = state
        """This desk, handed down by the app."""
        self.locked_by = locked_by
        """Who was signed in when the console locked (they, or anyone, may sign in)."""

    def compose(self) -> ComposeResult:
        """The sign-in box; nothing of the queue is visible behind it."""
        yield OfflineBanner(id="offline")
        with Vertical(id="sign-in-box"):
            office = self.state.settings.office
            yield Label(Text(f"{office.name} · {self.state.desk}"), id="sign-in-title")
            if self.locked_by:
                yield Label(Text(f"Locked. Signed in was {self.locked_by}."), id="locked")
            yield CodeField("#pin", placeholder="Staff code", id="code", max_length=32)
            yield Input(placeholder="PIN", id="pin", password=True, max_length=8)
            yield Label("", id="sign-in-error")
            yield Button("Sign in", id="sign-in", variant="primary")
            yield Label(Text(f"Database: {self.state.database_where()}"), id="sign-in-database")

    def on_mount(self) -> None:
        """Start with the code; steady cursors (the screen is often left like this)."""
        for field in self.query(Input):
            field.cursor_blink = False
        self.query_one("#code", Input).focus()

    @on(Input.Submitted, "#code")
    def _to_pin(self) -> None:
        self.query_one("#pin", Input).focus()

    @on(Input.Submitted, "#pin")
    @on(Button.Pressed, "#sign-in")
    def _sign_in(self) -> None:
        code = self.query_one("#code", Input).value
        pin_field = self.query_one("#pin", Input)
        pin = pin_field.value
        pin_field.value = ""
        self.post_message(SignInRequested(code, pin))

    def show_error(self, message: str) -> None:
        """Wrong code or PIN, or locked: say so."""
        self.query_one("#sign-in-error", Label).update(Text(message))
