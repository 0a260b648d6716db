"""The name field: a paste is cleaned and kept as far as it fits, never silently dropped."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.message import Message
from textual.widgets import Input

from models.text import clean_text


class NameField(Input):
    """A one-line field for a visitor's name.

    Textual's Input ignores a paste that would exceed `max_length` and keeps only its
    first line; a visitor (or a scanner) pasting a long or multi-line text would see
    nothing happen. Here the paste is cleaned (control characters and escape sequences
    removed, lines joined) and as much as fits is inserted.

    Whatever does not fit (the end of a paste, keys typed into a full field) is never
    dropped silently: the field posts `Shortened`, for the screen to say so, and shows
    the start of the name, which is what is kept. Left at the end, the field would show
    the last characters that fitted and the visitor would think the end was kept.

    Focusing the field never selects its text (Textual's Input does by default): after a
    change of language the field is composed again and focused, and a selected name
    would be replaced by the next key or paste.
    """

    class Shortened(Message):
        """Text did not fit: the name was cut to the field's longest length."""

        def __init__(self, field: NameField) -> None:
            super().__init__()
            self.field = field
            """The field that cut the name."""

        @property
        def control(self) -> NameField:
            """The field (so handlers can be limited to it with a selector)."""
            return self.field

    def __init__(self, value: str | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("select_on_focus", False)
        super().__init__(value, **kwargs)

    def on_mount(self) -> None:
        """A steady cursor: nothing on the public screen blinks (WCAG 2.2.2)."""
        self.cursor_blink = False

    def show_start(self) -> None:
        """Put the cursor, and so the view, at the start of the name."""
        self.cursor_position = 0

    def shortened(self) -> None:
        """Tell the screen the name was cut, and show the part that is kept."""
        self.show_start()
        self.post_message(self.Shortened(self))

    def restricted(self) -> None:
        """A key typed into a full field (or a paste arriving as keys) is refused.

        Input rings the terminal bell, which nobody notices; say so instead.
        """
        self.shortened()

    def _on_paste(self, event: events.Paste) -> None:
        # Input's own paste handler would run after this one: prevent it.
        event.prevent_default()
        event.stop()
        limit = self.max_length or 10_000
        # Cleaned in full (clean_text bounds the work) to know whether it all fits.
        text = clean_text(event.text, 100_000)
        selection = self.selection
        kept = len(self.value) - abs(selection.end - selection.start)
        room = max(0, limit - kept)
        if not text:
            return
        if room:
            if selection.is_empty:
                self.insert_text_at_cursor(text[:room])
            else:
                self.replace(text[:room], *sorted((selection.start, selection.end)))
        if len(text) > room:
            self.shortened()
