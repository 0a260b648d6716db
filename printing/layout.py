"""A ticket as a small layout description, rendered to ESC/POS bytes or to a PNG.

One layout, two renderers: what the preview shows is what the printer is sent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from babel.dates import format_date, format_time

from i18n import translations
from i18n.languages import BABEL_LOCALES
from printing.content import TicketContent

Size = Literal["normal", "tall", "large", "huge"]
"""Text size: normal; tall (double height); large (double both); huge (the number)."""
Align = Literal["left", "center"]


@dataclass(frozen=True)
class Text:
    """One paragraph of text (the renderers wrap it to the paper's width)."""

    text: str
    size: Size = "normal"
    bold: bool = False
    align: Align = "center"


@dataclass(frozen=True)
class Qr:
    """A QR code of `payload`, centred."""

    payload: str


@dataclass(frozen=True)
class Rule:
    """A thin dividing line across the paper."""


@dataclass(frozen=True)
class Feed:
    """Blank lines."""

    lines: int = 1


@dataclass(frozen=True)
class Cut:
    """Feed past the cutter and cut the paper."""


Block = Text | Qr | Rule | Feed | Cut
Layout = tuple[Block, ...]


DATE_PATTERNS = {"en": "EEEE d MMMM y"}
"""Where the locale's full date differs from what the kiosk's screens show."""


def ticket_date(moment: dt.date, language: str) -> str:
    """The day in the visitor's language and its own order: "Friday 27 November 2026",
    "piątek, 27 listopada 2026", "2026 m. lapkričio 27 d., penktadienis"."""
    locale = BABEL_LOCALES.get(language, language)
    return format_date(moment, format=DATE_PATTERNS.get(language, "full"), locale=locale)


def ticket_layout(content: TicketContent) -> Layout:
    """The queue ticket (docs/design.md §4), in the visitor's language."""
    catalog = translations(content.language)
    _ = catalog.gettext
    locale = BABEL_LOCALES.get(content.language, content.language)
    day = ticket_date(content.arrived, content.language)
    arrived = format_time(content.arrived, format="HH:mm", locale=locale)
    target = format_time(content.target, format="HH:mm", locale=locale)
    if content.people_ahead == 0:
        ahead = _("You are next in the queue.")
    else:
        ahead = catalog.ngettext(
            "{count} person ahead of you", "{count} people ahead of you", content.people_ahead
        ).format(count=content.people_ahead)
    return (
        Text(content.organisation, bold=True),
        Text(content.office),
        Rule(),
        Text(_("Your ticket number")),
        Text(content.ticket, size="huge", bold=True),
        Text(content.service, size="tall", bold=True),
        Feed(),
        Text(day),
        Text(_("Arrived at {time}").format(time=arrived)),
        Text(ahead),
        Text(_("We aim to see you by {time}").format(time=target), bold=True),
        Feed(),
        Qr(content.qr_payload),
        Text(_("Please keep this ticket. We will call your number.")),
        Text(content.website),
        Cut(),
    )
