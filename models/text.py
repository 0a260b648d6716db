"""Cleaning text that people typed before it is stored, shown or printed.

A visitor's name is hostile until proven otherwise: terminal escapes (ESC, CSI as
U+009B), printer commands (ESC @, GS V, DLE DC4), bidirectional overrides that
reverse what staff read, and pastes of many kilobytes. Only the characters are
removed; markup-looking text such as ``[@click=app.quit]`` is kept literally and is
made harmless where it is displayed (as Content/Text, never as markup).
"""

from __future__ import annotations

import re
import unicodedata

NAME_MAX_LENGTH = 80
"""Longest stored visitor name, in characters."""
NOTE_MAX_LENGTH = 2000
"""Longest stored staff note, in characters."""

_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_INVISIBLE = frozenset("\ufeff\u2028\u2029\u00ad\u200b")


# Whole terminal sequences go, not just their ESC byte, so no "[2J" debris is left:
# OSC (ESC ] ... BEL or ST), CSI (ESC [ or U+009B, parameters, final byte), and the
# two-byte ESC commands printers and terminals use (ESC @, ESC p, ESC c ...).
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|\x1b[ -~]?"
)


def _is_unwanted(char: str) -> bool:
    if char in _BIDI_CONTROLS or char in _INVISIBLE:
        return True
    # Cc covers C0 (0x00-0x1f), DEL (0x7f) and C1 (0x80-0x9f); Cs lone surrogates;
    # Co private use has no meaning to staff or printers.
    return unicodedata.category(char) in ("Cc", "Cs", "Co")


def clean_text(value: str | None, max_length: int, *, multiline: bool = False) -> str:
    """Normalise (NFC), drop control and bidi characters, fold spaces, trim and cap.

    Args:
        value: What the person typed (None is treated as empty).
        max_length: Characters kept at most, after cleaning.
        multiline: Keep line breaks (notes); otherwise every run of white space,
            line breaks included, becomes one space (names).
    """
    if not value:
        return ""
    # Bound the work on absurd pastes; anything this long is cut far below it anyway.
    text = unicodedata.normalize("NFC", value[:100_000])
    text = _ESCAPE_SEQUENCE.sub("", text)
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        lines = ["".join(c for c in line if not _is_unwanted(c)) for line in text.split("\n")]
        text = "\n".join(" ".join(line.split()) for line in lines).strip("\n ")
        while "\n\n\n" in text:
            text = text.replace("\n\n\n", "\n\n")
    else:
        kept = "".join(" " if c in "\t\n\r\x0b\x0c" else c for c in text)
        kept = "".join(c for c in kept if not _is_unwanted(c))
        text = " ".join(kept.split())
    return text[:max_length].rstrip()


def clean_name(value: str | None) -> str | None:
    """A visitor's name made safe to keep; None when nothing is left after cleaning."""
    return clean_text(value, NAME_MAX_LENGTH) or None


def clean_note(value: str | None) -> str | None:
    """A staff note made safe to keep (line breaks kept); None when empty."""
    return clean_text(value, NOTE_MAX_LENGTH, multiline=True) or None
