"""An on-screen keyboard for touch: letters, the enabled languages' accents, space, delete.

Its keys never take focus, so the text field keeps it and a hardware keyboard or a
barcode scanner can type into the same field at any time.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button

LETTER_ROWS = ("QWERTYUIOP", "ASDFGHJKL'", "ZXCVBNM-")
DIGIT_ROWS = ("123", "456", "789")
STAFF_CODE_ROWS = ("1234567890", "QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM")
"""Staff codes are ASCII letters and digits, in any case (models/staff.py CODE_PATTERN):
no key for a character a code cannot hold. PINs are digits."""
ACCENTS: dict[str, str] = {
    "pl": "ĄĆĘŁŃÓŚŹŻ",
    "pt": "ÁÂÃÀÇÉÊÍÓÔÕÚ",
    "lt": "ĄČĘĖĮŠŲŪŽ",
    "ro": "ĂÂÎȘȚ",
    "cy": "ÂÊÎÔÛŴŶ",
    "fr": "ÀÂÇÉÈÊËÎÏÔÙÛ",
    "es": "ÁÉÍÑÓÚÜ",
    "de": "ÄÖÜß",
}
"""Accented capitals offered for each language (shown when that language is enabled)."""


class KeyPressed(Message):
    """A key of the on-screen keyboard was touched."""

    def __init__(self, key: str) -> None:
        self.key = key
        """The character, or "space" / "delete"."""
        super().__init__()


class KeyboardKey(Button, can_focus=False):
    """One key: large enough to touch, never focused."""


def key_id(key: str) -> str:
    """A CSS id for a key: "key-space", or the character's code point ("key-141")."""
    return f"key-{key}" if len(key) > 1 else f"key-{ord(key):x}"


def accent_keys(languages: tuple[str, ...]) -> str:
    """Accented letters for the enabled languages, each once, in language order."""
    seen: list[str] = []
    for language in languages:
        for char in ACCENTS.get(language, ""):
            if char not in seen:
                seen.append(char)
    return "".join(seen)


class OnScreenKeyboard(Vertical):
    """Letters (or digits) plus space and delete; posts KeyPressed.

    Letters come with a row of the visitor's own language's accents; a key switches to
    a second page with every enabled language's accents (for a name like Zoë or Łukasz
    typed by someone who chose English).
    """

    DEFAULT_CSS = """
    OnScreenKeyboard { height: auto; width: auto; }
    OnScreenKeyboard Horizontal { height: auto; width: auto; }
    OnScreenKeyboard KeyboardKey { min-width: 6; width: 6; height: 3; margin: 0; }
    OnScreenKeyboard .wide { width: 18; }
    """

    def __init__(
        self,
        *,
        digits_only: bool = False,
        staff_code: bool = False,
        accents: str = "",
        all_accents: str = "",
        space_label: str = "Space",
        delete_label: str = "Delete",
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.digits_only = digits_only
        self.staff_code = staff_code
        """Letters and digits of a staff code (no space, no accents)."""
        self.accents = accents
        """Accented letters of the visitor's language, shown under the letters."""
        self.all_accents = all_accents
        """Every enabled language's accents, on the second page."""
        self.space_label = space_label
        self.delete_label = delete_label
        self.accent_page = False
        """Showing the page of all accents."""

    def compose(self) -> ComposeResult:
        """The rows of keys for the current page."""
        if self.digits_only:
            rows: tuple[str, ...] = (*DIGIT_ROWS, "0")
        elif self.staff_code:
            rows = STAFF_CODE_ROWS
        elif self.accent_page:
            rows = tuple(self.all_accents[i : i + 10] for i in range(0, len(self.all_accents), 10))
        else:
            rows = LETTER_ROWS + ((self.accents,) if self.accents else ())
        for row in rows:
            with Horizontal():
                for char in row:
                    yield KeyboardKey(char, name=char, id=key_id(char))
        with Horizontal():
            if not (self.digits_only or self.staff_code) and self.all_accents:
                label = "ABC" if self.accent_page else "ÀÉŁ…"
                yield KeyboardKey(label, name="page", classes="page", id=key_id("page"))
            if not (self.digits_only or self.staff_code):
                yield KeyboardKey(
                    self.space_label, name="space", classes="wide", id=key_id("space")
                )
            yield KeyboardKey(
                self.delete_label,
                name="delete",
                classes="wide",
                variant="warning",
                id=key_id("delete"),
            )

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.name == "page":
            self.accent_page = not self.accent_page
            self.refresh(recompose=True)
        elif event.button.name:
            self.post_message(KeyPressed(event.button.name))
