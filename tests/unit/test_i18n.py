"""Catalogs: the template matches the source, Polish is complete, placeholders agree."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from config.settings import LANGUAGE_NAMES
from i18n import LOCALE_DIR, translations

ROOT = Path(__file__).parents[2]
COMPLETE = ("pl",)
"""Languages whose catalog must translate every message."""
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def source_messages() -> set[str]:
    method_map = [
        (pattern, "python")
        for pattern in (
            "config/**.py",
            "i18n/**.py",
            "printing/**.py",
            "kiosk/**.py",
            "display/**.py",
        )
    ]
    found: set[str] = set()
    for _, _, message, _, _ in extract_from_dir(
        str(ROOT), method_map, keywords={"_": None, "gettext": None, "N_": None, "ngettext": (1, 2)}
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def catalog(language: str):
    path = LOCALE_DIR / language / "LC_MESSAGES" / "frontdesk.po"
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def test_template_is_up_to_date_with_the_source() -> None:
    with (LOCALE_DIR / "frontdesk.pot").open("rb") as handle:
        template = read_po(handle)
    in_template = {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id}
    assert in_template == source_messages(), "run the pybabel extract/update of the README"


@pytest.mark.parametrize("language", COMPLETE)
def test_complete_catalogs_translate_everything(language: str) -> None:
    missing = [
        m.id
        for m in catalog(language)
        if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)) or m.fuzzy)
    ]
    assert missing == []


@pytest.mark.parametrize("language", ["pl", "pt", "lt", "ro"])
def test_translations_keep_their_placeholders(language: str) -> None:
    for message in catalog(language):
        if not message.id or not message.string:
            continue
        source = message.id if isinstance(message.id, str) else message.id[1]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            if string:
                assert set(PLACEHOLDER.findall(string)) <= set(PLACEHOLDER.findall(source)), (
                    language,
                    source,
                    string,
                )


def test_english_is_the_source_and_unknown_languages_fall_back() -> None:
    assert translations("en").gettext("Your ticket number") == "Your ticket number"
    assert translations("xx").gettext("Your ticket number") == "Your ticket number"
    assert translations("pl").gettext("Your ticket number") == "Twój numer"


@pytest.mark.parametrize("language", sorted(LANGUAGE_NAMES))
def test_the_kiosk_writes_dates_as_babel_does_without_loading_it(language: str) -> None:
    # The kiosk's screens use a generated table (Babel costs start-up time); this keeps
    # the table true to CLDR. If it fails, run `python -m i18n.make_calendar_names`.
    from babel.dates import format_datetime

    from i18n.dates import clock_time, day_and_month

    zone = ZoneInfo("Europe/London")
    moment = dt.datetime(2026, 1, 5, 9, 5, tzinfo=zone)  # a Monday in January
    for step in range(0, 400, 17):  # every weekday, every month, mornings and evenings
        shown = moment + dt.timedelta(days=step, hours=step % 13)
        assert f"{day_and_month(shown, language)}  {clock_time(shown)}" == format_datetime(
            shown, "EEEE d MMMM  HH:mm", locale=language
        )
