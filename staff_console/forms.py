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
    outcome: str
    detail: str | None = None
    callback_at: dt.datetime | None = None
    reply_working_days: int | None = None


@dataclass(frozen=True)
class Transfer:
    """Pass a visitor to a service or a desk, with notes for the next desk."""

    visit_id: int
    to_service: str | None
    to_desk: str | None
    notes: str


@dataclass(frozen=True)
class WalkIn:
    """A walk-in or phone-in added by hand."""

    service_code: str
    channel: str
    name: str | None
    needs: tuple[str, ...]
    interpreter_language: str | None


@dataclass(frozen=True)
class FindQuery:
    """A ticket number or a scanned QR reference."""

    query: str


@dataclass(frozen=True)
class HoursChange:
    """Today's new closing time, with the reason."""

    closes: dt.time
    reason: str


@dataclass(frozen=True)
class NewStaff:
    """A new staff account."""

    code: str
    name: str
    role: str
    pin: str = field(repr=False)


@dataclass(frozen=True)
class NewPin:
    """A new PIN for someone who forgot theirs (it clears their lock)."""

    code: str
    pin: str = field(repr=False)


@dataclass(frozen=True)
class DeskServices:
    """A desk and the services it calls (none: every service)."""

    name: str
    services: tuple[str, ...]


@dataclass(frozen=True)
class Closure:
    """The office closed on whole days."""

    start: dt.date
    end: dt.date
    reason: str


@dataclass(frozen=True)
class StaffActive:
    """Disable or enable an account."""

    code: str
    active: bool


@dataclass(frozen=True)
class VisitData:
    """Export or erase one visitor's personal data, found by ticket or QR reference."""

    query: str
    erase: bool


AdminTask = NewStaff | NewPin | DeskServices | Closure | StaffActive | VisitData
"""A supervisor's task."""
