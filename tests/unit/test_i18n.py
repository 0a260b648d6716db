"""Catalogs: the template matches the source, every kiosk language is complete, its plural
forms follow CLDR, and placeholders agree."""

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
COMPLETE = ("pl", "pt", "lt", "ro")
"""Languages whose catalog must translate every message (the kiosk's default five, less
English, the source)."""
COUNTS = (*range(0, 250), 1000, 1001, 1002, 1005, 1011, 1021, 1_000_000, 2_000_000)
"""Whole numbers of people, seconds or days to check plural forms against CLDR."""
COMPACT_ONLY = {("pt", "many"): "other"}
"""CLDR categories that only a spelled-out "million" needs ("1 milhão de pessoas"); with
digits they take the ordinary plural, so the catalog has no form of their own."""
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


@pytest.mark.parametrize("language", COMPLETE)
def test_plural_forms_follow_cldr(language: str) -> None:
    """One gettext form per CLDR category a whole number can take, each one filled."""
    from babel import Locale

    rules = Locale.parse(language).plural_form
    messages = catalog(language)
    form_of = translations(language).plural  # type: ignore[attr-defined]  # as compiled
    seen: dict[str, int] = {}
    for count in COUNTS:
        category = rules(count)
        category = COMPACT_ONLY.get((language, category), category)
        index = form_of(count)
        assert seen.setdefault(category, index) == index, (count, category, index, seen)
    # Different categories, different forms; and exactly as many forms as categories.
    assert sorted(seen.values()) == list(range(messages.num_plurals)), seen
    for message in messages:
        if message.id and message.pluralizable:
            assert len(message.string) == messages.num_plurals, message.id
            assert all(message.string), message.id


@pytest.mark.parametrize("language", COMPLETE)
def test_translations_keep_their_placeholders(language: str) -> None:
    for message in catalog(language):
        if not message.id or not message.string:
            continue
        source = message.id if isinstance(message.id, str) else message.id[1]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            if string:
                assert set(PLACEHOLDER.findall(string)) == set(PLACEHOLDER.findall(source)), (
                    language,
                    source,
                    string,
                )
                names = {name.strip("{}"): "x" for name in PLACEHOLDER.findall(source)}
                string.format(**names)  # no stray brace breaks the screen


@pytest.mark.parametrize(
    ("language", "ahead"),
    [
        ("pl", ["1 osoba przed Tobą", "2 osoby przed Tobą", "5 osób przed Tobą"]),
        ("pt", ["1 pessoa à sua frente", "2 pessoas à sua frente", "5 pessoas à sua frente"]),
        ("lt", ["Prieš Jus: 1 žmogus", "Prieš Jus: 2 žmonės", "Prieš Jus: 5 žmonės"]),
        (
            "ro",
            [
                "1 persoană înaintea dumneavoastră",
                "2 persoane înaintea dumneavoastră",
                "5 persoane înaintea dumneavoastră",
            ],
        ),
    ],
)
def test_the_printed_ticket_counts_people_in_the_visitors_language(
    language: str, ahead: list[str]
) -> None:
    catalog = translations(language)
    shown = [
        catalog.ngettext("{count} person ahead of you", "{count} people ahead of you", n).format(
            count=n
        )
        for n in (1, 2, 5)
    ]
    assert shown == ahead
    twenty = catalog.ngettext("{count} person ahead of you", "{count} people ahead of you", 20)
    if language == "ro":
        assert twenty == "{count} de persoane înaintea dumneavoastră"
    if language == "lt":
        assert twenty == "Prieš Jus: {count} žmonių"


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
    from i18n.languages import babel_locale
    from i18n.make_calendar_names import day_and_month_pattern

    zone = ZoneInfo("Europe/London")
    moment = dt.datetime(2026, 1, 5, 9, 5, tzinfo=zone)  # a Monday in January
    pattern = f"{day_and_month_pattern(language)}  HH:mm"
    for step in range(0, 400, 17):  # every weekday, every month, mornings and evenings
        shown = moment + dt.timedelta(days=step, hours=step % 13)
        assert f"{day_and_month(shown, language)}  {clock_time(shown)}" == format_datetime(
            shown, pattern, locale=babel_locale(language)
        )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Saturday 28 November"),
        ("pl", "sobota, 28 listopada"),
        ("pt", "sábado, 28 de novembro"),
        ("lt", "lapkričio 28 d., šeštadienis"),
        ("ro", "sâmbătă, 28 noiembrie"),
    ],
)
def test_each_language_writes_the_date_in_its_own_order(language: str, expected: str) -> None:
    # The header of Welcome and the board: each locale's order and joining words
    # (Portuguese "de", Lithuanian month first and "d."), not English's with other names.
    from i18n.dates import day_and_month

    assert day_and_month(dt.date(2026, 11, 28), language) == expected


def test_an_interpreter_language_is_named_in_english_for_staff() -> None:
    from i18n.languages import interpreter_in_english

    # The kiosk's own names, and codes staff typed for a walk-in.
    assert interpreter_in_english("Polski") == "Polish"
    assert interpreter_in_english("Arabic العربية") == "Arabic"
    assert interpreter_in_english("ar") == "Arabic"
    assert interpreter_in_english("PL") == "Polish"
    assert interpreter_in_english("ti") == "Tigrinya"
    # A name staff typed stays as typed, even one that is also a code in lower case
    # ("ga" is Irish; Ga is spoken in Ghana).
    assert interpreter_in_english("Ga") == "Ga"
    assert interpreter_in_english("Tigrinya") == "Tigrinya"
    assert interpreter_in_english("xq") == "xq"
