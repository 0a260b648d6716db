"""Language names for staff: the visitor's language said in English ("prefers Polish"),
and the Babel locale whose conventions each kiosk language writes dates in."""

from __future__ import annotations

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


def interpreter_in_english(name: str) -> str:
    """An interpreter language as staff read it ("Polski" → "Polish"); a language staff
    typed (a walk-in's) as it was typed."""
    return INTERPRETER_ENGLISH_NAMES.get(name, name)


BABEL_LOCALES: dict[str, str] = {"en": "en_GB", "pt": "pt_PT"}
"""The Babel locale of a visitor's language where its bare name means another country's
conventions ("en" alone is American: "Friday, November 27, 2026")."""


def babel_locale(code: str) -> str:
    """The Babel locale whose dates a kiosk language uses ("en" → "en_GB")."""
    return BABEL_LOCALES.get(code, code)
