"""Opening hours, bank holidays, clock changes, overrides and working days (Europe/London)."""

from __future__ import annotations

import datetime as dt

import pytest

from config import Settings, settings_from_mapping
from models.calendar import ClosedPeriod, DayOverride, OfficeCalendar
from tests.conftest import london


@pytest.fixture
def calendar() -> OfficeCalendar:
    return OfficeCalendar(Settings())


def test_friday_closes_at_half_past_four(calendar: OfficeCalendar) -> None:
    assert calendar.is_open(london(2026, 11, 27, 16, 29))
    assert not calendar.is_open(london(2026, 11, 27, 16, 31))
    assert not calendar.is_open(london(2026, 11, 27, 16, 30))
    assert calendar.closes_at(london(2026, 11, 27, 16, 29)) == london(2026, 11, 27, 16, 30)


def test_thursday_is_open_until_five(calendar: OfficeCalendar) -> None:
    assert calendar.is_open(london(2026, 11, 26, 16, 59))
    assert not calendar.is_open(london(2026, 11, 26, 17, 0))
    assert calendar.is_open(london(2026, 11, 26, 9, 0))
    assert not calendar.is_open(london(2026, 11, 26, 8, 59))


def test_after_friday_closing_next_opening_is_monday_nine(calendar: OfficeCalendar) -> None:
    status = calendar.status(london(2026, 11, 27, 16, 31))
    assert not status.is_open
    assert status.next_opens_at == london(2026, 11, 30, 9, 0)
    assert status.closed_reason is None


def test_bank_holiday_monday_is_closed_with_its_name(calendar: OfficeCalendar) -> None:
    at = london(2026, 8, 31, 11, 0)  # Late Summer Bank Holiday
    status = calendar.status(at)
    assert not status.is_open
    assert status.closed_reason == "Late Summer Bank Holiday"
    assert status.next_opens_at == london(2026, 9, 1, 9, 0)


def test_scotland_has_other_bank_holidays() -> None:
    scottish = OfficeCalendar(settings_from_mapping({"bank_holidays": "scotland"}))
    assert scottish.is_open(london(2026, 8, 31, 11, 0))
    assert not scottish.is_open(london(2026, 8, 3, 11, 0))  # Summer Bank Holiday (SCT)


def test_spring_clock_change(calendar: OfficeCalendar) -> None:
    # Sunday 29 March 2026, 01:00 GMT → 02:00 BST. The office is shut that Sunday; on
    # Friday before it opens at 09:00 GMT, on Monday after at 09:00 BST = 08:00 UTC.
    assert not calendar.is_open(london(2026, 3, 29, 12, 0))
    assert calendar.hours_on(dt.date(2026, 3, 27))[0] == dt.datetime(2026, 3, 27, 9, tzinfo=dt.UTC)
    monday = calendar.next_opening(london(2026, 3, 27, 17, 0))
    assert monday == dt.datetime(2026, 3, 30, 8, 0, tzinfo=dt.UTC)
    assert calendar.is_open(dt.datetime(2026, 3, 30, 8, 0, tzinfo=dt.UTC))
    assert not calendar.is_open(dt.datetime(2026, 3, 30, 7, 59, tzinfo=dt.UTC))


def test_autumn_clock_change(calendar: OfficeCalendar) -> None:
    # Sunday 25 October 2026, 02:00 BST → 01:00 GMT.
    assert not calendar.is_open(london(2026, 10, 25, 12, 0))
    friday = calendar.hours_on(dt.date(2026, 10, 23))
    assert friday[1] == dt.datetime(2026, 10, 23, 15, 30, tzinfo=dt.UTC)  # 16:30 BST
    monday = calendar.hours_on(dt.date(2026, 10, 26))
    assert monday == (
        dt.datetime(2026, 10, 26, 9, 0, tzinfo=dt.UTC),
        dt.datetime(2026, 10, 26, 17, 0, tzinfo=dt.UTC),
    )


