"""The staff code field of a sign-in form: what is typed after Tab or Enter is the PIN.

Textual sends every key of a burst to the widget focused when the app reads it: for
``jb01<Tab>482193`` the code field gets the Tab *and* the digits, because the focus
moves on only when the field has handled the Tab (seen in tmux, and in a plain Textual
app with two Inputs). The PIN would land in the code field, in plain text. This field
hands whatever follows a Tab or Enter to the PIN field instead, and an Enter after the
PIN signs in, as it would had the PIN field had the focus.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class CodeField(Input):
    """A staff code field that never keeps what is typed after Tab or Enter.

    Args:
        pin_selector: The PIN field (in the same screen) that receives those keys.
        **kwargs: As for Textual's Input.
    """

    def __init__(self, pin_selector: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.pin_selector = pin_selector
        self.handing_over = False
        """A Tab or Enter was typed here: keys still arriving belong to the PIN."""

    def _pin(self) -> Input:
        return self.screen.query_one(self.pin_selector, Input)

    def on_focus(self) -> None:
        """Back in the code field (a tap, Shift+Tab): keys are the code's again."""
        self.handing_over = False

    async def on_key(self, event: events.Key) -> None:
        """After Tab or Enter, the keys that were typed ahead go to the PIN field."""
        if event.key in ("tab", "enter") and not self.handing_over:
            # The focus moves on as usual (Tab's binding, Enter's Submitted).
            self.handing_over = True
            return
        if not self.handing_over:
            return
        pin = self._pin()
        if event.key == "enter":
            event.prevent_default()
            event.stop()
            pin.focus()
            await pin.action_submit()
        elif event.key == "backspace":
            event.prevent_default()
            event.stop()
            pin.action_delete_left()
        elif event.is_printable and event.character is not None:
            event.prevent_default()
            event.stop()
            pin.insert_text_at_cursor(event.character)

    async def on_paste(self, event: events.Paste) -> None:
        """A paste with a Tab or a line break: the code, then the PIN (then sign in)."""
        for separator in ("\t", "\r\n", "\n", "\r"):
            if separator in event.text:
                break
        else:
            return
        event.prevent_default()
        event.stop()
        code, _, rest = event.text.partition(separator)
        self.insert_text_at_cursor(code)
        submits = rest.endswith(("\n", "\r"))
        pin = self._pin()
        pin.insert_text_at_cursor(rest.strip())
        pin.focus()
        if submits:
            await pin.action_submit()
