"""Every key of the console in one list (`?` or F1), read from the screens' own bindings."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

GENERAL_KEYS = (
    ("↑ ↓ PgUp PgDn", "Choose a visitor: the side panel shows the highlighted one"),
    ("Tab", "Move between the queue, the alerts and the panel"),
    ("ctrl+p", "Command palette: every action by name"),
    ("ctrl+q", "Quit (asks first while a visitor is called to this desk)"),
)
"""Keys that are not a screen's actions."""


def key_label(key: str) -> str:
    """A binding's keys as people write them ("question_mark,f1" -> "? / F1")."""
    names = {"question_mark": "?", "f1": "F1", "escape": "Esc"}
    return " / ".join(names.get(part, part) for part in key.split(","))


def keys_table(bindings: Iterable[BindingType]) -> Table:
    """Key and what it does, one row each, in the order the screen declares them."""
    table = Table(show_header=True, header_style="bold", box=None, padding=(0, 2, 0, 0))
    table.add_column("Key", style="bold reverse", no_wrap=True)
    table.add_column("What it does")
    for binding in bindings:
        if isinstance(binding, Binding) and binding.description:
            table.add_row(Text(key_label(binding.key)), Text(binding.description))
    for key, words in GENERAL_KEYS:
        table.add_row(Text(key), Text(words))
    return table


class HelpScreen(ModalScreen[None]):
    """The keys of the screen it was opened from. Any of Esc, ?, F1 or q closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,f1,q", "dismiss", "Close", show=False)
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 84; max-width: 95%; height: auto; max-height: 90%;
        border: thick $accent; background: $surface; padding: 1 2;
    }
    """

    def __init__(self, bindings: Iterable[BindingType]) -> None:
        super().__init__()
        self.bindings = list(bindings)
        """The bindings to list."""

    def compose(self) -> ComposeResult:
        """Title and the table of keys."""
        with VerticalScroll():
            yield Static(Text("Keys (Esc closes this list)", style="bold"))
            yield Static(keys_table(self.bindings), id="keys")

    async def action_dismiss(self, result: None = None) -> None:
        """Close the list."""
        self.dismiss(result)
