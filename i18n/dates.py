"""Dates and times as the kiosk's screens show them, without loading Babel.

The weekday and month names come from `i18n/calendar_names.py`, a table generated from
Babel's CLDR data (`python -m i18n.make_calendar_names`); a test checks that every name
still matches what Babel says. Babel itself takes about 25 ms to import and to load a
locale, which would hold back the first paint of the kiosk's Welcome screen.
"""

from __future__ import annotations

import datetime as dt

from i18n.calendar_names import MONTHS, WEEKDAYS


def clock_time(moment: dt.datetime | dt.time) -> str:
    """A 24-hour time, "09:05": how every kiosk language writes it (CLDR `HH:mm`)."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def day_and_month(moment: dt.date, language: str) -> str:
    """Weekday, day and month, "Friday 27 November" (CLDR pattern `EEEE d MMMM`).

    Months are in the form used inside a date ("27 listopada" in Polish); a language
    without a table falls back to English.
    """
    weekdays = WEEKDAYS.get(language, WEEKDAYS["en"])
    months = MONTHS.get(language, MONTHS["en"])
    return f"{weekdays[moment.weekday()]} {moment.day} {months[moment.month - 1]}"
