"""Language names for staff: the visitor's language said in English ("prefers Polish")."""

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
