"""Plain values the rules return. Screens get these, never live ORM objects."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from models.target import TargetStatus


@dataclass(frozen=True)
class TicketFacts:
    """A ticket's facts: what the kiosk shows after check-in and what the printer prints.

    No personal data (no name, no needs): a ticket can be left on a chair.
    """

    visit_id: int
    """Database id of the visit."""
    reference: str
    """The visit's short reference, encoded in the ticket's QR code."""
    ticket: str
    """The ticket number, e.g. A017."""
    service_code: str
    """The service queued for."""
    language: str
    """The visitor's language (the ticket is printed in it)."""
    arrived_at: dt.datetime
    """Check-in time (UTC)."""
    target_due_at: dt.datetime
    """"We aim to see you by" (UTC)."""
    people_ahead: int
    """Visitors waiting for the same service who will be called first (see
    `models.queue.reading.people_ahead`)."""
    print_job_id: int | None = None
    """The print job created with the check-in, if a ticket is to be printed."""


@dataclass(frozen=True)
class EventView:
    """One recorded change to a visit."""

    at: dt.datetime
    """When (UTC)."""
    kind: str
    """What, e.g. "transferred"."""
    actor: str
    """Who: a staff code, "kiosk" or "system"."""
    desk: str | None
    """At which desk."""
    from_status: str | None
    """Status before."""
    to_status: str | None
    """Status after."""
    detail: dict[str, Any]
    """Facts of the change."""
    note: str | None
    """What staff wrote, if anything (cleaned text; display it as data, not markup)."""


@dataclass(frozen=True)
class VisitView:
    """A visit as screens show it, with its target status at the time it was read."""

    id: int
    reference: str
    ticket: str
    service_code: str
    status: str
    channel: str
    language: str
    name: str | None
    """Staff-only; cleaned, but display it as data, never as markup."""
    needs: tuple[str, ...]
    """Need codes, in configured order."""
    interpreter_language: str | None
    arrived_at: dt.datetime
    target_due_at: dt.datetime
    target_minutes: int
    target: TargetStatus
    """Time left and colour, judged at read time (or at the visit's end)."""
    appointment_at: dt.datetime | None
    called_at: dt.datetime | None
    serving_started_at: dt.datetime | None
    ended_at: dt.datetime | None
    desk: str | None
    assigned_desk: str | None
    staff_code: str | None
    recalls: int
    outcome: str | None
    outcome_detail: str | None
    callback_at: dt.datetime | None
    reply_due: dt.date | None
    needs_acknowledged: bool
    notes: tuple[EventView, ...] = field(default=())
    """Events that carry a note (transfer notes first to last): what the next desk reads."""
    events: tuple[EventView, ...] = field(default=())
    """The whole history, oldest first (only filled by `get_visit`)."""

    @property
    def waited(self) -> dt.timedelta:
        """Time since arrival up to the visit's end, or to when it was read."""
        end = self.ended_at or (self.target_due_at - self.target.left)
        return end - self.arrived_at


@dataclass(frozen=True)
class FigureRow:
    """Figures for one group (all visits, a service, a desk or an hour)."""

    key: str
    """What the row is for: "all", a service code, a desk name or an hour "09"."""
    visitors: int = 0
    """Visits that arrived."""
    waiting_now: int = 0
    """Of those, arrived today and waiting now (`models.counting.WAITING_NOW`)."""
    with_staff_now: int = 0
    """Arrived today, called or being served now (`models.counting.WITH_STAFF_NOW`)."""
    held_now: int = 0
    """Arrived today, on hold now (`models.counting.HELD_NOW`)."""
    served: int = 0
    """Called at least once."""
    average_wait_seconds: float | None = None
    """Arrival to start of service, averaged over served visits."""
    longest_wait_seconds: int | None = None
    """The longest such wait."""
    average_greet_seconds: float | None = None
    """Arrival to first call, averaged."""
    median_greet_seconds: float | None = None
    """Arrival to first call, the median over visits called."""
    p90_greet_seconds: float | None = None
    """Arrival to first call, 90th percentile (nearest rank) over visits called."""
    greeted_in_time: int = 0
    """Visits first called within `GREET_TARGET_SECONDS` of arrival."""
    greet_due: int = 0
    """Visits that were owed a greeting: called, or left uncalled past the greet target
    (still waiting, or gone by cancellation or the end of the day)."""
    resolved: int = 0
    """Visits that ended with an outcome."""
    resolved_within_target: int = 0
    """Of those, resolved by their target."""
    breaches: int = 0
    """Visits whose target passed before they were resolved."""
    no_shows: int = 0
    """Visits ended because the called visitor did not come."""
    cancelled: int = 0
    """Visits cancelled (the visitor left, or a mistake)."""
    transferred: int = 0
    """Visits transferred at least once to another service or desk."""
    callbacks: int = 0
    """Visits resolved with a call-back arranged."""
    callbacks_due: int = 0
    """Of those, call-backs whose agreed time has come (at the time of reading)."""
    with_needs: int = 0
    """Visits where access or communication needs were given."""
    needs_acknowledged: int = 0
    """Of those, acknowledged by staff."""
    average_needs_ack_seconds: float | None = None
    """Arrival to acknowledgement of needs, averaged."""

    @property
    def percent_greeted_in_time(self) -> float | None:
        """Share of visits owed a greeting that got it within 5 minutes, 0-100."""
        if not self.greet_due:
            return None
        return 100.0 * self.greeted_in_time / self.greet_due

    @property
    def percent_within_target(self) -> float | None:
        """Share of resolved visits resolved within target, 0-100; None with none resolved."""
        if not self.resolved:
            return None
        return 100.0 * self.resolved_within_target / self.resolved


@dataclass(frozen=True)
class Figures:
    """Today's figures (docs/design.md §1) for a range of local dates."""

    start: dt.date
    """First day, inclusive."""
    end: dt.date
    """Last day, inclusive."""
    total: FigureRow
    """Every visit in the range."""
    by_service: tuple[FigureRow, ...]
    """One row per service code seen, by code."""
    by_desk: tuple[FigureRow, ...]
    """One row per desk that served, by name."""
    by_hour: tuple[FigureRow, ...]
    """One row per local arrival hour, "00" to "23", hours with visits only."""
