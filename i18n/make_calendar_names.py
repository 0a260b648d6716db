"""Write `i18n/calendar_names.py` from Babel's CLDR data: weekday and month names, and
each language's order of weekday, day and month.

    python -m i18n.make_calendar_names

Run it after adding a kiosk language or upgrading Babel; `tests/unit/test_i18n.py`
fails until the table matches Babel again.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from babel import Locale
from babel.dates import match_skeleton, parse_pattern, tokenize_pattern, untokenize_pattern

from config.settings import LANGUAGE_NAMES
from i18n.languages import babel_locale

TARGET = Path(__file__).with_name("calendar_names.py")
"""The generated module."""
DAY_AND_MONTH_SKELETON = "EEEEdMMMM"
"""Weekday, day and month, all written out: CLDR's skeleton for the screens' dates."""


def calendar_names(language: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Wide weekday names (Monday first) and wide month names, in their date forms."""
    locale = Locale.parse(babel_locale(language))
    weekdays = tuple(locale.days["format"]["wide"][day] for day in range(7))
    months = tuple(locale.months["format"]["wide"][month] for month in range(1, 13))
    return weekdays, months


def day_and_month_pattern(language: str) -> str:
    """The CLDR pattern for `DAY_AND_MONTH_SKELETON` in `language`'s locale.

    Babel's `format_skeleton` picks the locale's nearest skeleton ("MMMMEd" in most)
    but, unlike ICU, does not widen its fields to what was asked for, so "sáb., 28 de
    novembro" would come out; the weekday is widened here as CLDR says a pattern
    generator should: "EEEE, d 'de' MMMM", "MMMM d 'd'., EEEE".
    """
    locale = Locale.parse(babel_locale(language))
    skeleton = match_skeleton(DAY_AND_MONTH_SKELETON, locale.datetime_skeletons)
    if skeleton is None:
        raise LookupError(f"{language}: no date pattern near {DAY_AND_MONTH_SKELETON}")
    tokens = []
    for kind, value in tokenize_pattern(locale.datetime_skeletons[skeleton].pattern):
        if kind == "field" and value[0] == "E":
            value = ("E", 4)
        tokens.append((kind, value))
    return untokenize_pattern(tokens)


def day_and_month_format(language: str) -> str:
    """`day_and_month_pattern` as a %-format over the names `EEEE`, `d` and `MMMM`."""
    pattern = day_and_month_pattern(language)
    # The %-format Babel keeps beside the pattern (its stubs type the attribute as
    # the method of the same name).
    form = str(parse_pattern(pattern).format)
    fields = set(re.findall(r"%\((\w+)\)s", form))
    if not fields <= {"EEEE", "d", "MMMM"}:
        raise ValueError(f"{language}: {pattern} has fields the kiosk cannot write")
    return form


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
        '"""Weekday and month names and the order of a date per kiosk language, generated',
        "from CLDR by Babel.",
        "",
        "Do not edit: run `python -m i18n.make_calendar_names` to write it again.",
        '"""',
        "",
    ]
    weekdays = {code: pair[0] for code, pair in names.items()}
    months = {code: pair[1] for code, pair in names.items()}
    orders = {code: day_and_month_format(code) for code in LANGUAGE_NAMES}
    return "\n".join(
        [
            *header,
            *_table("WEEKDAYS", "Wide weekday names, Monday first.", weekdays),
            "",
            *_table("MONTHS", "Wide month names, January first, as written inside a date.", months),
            "",
            "DAY_AND_MONTH: dict[str, str] = {",
            *(f"    {json.dumps(code)}: {json.dumps(form)}," for code, form in orders.items()),
            "}",
            '"""Weekday, day and month in each language\'s order (CLDR skeleton EEEEdMMMM), as a',
            '%-format over EEEE, d and MMMM: "%(EEEE)s, %(d)s de %(MMMM)s"."""',
            "",
        ]
    )


if __name__ == "__main__":
    TARGET.write_text(module_text(), encoding="utf-8")
    print(f"wrote {TARGET}")
