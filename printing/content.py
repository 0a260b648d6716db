"""What a ticket says, as plain values: no name and no needs, ever."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class TicketContent:
    """Everything printed on a queue ticket (docs/design.md §4)."""

    organisation: str
    """The council's name."""
    office: str
    """This office's name."""
    ticket: str
    """The ticket number, e.g. A017, printed very large."""
    service: str
    """The service's name in the visitor's language."""
    language: str
    """The visitor's language; every label is printed in it."""
    arrived: dt.datetime
    """Arrival, in the office's zone (date and time are printed)."""
    people_ahead: int
    """People waiting for the same service who arrived earlier."""
    target: dt.datetime
    """"We aim to see you by", in the office's zone."""
    qr_payload: str
    """The visit's reference; a desk scanner types it back into the console."""
    website: str
    """The council's website, in the footer."""
