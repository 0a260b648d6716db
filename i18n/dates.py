"""Dates and times as the kiosk's screens show them, without loading Babel.

The weekday and month names, and each language's order of weekday, day and month (the
locale's pattern for CLDR's skeleton `EEEEdMMMM`), come from `i18n/calendar_names.py`,
a table generated from Babel's CLDR data (`python -m i18n.make_calendar_names`); a test
checks that every date still comes out as Babel writes it. Babel itself takes about 25 ms
to import and to load a locale, which would hold back the first paint of the kiosk's
Welcome screen.
"""

from __future__ import annotations

import datetime as dt

from i18n.calendar_names import DAY_AND_MONTH, MONTHS, WEEKDAYS


def clock_time(moment: dt.datetime | dt.time) -> str:
    """A 24-hour time, "09:05": how every kiosk language writes it (CLDR `HH:mm`)."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def day_and_month(moment: dt.date, language: str) -> str:
    """Weekday, day and month in the language's own order and words (CLDR `EEEEdMMMM`).

    "Saturday 28 November", "sobota, 28 listopada", "sábado, 28 de novembro",
    "lapkričio 28 d., šeštadienis", "sâmbătă, 28 noiembrie". Months are in the form
    used inside a date; a language without a table falls back to English.
    """
    if language not in DAY_AND_MONTH:
        language = "en"
    return DAY_AND_MONTH[language] % {
        "EEEE": WEEKDAYS[language][moment.weekday()],
        "d": moment.day,
        "MMMM": MONTHS[language][moment.month - 1],
    }
