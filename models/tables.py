"""The queue's tables. Times are stored in UTC; "local" columns are the office's zone.

A visit keeps its milestones (called, serving, ended) and the durations derived from
them as columns, written in the same transaction as the event that records the change:
the event table is the audit trail, and the columns let the figures be summed in SQL
over an index instead of re-reading every event.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, Index, String, UniqueConstraint
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator
from sqlmodel import Column, Field, SQLModel

from models.enums import (
    OPEN_STATUSES,
    AlertKind,
    Channel,
    HoursOverrideKind,
    Outcome,
    PrinterState,
    PrintJobStatus,
    StaffRole,
    VisitStatus,
)

__all__ = [
    "OPEN_STATUSES",
    "Alert",
    "AlertKind",
    "Channel",
    "ClosureRecord",
    "Desk",
    "DeskPresence",
    "HoursOverride",
    "HoursOverrideKind",
    "KioskControl",
    "Outcome",
    "PrintJob",
    "PrintJobStatus",
    "PrinterState",
    "PrinterStatus",
    "Staff",
    "StaffRole",
    "TicketCounter",
    "UTCDateTime",
    "Visit",
    "VisitEvent",
    "VisitStatus",
]


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware UTC datetime on every backend (SQLite keeps no zone of its own)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        """Refuse naive datetimes and store UTC (naive on SQLite, aware on PostgreSQL)."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; pass an aware UTC time")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        """Return an aware UTC datetime whatever the backend gave back."""
        if value is None:
            return None
        assert isinstance(value, dt.datetime)
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def _utc(nullable: bool = True, index: bool = False) -> Any:
    return Field(default=None, sa_column=Column(UTCDateTime(), nullable=nullable, index=index))


