"""Write `i18n/calendar_names.py` from Babel's CLDR data.

    python -m i18n.make_calendar_names

Run it after adding a kiosk language or upgrading Babel; `tests/unit/test_i18n.py`
fails until the table matches Babel again.
"""

from __future__ import annotations

import json
from pathlib import Path

from babel import Locale

from config.settings import LANGUAGE_NAMES

TARGET = Path(__file__).with_name("calendar_names.py")
"""The generated module."""


def calendar_names(language: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Wide weekday names (Monday first) and wide month names, in their date forms."""
    locale = Locale.parse(language)
    weekdays = tuple(locale.days["format"]["wide"][day] for day in range(7))
    months = tuple(locale.months["format"]["wide"][month] for month in range(1, 13))
    return weekdays, months


def _table(name: str, doc: str, rows: dict[str, tuple[str, ...]]) -> list[str]:
    # One name per line with a trailing comma: the layout `ruff format` keeps.
    lines = [f"{name}: dict[str, tuple[str, ...]] = {{"]
    for code, words in rows.items():
        lines.append(f"    {json.dumps(code)}: (")
        lines += [f"        {json.dumps(word, ensure_ascii=False)}," for word in words]
        lines.append("    ),")
    return [*lines, "}", f'"""{doc}"""']


def module_text() -> str:
    """The source of `calendar_names.py` for every language the kiosk can name."""
    names = {language: calendar_names(language) for language in LANGUAGE_NAMES}
    header = [
        '"""Weekday and month names per kiosk language, generated from CLDR by Babel.',
        "",
        "Do not edit: run `python -m i18n.make_calendar_names` to write it again.",
        '"""',
        "",
    ]
    weekdays = {code: pair[0] for code, pair in names.items()}
    months = {code: pair[1] for code, pair in names.items()}
    return "\n".join(
        [
            *header,
            *_table("WEEKDAYS", "Wide weekday names, Monday first.", weekdays),
            "",
            *_table("MONTHS", "Wide month names, January first, as written inside a date.", months),
            "",
        ]
    )


if __name__ == "__main__":
    TARGET.write_text(module_text(), encoding="utf-8")
    print(f"wrote {TARGET}")
