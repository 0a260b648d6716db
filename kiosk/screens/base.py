"""What every kiosk screen shares: its own bindings, an action allow-list, translation.

Every screen is made with the app's `KioskContext` (settings, language, display modes,
the visitor's draft) and reads it; it tells the app what happened by posting a message
from `kiosk.messages`, and never calls the app's methods.
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from textual import events
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Button, Label

from appbase.screens import ReportsWorkerFailures
from kiosk.context import KioskContext
from kiosk.messages import ReadAloud

ResultT = TypeVar("ResultT")

FOCUS_BINDINGS: list[BindingType] = [
    Binding("tab,down,right", "app.focus_next", show=False),
    Binding("shift+tab,up,left", "app.focus_previous", show=False),
]
"""Keyboard users move between the large buttons with Tab and the arrow keys."""


class KioskScreenMixin(ReportsWorkerFailures, Screen[Any], inherit_bindings=False):
    """Allow-listed actions, the kiosk's context and its translator for a kiosk screen.

    Args:
        context: The app's shared state, read by the screen (attributes down).
    """

    SCREEN_ACTIONS: ClassVar[frozenset[str]] = frozenset()
    """Screen-level actions this screen may run; every other one is refused."""
    ASKS_IF_STILL_THERE: ClassVar[bool] = False
    """Whether walking away from this screen starts the "Are you still there?" countdown."""
    FIRST_FOCUS: ClassVar[str | None] = None
    """The control that has the focus when the screen is shown (else the first one):
    Enter always acts on something a keyboard or switch user can see."""

    shown_language: str | None = None
    """The language the screen was last composed in."""
    announced_focus: object = None
    """The control last read aloud as the highlighted choice."""

    def __init__(self, context: KioskContext) -> None:
        super().__init__()
        self.context = context
        """The kiosk's shared state: read here, changed only by the app."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Refuse any action not on this screen's allow-list (markup @click included)."""
        return action in self.SCREEN_ACTIONS

    def _(self, message: str) -> str:
        """`message` in the visitor's language."""
        return self.context.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """The plural form for `count` in the visitor's language."""
        return self.context.ngettext(singular, plural, count)

    def show_display_mode(self) -> None:
        """Large text is a class on every screen (high contrast is the app's theme)."""
        self.set_class(self.context.large_text, "-large-text")

    def focus_first(self) -> None:
        """Give the focus to FIRST_FOCUS (or the first control) when nothing has it."""
        screen = self if isinstance(self, Screen) else None
        if screen is None or not screen.is_mounted:
            return
        focused = screen.focused
        if focused is not None and focused.is_attached and focused.display:
            return
        target: Widget | None = None
        if self.FIRST_FOCUS:
            found = screen.query(self.FIRST_FOCUS)
            target = next((w for w in found if w.focusable), None)
        if target is None:
            target = next(iter(screen.focus_chain), None)
        if target is not None:
            target.focus(scroll_visible=False)

    def _settled(self) -> None:
        # Called after the screen was (re)composed: remember the language, restore focus,
        # and read the prompt and the highlighted choice aloud (when asked for). Not for
        # a screen taken down meanwhile: nobody sees it, nothing is read from it.
        if not self.is_attached:
            return
        self.shown_language = self.context.language
        self.focus_first()
        self.announced_focus = self.focused if isinstance(self, Screen) else None
        self.call_after_refresh(self.read_aloud)  # once the focus has landed

    def spoken_prompt(self) -> str:
        """What this screen asks, as read aloud: its question (screens may say more)."""
        for label in self.query(".question").results(Label):
            return str(label.content)
        return ""

    def read_aloud(self, *, choice_only: bool = False) -> None:
        """Say the prompt and the highlighted choice in the visitor's language."""
        if not self.context.read_aloud:
            return
        parts = [] if choice_only else [self.spoken_prompt()]
        focused = self.focused if isinstance(self, Screen) else None
        self.announced_focus = focused
        if isinstance(focused, Button):
            parts.append(" ".join(str(focused.label).replace("✓", "").split()))
        text = ""
        for part in (p.strip() for p in parts):
            if part:
                # Sentences end with their own stop; a bare prompt or label gets one.
                text += "" if not text else " " if text.endswith((".", "?", "!", ":")) else ". "
                text += part
        if text:
            # The app owns the speaker (a thread, made when first needed).
            self.post_message(ReadAloud(text, self.context.language))

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """A new highlighted choice is read aloud (not again the one just said)."""
        if self.shown_language is not None and event.widget is not self.announced_focus:
            self.read_aloud(choice_only=True)


class KioskScreen(KioskScreenMixin, inherit_bindings=False):
    """A full screen of the visitor's flow."""

    BINDINGS = FOCUS_BINDINGS
    # None means the app's AUTO_FOCUS ("*"): the first control gets the focus as the
    # screen is composed (and is read aloud with the prompt). A screen whose first
    # control is not its way on names that control in AUTO_FOCUS too (OnlineScreen).
    AUTO_FOCUS: ClassVar[str | None] = None

    def on_mount(self) -> None:
        """Apply the visitor's display mode."""
        self.show_display_mode()
        self.call_after_refresh(self._settled)

    async def recompose(self) -> None:
        """Compose again (a new language, a new state); focus stays visible."""
        await super().recompose()
        self.call_after_refresh(self._settled)

    def on_screen_resume(self) -> None:
        """Coming back to this screen after a language change shows the new language.

        Only when it is still the screen on top: Start again, the ticket and the idle
        timeout take every screen down at once, and each one under the top is resumed
        on the way (after the language went back to the first one, or changed on
        Confirm). Drawing again a screen that is being taken down raced its removal.
        """
        self.show_display_mode()
        if isinstance(self, Screen) and not self.is_current:
            return
        if self.shown_language is not None and self.shown_language != self.context.language:
            self.refresh(recompose=True)
        else:
            self.call_after_refresh(self.focus_first)


class KioskDialog(KioskScreenMixin, ModalScreen[ResultT], inherit_bindings=False):
    """A dialog over the flow (still there?, help is coming, staff PIN, staff menu).

    It answers whoever opened it with a typed result (`dismiss`), never with a dict.
    """

    BINDINGS = FOCUS_BINDINGS
    AUTO_FOCUS: ClassVar[str | None] = None

    def on_mount(self) -> None:
        """Apply the visitor's display mode."""
        self.show_display_mode()
        self.call_after_refresh(self._settled)

    async def recompose(self) -> None:
        """Compose again; focus stays visible."""
        await super().recompose()
        self.call_after_refresh(self._settled)
