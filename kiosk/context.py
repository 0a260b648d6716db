"""What the kiosk's screens read from the app: settings, language, display modes, the visit.

The app owns one `KioskContext` and gives it to every screen it makes (attributes
down). Screens read it; only the app changes it (a new language, a display mode, the
state just read, the next visitor), in answer to the messages screens post
(`kiosk.messages`). The one exception is the draft: the flow's screens fill in the
visitor's answers as they are given, and the app starts a new draft for each visitor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from i18n import translations
from kiosk.draft import CheckInDraft

if TYPE_CHECKING:
    import gettext

    from config.settings import Settings
    from models.api import KioskState


@dataclass(eq=False)
class KioskContext:
    """The kiosk's shared, read-mostly state, passed down to screens and widgets."""

    settings: Settings
    """The validated configuration."""
    clock: Callable[[], dt.datetime]
    """Now, as aware UTC."""
    language: str = ""
    """The visitor's language (the first configured one until they choose)."""
    large_text: bool = False
    """Larger buttons and bolder text for this visitor."""
    high_contrast: bool = False
    """Yellow and white on black for this visitor."""
    read_aloud: bool = False
    """Each screen is read aloud (kiosk/screens/base.py says what, i18n.speech how)."""
    speech_problem: str | None = None
    """Why the kiosk cannot speak, once its speaker found out (a failed playback, no
    espeak-ng): Welcome's read-aloud toggle and the staff menu say so. Kept for every
    visitor after, as the speaker does not try again."""
    draft: CheckInDraft = field(default_factory=CheckInDraft)
    """The current visitor's answers."""
    kiosk_state: KioskState | None = None
    """Opening hours, pause switch and printer, as last read (None until first read)."""
    _translations: gettext.NullTranslations = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.next_visitor()

    def next_visitor(self) -> None:
        """Forget the visitor: a new draft, the configured language and display modes."""
        kiosk = self.settings.kiosk
        self.draft = CheckInDraft()
        self.large_text = kiosk.accessibility == "large-text"
        self.high_contrast = kiosk.accessibility == "high-contrast"
        self.read_aloud = kiosk.read_aloud
        self.use_language(self.settings.languages[0])

    def as_configured(self) -> bool:
        """The language and display modes are the office's defaults (nobody chose others)."""
        kiosk = self.settings.kiosk
        return (
            self.language == self.settings.languages[0]
            and self.large_text == (kiosk.accessibility == "large-text")
            and self.high_contrast == (kiosk.accessibility == "high-contrast")
            and self.read_aloud == kiosk.read_aloud
        )

    def forget_answers(self) -> None:
        """The same visitor starts again: a new draft; language and display modes stay."""
        self.draft = CheckInDraft()

    def use_language(self, language: str) -> None:
        """Speak `language` from now on."""
        self.language = language
        self._translations = translations(language)

    def gettext(self, message: str) -> str:
        """`message` in the visitor's language."""
        return self._translations.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """The right plural form in the visitor's language."""
        return self._translations.ngettext(singular, plural, count)

    def local_now(self) -> dt.datetime:
        """Now in the office's time zone."""
        return self.clock().astimezone(self.settings.office.zone)
