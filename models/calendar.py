"""Opening hours, bank holidays, closures and working days, in the office's time zone.

All questions take an aware instant and answer in UTC instants or local dates. Local
wall-clock times are combined with the office's zone on each date, so the March and
October clock changes move the UTC instants, never the local opening times.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from zoneinfo import ZoneInfo

import holidays

from config.settings import Settings

SEARCH_DAYS = 400
"""How far ahead "next opening" looks before concluding the office never opens."""


@dataclass(frozen=True)
class ClosedPeriod:
    """Days the office is shut (configured or added by a supervisor)."""

    start: dt.date
    """First closed day."""
    end: dt.date
    """Last closed day, inclusive."""
    reason: str
    """Why, for the closed screen."""


@dataclass(frozen=True)
class DayOverride:
    """A supervisor's closing time for one local day (close early or extend)."""

    day: dt.date
    """The local day it applies to."""
    closes: dt.time
    """The closing time that day."""
    reason: str
    """Why, for the console and the audit."""


@dataclass(frozen=True)
class HoursStatus:
    """The office's state at one instant, everything a screen needs to say it."""

    is_open: bool
    """Whether check-ins are taken now."""
    closes_at: dt.datetime | None
    """When it closes today (UTC), if open."""
    next_opens_at: dt.datetime | None
    """When it next opens (UTC), if closed; None if never within a year."""
    last_entry_warning: bool
    """Open, but within the last-entry warning window before closing."""
    closed_reason: str | None
    """Bank holiday name, closure reason, or None (ordinary hours) when closed."""
    override_reason: str | None
    """The supervisor's reason when today's hours were changed."""


class OfficeCalendar:
    """Answers "is it open", "when does it close" and "N working days later".

    Args:
        settings: The office's configuration (week, zone, region, closures).
        closures: Closures added by supervisors, besides the configured ones.
        overrides: Supervisors' closing-time changes, at most one per day (the latest wins).
    """

    def __init__(
        self,
        settings: Settings,
        closures: Iterable[ClosedPeriod] = (),
        overrides: Iterable[DayOverride] = (),
    ) -> None:
        self.settings = settings
        """The configuration it was built from."""
        self.zone: ZoneInfo = settings.office.zone
        """The office's time zone."""
        configured = [ClosedPeriod(c.start, c.last_day, c.reason) for c in settings.closures]
        self.closures: tuple[ClosedPeriod, ...] = (*configured, *closures)
        """Every closure, configured first."""
        self.overrides: dict[dt.date, DayOverride] = {o.day: o for o in overrides}
        """Closing-time changes by local day."""

    @cached_property
    def _holidays(self) -> holidays.HolidayBase | None:
        subdivision = self.settings.bank_holiday_subdivision
        if subdivision is None:
            return None
        return holidays.country_holidays("GB", subdiv=subdivision)

    def local(self, instant: dt.datetime) -> dt.datetime:
        """`instant` in the office's zone."""
        return instant.astimezone(self.zone)

    def local_date(self, instant: dt.datetime) -> dt.date:
        """The office's calendar date at `instant`."""
        return self.local(instant).date()

    def at(self, day: dt.date, clock: dt.time) -> dt.datetime:
        """The UTC instant of local wall-clock time `clock` on `day`."""
        return dt.datetime.combine(day, clock, tzinfo=self.zone).astimezone(dt.UTC)

    def bank_holiday(self, day: dt.date) -> str | None:
        """The bank holiday's name on `day`, if it is one in the configured region."""
        table = self._holidays
        if table is None:
            return None
        name = table.get(day)
        return str(name) if name else None

    def closed_reason(self, day: dt.date) -> str | None:
        """Why the office is shut all of `day` (bank holiday or closure), else None."""
        holiday = self.bank_holiday(day)
        if holiday:
            return holiday
        for closure in self.closures:
            if closure.start <= day <= closure.end:
                return closure.reason
        return None

    def hours_on(self, day: dt.date) -> tuple[dt.datetime, dt.datetime] | None:
        """Opening and closing instants (UTC) on local `day`, or None if shut all day."""
        week = self.settings.opening_hours.for_weekday(day.weekday())
        if week is None or self.closed_reason(day) is not None:
            return None
        closes = week.closes
        override = self.overrides.get(day)
        if override is not None:
            closes = override.closes
        if closes <= week.opens:
            return None
        return self.at(day, week.opens), self.at(day, closes)

    def is_open(self, instant: dt.datetime) -> bool:
        """Whether the office takes visitors at `instant` (opening inclusive, closing not)."""
        hours = self.hours_on(self.local_date(instant))
        return hours is not None and hours[0] <= instant < hours[1]

    def closes_at(self, instant: dt.datetime) -> dt.datetime | None:
        """Today's closing instant if the office is open at `instant`, else None."""
        hours = self.hours_on(self.local_date(instant))
        if hours is None or not hours[0] <= instant < hours[1]:
            return None
        return hours[1]

    def next_opening(self, instant: dt.datetime) -> dt.datetime | None:
        """The first opening instant after `instant` (today's, if it is still to come)."""
        day = self.local_date(instant)
        for offset in range(SEARCH_DAYS):
            hours = self.hours_on(day + dt.timedelta(days=offset))
            if hours is not None and hours[0] > instant:
                return hours[0]
        return None

    def in_last_entry_window(self, instant: dt.datetime) -> bool:
        """Open, and closing within the configured last-entry warning minutes."""
        closes = self.closes_at(instant)
        if closes is None:
            return False
        window = dt.timedelta(minutes=self.settings.last_entry_warning_minutes)
        return closes - instant <= window

    def status(self, instant: dt.datetime) -> HoursStatus:
        """Everything a screen needs to say about opening hours at `instant`."""
        day = self.local_date(instant)
        closes = self.closes_at(instant)
        override = self.overrides.get(day)
        return HoursStatus(
            is_open=closes is not None,
            closes_at=closes,
            next_opens_at=None if closes is not None else self.next_opening(instant),
            last_entry_warning=self.in_last_entry_window(instant),
            closed_reason=None if closes is not None else self.closed_reason(day),
            override_reason=override.reason if override else None,
        )

    def is_working_day(self, day: dt.date) -> bool:
        """Monday to Friday, not a bank holiday, not within a closure."""
        return day.weekday() < 5 and self.closed_reason(day) is None

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The date `days` working days after `start` (start itself not counted)."""
        if days < 0:
            raise ValueError("days must not be negative")
        day = start
        remaining = days
        while remaining:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day
