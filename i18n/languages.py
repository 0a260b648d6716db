"""Language names for staff: the visitor's language said in English ("prefers Polish"),
and the Babel locale whose conventions each kiosk language writes dates in."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

ENGLISH_NAMES: dict[str, str] = {
    "en": "English",
    "pl": "Polish",
    "pt": "Portuguese",
    "lt": "Lithuanian",
    "ro": "Romanian",
    "cy": "Welsh",
    "fr": "French",
    "es": "Spanish",
    "de": "German",
}
"""Every kiosk language's name in English (the staff console's language)."""


def in_english(code: str) -> str:
    """The English name of a language code ("pl" → "Polish"); the code when unknown."""
    return ENGLISH_NAMES.get(code, code)


INTERPRETER_ENGLISH_NAMES: dict[str, str] = {
    "Polski": "Polish",
    "Lietuvių": "Lithuanian",
    "Română": "Romanian",
    "Português": "Portuguese",
    "Arabic العربية": "Arabic",
    "Bengali বাংলা": "Bengali",
    "Urdu اردو": "Urdu",
    "Chinese 中文": "Chinese",
    "Русский": "Russian",
    "Latviešu": "Latvian",
    "Kurdî": "Kurdish",
    "Türkçe": "Turkish",
}
"""The interpreter languages the kiosk offers (each named in itself) in English."""


LANGUAGE_CODE = re.compile(r"[a-z]{2,3}|[A-Z]{2}")
"""A language code as staff might type one for a walk-in ("ar", "prs", "PL"); mixed case
is a name ("Ga", "Twi"), kept as typed."""


def interpreter_in_english(name: str) -> str:
    """An interpreter language as staff read it: "Polski" → "Polish", a code typed for a
    walk-in "ar" → "Arabic"; any other language staff typed, as it was typed."""
    known = INTERPRETER_ENGLISH_NAMES.get(name)
    if known is not None:
        return known
    if LANGUAGE_CODE.fullmatch(name):
        return _english_language_names().get(name.lower(), name)
    return name


@lru_cache(maxsize=1)
def _english_language_names() -> Mapping[str, str]:
    # Babel (already here for the tickets' dates) holds the CLDR's English names.
    from babel import Locale

    names: Mapping[str, str] = Locale("en").languages
    return names


BABEL_LOCALES: dict[str, str] = {"en": "en_GB", "pt": "pt_PT"}
"""The Babel locale of a visitor's language where its bare name means another country's
conventions ("en" alone is American: "Friday, November 27, 2026")."""


def babel_locale(code: str) -> str:
    """The Babel locale whose dates a kiosk language uses ("en" → "en_GB")."""
    return BABEL_LOCALES.get(code, code)
