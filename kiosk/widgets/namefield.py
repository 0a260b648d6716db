"""The name field: a paste is cleaned and kept as far as it fits, never silently dropped."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from models.text import clean_text


class NameField(Input):
    """A one-line field for a visitor's name.

    Textual's Input ignores a paste that would exceed `max_length` and keeps only its
    first line; a visitor (or a scanner) pasting a long or multi-line text would see
    nothing happen. Here the paste is cleaned (control characters and escape sequences
    removed, lines joined) and as much as fits is inserted.
    """

    def on_mount(self) -> None:
        """A steady cursor: nothing on the public screen blinks (WCAG 2.2.2)."""
        self.cursor_blink = False

    def _on_paste(self, event: events.Paste) -> None:
        # Input's own paste handler would run after this one: prevent it.
        event.prevent_default()
        event.stop()
        limit = self.max_length or 10_000
        text = clean_text(event.text, limit)
        selection = self.selection
        kept = len(self.value) - abs(selection.end - selection.start)
        room = max(0, limit - kept)
        if not text or not room:
            return
        if selection.is_empty:
            self.insert_text_at_cursor(text[:room])
        else:
            self.replace(text[:room], *sorted((selection.start, selection.end)))
