"""Language names: the visitor's language said in English for staff ("prefers Polish"),
the interpreter languages as staff and visitors read them, and the Babel locale whose
conventions each kiosk language writes dates in."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
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


def N_(message: str) -> str:
    """Mark `message` for the catalogs without translating it (it is translated where it
    is shown, in the visitor's language)."""
    return message


INTERPRETER_ENGLISH_NAMES: dict[str, str] = {
    "Polski": N_("Polish"),
    "Lietuvių": N_("Lithuanian"),
    "Română": N_("Romanian"),
    "Português": N_("Portuguese"),
    "Arabic العربية": N_("Arabic"),
    "Bengali বাংলা": N_("Bengali"),
    "Urdu اردو": N_("Urdu"),
    "Chinese 中文": N_("Chinese"),
    "Русский": N_("Russian"),
    "Latviešu": N_("Latvian"),
    "Kurdî": N_("Kurdish"),
    "Türkçe": N_("Turkish"),
}
"""The interpreter languages the kiosk offers, as they are stored with a visit, in
English (for staff; translated for visitors)."""

INTERPRETER_OWN_NAMES: dict[str, str] = {
    "Arabic العربية": "العربية",
    "Bengali বাংলা": "Bangla",
    "Urdu اردو": "اردو",
    "Chinese 中文": "中文",
}
"""Each interpreter language's own name where it is not the stored name itself.

Bengali's is written "Bangla", as its speakers write it in Latin letters: the vowel
signs of বাংলা are spacing combining marks that Rich (and so Textual) counts as no cell
and terminals that measure with the C library's wcwidth (tmux, xterm, VTE) as one each,
so its row of the dialog was drawn three cells wider than laid out and lost its right
border (tests/terminal/test_kiosk_in_tmux.py)."""


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


def interpreter_own_name(name: str) -> str:
    """An interpreter language in itself ("Arabic العربية" → "العربية"), as stored when
    that is already its own name, or as a member of staff typed it."""
    return INTERPRETER_OWN_NAMES.get(name, name)


def interpreter_label(name: str, gettext: Callable[[str], str]) -> str:
    """An interpreter language as a visitor reads it: its own name, then its name in the
    visitor's language where that differs ("Polski (polaco)", "العربية (Arabic)",
    "Português" for a Portuguese visitor).

    Args:
        name: The language as stored with the visit (`INTERPRETER_ENGLISH_NAMES`' keys).
        gettext: The visitor's translator.
    """
    own = interpreter_own_name(name)
    english = INTERPRETER_ENGLISH_NAMES.get(name)
    if english is None:
        return own
    theirs = gettext(english)
    if theirs.casefold() == own.casefold():
        return own
    return f"{own} ({theirs})"


BABEL_LOCALES: dict[str, str] = {"en": "en_GB", "pt": "pt_PT"}
"""The Babel locale of a visitor's language where its bare name means another country's
conventions ("en" alone is American: "Friday, November 27, 2026")."""


def babel_locale(code: str) -> str:
    """The Babel locale whose dates a kiosk language uses ("en" → "en_GB")."""
    return BABEL_LOCALES.get(code, code)
