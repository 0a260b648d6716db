"""What the console's forms return: frozen dataclasses, one per form.

A dialog dismisses with one of these (or posts it in `FormDialog.Submitted` when it
stays open until the rule accepts it); the app hands its fields to the rule by name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Resolution:
    """End a visit with an outcome and its particulars."""

    visit_id: int
    """The visit ended."""
    outcome: str
    """resolved, signposted, referred, callback or written_reply."""
    detail: str | None = None
    """The organisation or department (signposted, referred)."""
    callback_at: dt.datetime | None = None
    """When to call back, aware UTC (callback)."""
    reply_working_days: int | None = None
    """Working days until the written reply is due (written_reply)."""


@dataclass(frozen=True)
class Transfer:
    """Pass a visitor to a service or a desk, with notes for the next desk."""

    visit_id: int
    """The visit passed on."""
    to_service: str | None
    """The service it goes to (None: the same one)."""
    to_desk: str | None
    """The desk that calls it first (None: any desk for the service)."""
    notes: str
    """What the next desk should know."""


@dataclass(frozen=True)
class WalkIn:
    """A walk-in or phone-in added by hand."""

    service_code: str
    """The service asked for."""
    channel: str
    """walk_in or phone."""
    name: str | None
    """The name given, if any."""
    needs: tuple[str, ...]
    """Access and communication needs, by code."""
    interpreter_language: str | None
    """The language for the interpreter need."""


@dataclass(frozen=True)
class FindQuery:
    """A ticket number or a scanned QR reference."""

    query: str
    """As typed or scanned."""


@dataclass(frozen=True)
class HoursChange:
    """Today's new closing time, with the reason."""

    closes: dt.time
    """Today's new closing time, office local."""
    reason: str
    """Why (shown to staff, kept for the audit)."""


@dataclass(frozen=True)
class NewStaff:
    """A new staff account."""

    code: str
    """The staff code they sign in with."""
    name: str
    """Their name as staff see it."""
    role: str
    """receptionist or supervisor."""
    pin: str = field(repr=False)
    """The PIN as typed (hashed before it is stored; never in a repr)."""


@dataclass(frozen=True)
class NewPin:
    """A new PIN for someone who forgot theirs (it clears their lock)."""

    code: str
    """Whose PIN."""
    pin: str = field(repr=False)
    """The new PIN as typed (never in a repr)."""


@dataclass(frozen=True)
class DeskServices:
    """A desk and the services it calls (none: every service)."""

    name: str
    """The desk's name (a new one adds the desk)."""
    services: tuple[str, ...]
    """The service codes it calls."""


@dataclass(frozen=True)
class Closure:
    """The office closed on whole days."""

    start: dt.date
    """The first day closed."""
    end: dt.date
    """The last day closed."""
    reason: str
    """Shown on the kiosk."""


@dataclass(frozen=True)
class StaffActive:
    """Disable or enable an account."""

    code: str
    """Whose account."""
    active: bool
    """Enabled (True) or disabled."""


@dataclass(frozen=True)
class VisitData:
    """Export or erase one visitor's personal data, found by ticket or QR reference."""

    query: str
    """The ticket (today) or QR reference."""
    erase: bool
    """Erase the personal data; False exports it as JSON."""


AdminTask = NewStaff | NewPin | DeskServices | Closure | StaffActive | VisitData
"""A supervisor's task."""