def test_local_date_near_midnight_follows_the_office_zone(calendar: OfficeCalendar) -> None:
    # 23:30 UTC in summer is already tomorrow in London.
    assert calendar.local_date(dt.datetime(2026, 7, 1, 23, 30, tzinfo=dt.UTC)) == dt.date(
        2026, 7, 2
    )
    assert calendar.local_date(dt.datetime(2026, 12, 1, 23, 30, tzinfo=dt.UTC)) == dt.date(
        2026, 12, 1
    )


def test_last_entry_warning_window(calendar: OfficeCalendar) -> None:
    assert not calendar.in_last_entry_window(london(2026, 11, 26, 16, 44))
    assert calendar.in_last_entry_window(london(2026, 11, 26, 16, 45))
    assert calendar.in_last_entry_window(london(2026, 11, 27, 16, 20))
    assert not calendar.in_last_entry_window(london(2026, 11, 27, 16, 40))  # closed


def test_early_close_override() -> None:
    day = dt.date(2026, 11, 26)
    calendar = OfficeCalendar(
        Settings(), overrides=[DayOverride(day, dt.time(14, 0), "Fire alarm test")]
    )
    assert calendar.is_open(london(2026, 11, 26, 13, 59))
    assert not calendar.is_open(london(2026, 11, 26, 14, 1))
    status = calendar.status(london(2026, 11, 26, 12, 0))
    assert status.closes_at == london(2026, 11, 26, 14, 0)
    assert status.override_reason == "Fire alarm test"
    # The next day is untouched.
    assert calendar.is_open(london(2026, 11, 27, 15, 0))


def test_extend_override_and_close_all_day() -> None:
    day = dt.date(2026, 11, 27)
    extended = OfficeCalendar(Settings(), overrides=[DayOverride(day, dt.time(18, 0), "Late")])
    assert extended.is_open(london(2026, 11, 27, 17, 30))
    shut = OfficeCalendar(Settings(), overrides=[DayOverride(day, dt.time(9, 0), "Flood")])
    assert not shut.is_open(london(2026, 11, 27, 10, 0))


def test_configured_and_recorded_closures() -> None:
    settings = settings_from_mapping(
        {"closures": [{"from": "2026-12-29", "to": "2026-12-31", "reason": "Winter"}]}
    )
    calendar = OfficeCalendar(
        settings, closures=[ClosedPeriod(dt.date(2026, 12, 2), dt.date(2026, 12, 2), "Training")]
    )
    assert calendar.closed_reason(dt.date(2026, 12, 30)) == "Winter"
    assert calendar.closed_reason(dt.date(2026, 12, 2)) == "Training"
    assert not calendar.is_open(london(2026, 12, 2, 10))
    assert calendar.next_opening(london(2026, 12, 28, 17, 0)) == london(2027, 1, 4, 9)


def test_working_days_skip_weekends_bank_holidays_and_closures() -> None:
    calendar = OfficeCalendar(Settings())
    # Friday 28 August 2026 + 1 working day: skip the weekend and Monday's bank holiday.
    assert calendar.add_working_days(dt.date(2026, 8, 28), 1) == dt.date(2026, 9, 1)
    # Christmas: Thu 24 Dec + 2 → Fri 25 and Mon 28 (observed Boxing Day) skipped.
    assert calendar.add_working_days(dt.date(2026, 12, 24), 2) == dt.date(2026, 12, 30)
    assert calendar.add_working_days(dt.date(2026, 11, 27), 5) == dt.date(2026, 12, 4)
    assert calendar.add_working_days(dt.date(2026, 11, 27), 0) == dt.date(2026, 11, 27)
    closed = OfficeCalendar(
        Settings(), closures=[ClosedPeriod(dt.date(2026, 11, 30), dt.date(2026, 11, 30), "x")]
    )
    assert closed.add_working_days(dt.date(2026, 11, 27), 1) == dt.date(2026, 12, 1)


def test_no_bank_holidays_region() -> None:
    calendar = OfficeCalendar(settings_from_mapping({"bank_holidays": "none"}))
    assert calendar.is_open(london(2026, 8, 31, 11, 0))
