"""The states and kinds the queue speaks in, as plain string enums.

Kept apart from the tables so the apps can use them without importing SQLAlchemy before
their first screen is painted.
"""

from __future__ import annotations

from enum import StrEnum


class VisitStatus(StrEnum):
    """Where a visit is in its life. Resolved, no-show and cancelled are final."""

    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    HELD = "held"
    RESOLVED = "resolved"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"


OPEN_STATUSES: tuple[VisitStatus, ...] = (
    VisitStatus.WAITING,
    VisitStatus.CALLED,
    VisitStatus.SERVING,
    VisitStatus.HELD,
)
"""Statuses of visits still in the office's queue."""


class Outcome(StrEnum):
    """How a visit ended well (docs/design.md §2)."""

    RESOLVED = "resolved"
    SIGNPOSTED = "signposted"
    REFERRED = "referred"
    CALLBACK = "callback"
    WRITTEN_REPLY = "written_reply"


class Channel(StrEnum):
    """How the visitor joined the queue."""

    KIOSK = "kiosk"
    WALK_IN = "walk_in"
    PHONE = "phone"


class StaffRole(StrEnum):
    """What a staff member may do."""

    RECEPTIONIST = "receptionist"
    SUPERVISOR = "supervisor"


class PrintJobStatus(StrEnum):
    """Where a ticket print is."""

    PENDING = "pending"
    PRINTED = "printed"
    FAILED = "failed"
    DISCARDED = "discarded"


class AlertKind(StrEnum):
    """Things staff must see until someone acknowledges them."""

    HELP_NOW = "help_now"
    NEEDS = "needs"
    NEAR_BREACH = "near_breach"
    BREACH = "breach"
    PRINTER = "printer"
    CLOSING = "closing"


class HoursOverrideKind(StrEnum):
    """A supervisor's change to today's opening hours."""

    CLOSE_EARLY = "close_early"
    EXTEND = "extend"


class PrinterState(StrEnum):
    """What the printer last said about itself."""

    OK = "ok"
    PAPER_LOW = "paper_low"
    PAPER_OUT = "paper_out"
    OFFLINE = "offline"
    UNKNOWN = "unknown"