class Visit(SQLModel, table=True):
    """One person's visit, from check-in to its end."""

    __table_args__ = (
        UniqueConstraint("site", "local_date", "letter", "seq", name="uq_visit_ticket"),
        Index("ix_visit_open", "site", "local_date", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    site: str = Field(max_length=32)
    """Office identifier; ticket numbers are unique per site, day and letter."""
    reference: str = Field(max_length=16, unique=True)
    """Short unguessable code printed in the QR; a desk scanner types it back."""
    local_date: dt.date = Field(index=True)
    """Arrival day in the office's zone: the day the ticket number belongs to."""
    local_hour: int
    """Arrival hour (0-23) in the office's zone, for the by-hour chart."""
    letter: str = Field(max_length=1)
    """The service letter the ticket was issued under."""
    seq: int
    """The day's sequence number within the letter."""
    ticket: str = Field(max_length=8)
    """Displayed ticket number, letter plus three digits, e.g. A017."""
    service_code: str = Field(max_length=32)
    """The service the visitor is currently queued for (changes on transfer)."""
    channel: str = Field(default=Channel.KIOSK, max_length=16)
    """Kiosk, walk-in or phone-in."""
    language: str = Field(default="en", max_length=8)
    """The visitor's chosen language."""
    name: str | None = Field(default=None, max_length=80)
    """Optional name for greeting; personal data, erased after the retention period."""
    needs: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    """Codes of access and communication needs; personal data."""
    interpreter_language: str | None = Field(default=None, max_length=60)
    """Which spoken language an interpreter is needed for; personal data."""
    has_needs: bool = False
    """Whether any need was given; kept after erasure for the anonymous figures."""
    status: str = Field(default=VisitStatus.WAITING, max_length=16)
    """A VisitStatus value."""
    assigned_desk: str | None = Field(default=None, max_length=40)
    """A desk this visit was transferred to; only that desk calls it."""
    desk: str | None = Field(default=None, max_length=40)
    """The desk that last called or served the visitor."""
    staff_code: str | None = Field(default=None, max_length=32)
    """Staff member who last called or served the visitor."""
    appointment_at: dt.datetime | None = _utc()
    """For pre-booked visits: the appointment time, called first when due."""
    arrived_at: dt.datetime = _utc(nullable=False)
    """Check-in time: the 15-minute target runs from here."""
    target_due_at: dt.datetime = _utc(nullable=False)
    """Arrival plus the service's target at check-in."""
    target_minutes: int
    """The target that applied at check-in, in minutes."""
    called_at: dt.datetime | None = _utc()
    """Latest call to a desk."""
    first_called_at: dt.datetime | None = _utc()
    """First call: the moment the visitor was greeted."""
    serving_started_at: dt.datetime | None = _utc()
    """When service began at a desk (first time)."""
    ended_at: dt.datetime | None = _utc()
    """When the visit reached a final status."""
    recalls: int = 0
    """How many times the visitor was called again."""
    outcome: str | None = Field(default=None, max_length=16)
    """An Outcome value once resolved."""
    outcome_detail: str | None = Field(default=None, max_length=500)
    """Organisation signposted to, department referred to, and the like."""
    callback_at: dt.datetime | None = _utc()
    """Agreed call-back time, for outcome callback."""
    reply_due: dt.date | None = None
    """Due date of a written reply, for outcome written_reply."""
    greet_seconds: int | None = None
    """Arrival to first call, in seconds."""
    wait_seconds: int | None = None
    """Arrival to start of service (or to first call if service was not started apart)."""
    resolve_seconds: int | None = None
    """Arrival to resolution, in seconds."""
    within_target: bool | None = None
    """For a resolved visit: whether it was resolved by target_due_at."""
    needs_acknowledged_at: dt.datetime | None = _utc()
    """When staff acknowledged the visitor's needs alert."""
    needs_ack_seconds: int | None = None
    """Arrival to acknowledgement of the needs alert, in seconds."""
    personal_data_erased_at: dt.datetime | None = _utc()
    """When the retention rule erased name, needs and notes."""


class VisitEvent(SQLModel, table=True):
    """One change to a visit: who, when, what. Appended, never updated (except erasure)."""

    id: int | None = Field(default=None, primary_key=True)
    visit_id: int = Field(foreign_key="visit.id", index=True)
    """The visit changed."""
    at: dt.datetime = _utc(nullable=False)
    """When it happened (UTC)."""
    kind: str = Field(max_length=24)
    """What happened, e.g. checked_in, called, transferred, resolved."""
    actor: str = Field(max_length=32)
    """Staff code, or "kiosk"/"system"."""
    desk: str | None = Field(default=None, max_length=40)
    """Desk the actor was at."""
    from_status: str | None = Field(default=None, max_length=16)
    """Status before the change."""
    to_status: str | None = Field(default=None, max_length=16)
    """Status after the change."""
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    """Non-personal facts of the change (service moved to, outcome, ...)."""
    note: str | None = Field(default=None, sa_column=Column(String(2000), nullable=True))
    """Free text staff wrote (e.g. transfer notes); personal data."""


class TicketCounter(SQLModel, table=True):
    """Last ticket number issued per site, local day and letter (an upsert target)."""

    site: str = Field(primary_key=True, max_length=32)
    local_date: dt.date = Field(primary_key=True)
    letter: str = Field(primary_key=True, max_length=1)
    last: int = 0
    """The last sequence number given out."""


class Staff(SQLModel, table=True):
    """A member of staff who signs in with a code and PIN."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    """What they type to sign in, e.g. "jb01"."""
    name: str = Field(max_length=80)
    """Shown on the console and in the audit."""
    role: str = Field(default=StaffRole.RECEPTIONIST, max_length=16)
    """A StaffRole value."""
    pin_hash: str = Field(max_length=255)
    """Slow salted hash of the PIN; never the PIN."""
    active: bool = True
    """Disabled accounts cannot sign in."""
    failed_attempts: int = 0
    """Wrong PINs since the last success; survives restarts."""
    locked_until: dt.datetime | None = _utc()
    """No sign-in before this time after repeated failures."""
    created_at: dt.datetime = _utc(nullable=False)


class Desk(SQLModel, table=True):
    """A service point at which staff call visitors."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=40, unique=True)
    """Shown to the visitor when called, e.g. "Desk 2"."""
    services: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    """Service codes this desk calls; empty means every service."""
    active: bool = True


class DeskPresence(SQLModel, table=True):
    """Who is signed in at a desk's console, as its refresh last said (a heartbeat)."""

    site: str = Field(primary_key=True, max_length=32)
    desk: str = Field(primary_key=True, max_length=40)
    """The console's desk name (`--desk`)."""
    staff_code: str = Field(max_length=32)
    """Who was signed in."""
    staff_name: str = Field(max_length=80)
    """Their name, as the supervisor reads it."""
    seen_at: dt.datetime = _utc(nullable=False)
    """The console's latest refresh with them signed in."""


class PrintJob(SQLModel, table=True):
    """A ticket to print, created with the check-in and sent by the spool."""

    __table_args__ = (Index("ix_printjob_due", "station", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    visit_id: int = Field(foreign_key="visit.id", index=True)
    station: str = Field(max_length=40)
    """The kiosk whose printer prints it (each kiosk has its own printer)."""
    created_at: dt.datetime = _utc(nullable=False)
    status: str = Field(default=PrintJobStatus.PENDING, max_length=16)
    """A PrintJobStatus value."""
    attempts: int = 0
    next_attempt_at: dt.datetime = _utc(nullable=False)
    """Not tried before this time (backoff)."""
    last_error: str | None = Field(default=None, max_length=500)
    """Why the latest attempt failed or the job was discarded."""
    finished_at: dt.datetime | None = _utc()
    """When it was printed or discarded."""
    reprint: bool = False
    """Asked for by staff rather than by a check-in."""


class Alert(SQLModel, table=True):
    """An alert for reception staff; it stays until acknowledged."""

    __table_args__ = (Index("ix_alert_open", "site", "acknowledged_at"),)

    id: int | None = Field(default=None, primary_key=True)
    site: str = Field(max_length=32)
    kind: str = Field(max_length=16)
    """An AlertKind value."""
    visit_id: int | None = Field(default=None, foreign_key="visit.id", index=True)
    """The visit concerned, if any."""
    key: str = Field(max_length=80, unique=True)
    """De-duplication key: one near-breach alert per visit, one printer alert per fault."""
    message: str = Field(max_length=300)
    """What the console shows (built from non-personal facts)."""
    source: str | None = Field(default=None, max_length=40)
    """The kiosk or desk that raised it; None for the consoles' own scan."""
    repeats: int = 1
    """How many times it was raised: help-now taps from one kiosk within a minute fold
    into one alert."""
    raised_at: dt.datetime = _utc(nullable=False)
    latest_at: dt.datetime | None = _utc()
    """The latest time it was raised again (None: only once, at `raised_at`)."""
    acknowledged_at: dt.datetime | None = _utc()
    acknowledged_by: str | None = Field(default=None, max_length=32)


class HoursOverride(SQLModel, table=True):
    """Close early or stay open later on one local day, with a reason."""

    id: int | None = Field(default=None, primary_key=True)
    site: str = Field(max_length=32, index=True)
    local_date: dt.date
    """The day it applies to, in the office's zone."""
    kind: str = Field(max_length=16)
    """A HoursOverrideKind value."""
    closes: dt.time
    """The new closing time that day (local)."""
    reason: str = Field(max_length=200)
    by: str = Field(max_length=32)
    """Staff code of the supervisor."""
    created_at: dt.datetime = _utc(nullable=False)
    withdrawn: bool = False
    """A later decision cancelled it."""


class ClosureRecord(SQLModel, table=True):
    """A closure added by a supervisor (configured closures live in the TOML file)."""

    id: int | None = Field(default=None, primary_key=True)
    site: str = Field(max_length=32, index=True)
    start: dt.date
    end: dt.date
    reason: str = Field(max_length=200)
    by: str = Field(max_length=32)
    created_at: dt.datetime = _utc(nullable=False)


class KioskControl(SQLModel, table=True):
    """Per-site kiosk switches staff can flip (pause check-ins)."""

    site: str = Field(primary_key=True, max_length=32)
    paused: bool = False
    """Check-ins are refused while paused."""
    changed_at: dt.datetime = _utc(nullable=False)
    changed_by: str = Field(max_length=32)


class PrinterStatus(SQLModel, table=True):
    """A kiosk printer's latest state, written by its spool, read by both apps."""

    site: str = Field(primary_key=True, max_length=32)
    station: str = Field(primary_key=True, max_length=40)
    """The kiosk the printer stands beside."""
    state: str = Field(default=PrinterState.UNKNOWN, max_length=16)
    """A PrinterState value."""
    detail: str | None = Field(default=None, max_length=300)
    """The error or status text behind the state."""
    checked_at: dt.datetime = _utc(nullable=False)
    """When the spool last asked."""
    changed_at: dt.datetime = _utc(nullable=False)
    """When the state last changed."""
