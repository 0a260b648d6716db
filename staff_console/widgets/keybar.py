"""A footer that shows the most important keys that fit, and where to find the rest."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.events import Resize
from textual.widgets import Static

TAIL = (("?", "All keys"), ("^p", "Palette"))
"""Always shown at the right end: help and the command palette reach every action."""


def fit_keys(keys: Sequence[tuple[str, str]], width: int) -> Text:
    """`keys` (most important first) as "n Call next  c Call …", as many as fit `width`
    with the help and palette keys always at the end."""
    tail = Text()
    for key, label in TAIL:
        tail.append(f" {key} ", "bold reverse")
        tail.append(f" {label} ")
    room = width - cell_len(tail.plain)
    text = Text()
    for key, label in keys:
        piece = f" {key}  {label} "
        if cell_len(text.plain) + cell_len(piece) > room:
            break
        text.append(f" {key} ", "bold reverse")
        text.append(f" {label} ")
    text.append(" " * max(0, room - cell_len(text.plain)))
    text.append_text(tail)
    return text


class KeyBar(Static):
    """The keys of a screen by priority, cut to the width it has (never mid-label)."""

    DEFAULT_CSS = """
    KeyBar { dock: bottom; height: 1; background: $panel; }
    """

    def __init__(self, keys: Sequence[tuple[str, str]], *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.keys = tuple(keys)
        """(key, label) pairs, most important first."""

    def on_resize(self, event: Resize) -> None:
        """Refit to the new width."""
        self.update(fit_keys(self.keys, event.size.width))
