"""What every kiosk screen shares: its own bindings, an action allow-list, translation."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from kiosk.app import KioskApp

FOCUS_BINDINGS: list[BindingType] = [
    Binding("tab,down,right", "app.focus_next", show=False),
    Binding("shift+tab,up,left", "app.focus_previous", show=False),
]
"""Keyboard users move between the large buttons with Tab and the arrow keys."""


class KioskScreenMixin:
    """Allow-listed actions and the app's translator for a kiosk screen."""

    SCREEN_ACTIONS: ClassVar[frozenset[str]] = frozenset()
    """Screen-level actions this screen may run; every other one is refused."""
    ASKS_IF_STILL_THERE: ClassVar[bool] = False
    """Whether walking away from this screen starts the "Are you still there?" countdown."""

    app: KioskApp  # type: ignore[assignment]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Refuse any action not on this screen's allow-list (markup @click included)."""
        return action in self.SCREEN_ACTIONS

    def _(self, message: str) -> str:
        """`message` in the visitor's language."""
        return self.app.gettext(message)


class KioskScreen(KioskScreenMixin, Screen[None], inherit_bindings=False):
    """A full screen of the visitor's flow."""

    BINDINGS = FOCUS_BINDINGS

    def on_mount(self) -> None:
        """Apply the visitor's display mode."""
        self.app.apply_display_mode(self)


class KioskDialog(KioskScreenMixin, ModalScreen[object], inherit_bindings=False):
    """A dialog over the flow (still there?, help is coming, staff PIN, staff menu)."""

    BINDINGS = FOCUS_BINDINGS

    def on_mount(self) -> None:
        """Apply the visitor's display mode."""
        self.app.apply_display_mode(self)
