"""A language's button: named in itself, ticked when it is the one in use."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Button

from common_ui.bigtext import BigButton
from config.settings import LANGUAGE_NAMES


def language_button(code: str, *, selected: bool, big: bool = False) -> Button:
    """The button that switches to `code`; the language in use is ticked, not only coloured.

    `big`: drawn in big letters in large-text mode (the language dialog's choices)."""
    name = LANGUAGE_NAMES.get(code, code)
    kind = BigButton if big else Button
    button = kind(
        Text(f"✓ {name}" if selected else name), id=f"language-{code}", classes="language"
    )
    button.set_class(selected, "-selected")
    return button
