"""Cleaning text that people typed before it is stored, shown or printed.

A visitor's name is hostile until proven otherwise: terminal escapes (ESC, CSI as
U+009B), printer commands (ESC @, GS V, DLE DC4), bidirectional overrides that
reverse what staff read, invisible characters that make two names look the same, and
pastes of many kilobytes. Only the characters are removed; markup-looking text such as
``[@click=app.quit]`` is kept literally and is made harmless where it is displayed (as
Content/Text, never as markup).

What goes:

- every control character: C0, DEL and C1 (tab and line breaks become spaces, or stay
  as line breaks in notes);
- every format character (Unicode category Cf): the bidirectional controls, zero-width
  space, word joiner, soft hyphen, byte-order mark, invisible operators, the tag
  characters U+E0000-U+E007F, interlinear annotation marks...;
- surrogates, private-use and unassigned code points, which no one can read.

Zero-width joiner and non-joiner (U+200D, U+200C) are format characters too, but some
writing needs them: Persian and Arabic names use the non-joiner, the Indic scripts both,
and emoji sequences the joiner (👩‍🦽 is one picture). The decision: **a joiner is kept
only between two letters or marks of one script that uses joiners (Arabic, Syriac,
N'Ko, Mongolian and the Indic scripts), and a zero-width joiner also between two emoji;
anywhere else it is dropped**, so a joiner cannot hide inside a Latin name or
at its ends.

The result is NFC and cleaning is idempotent: cleaning a cleaned text changes nothing
(the steps are repeated until the text stops changing, so removing a character between
a letter and its accent, which lets them compose, is followed through).
"""

from __future__ import annotations

import re
import unicodedata

NAME_MAX_LENGTH = 80
"""Longest stored visitor name, in characters."""
NOTE_MAX_LENGTH = 2000
"""Longest stored staff note, in characters."""

_ZWNJ = "\u200c"
_ZWJ = "\u200d"
_EMOJI_PRESENTATION = "\ufe0f"

_UNWANTED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
"""Control, format, surrogate, private use, unassigned."""

_JOINING_SCRIPTS = frozenset(
    {
        "ARABIC",
        "SYRIAC",
        "NKO",
        "MONGOLIAN",
        "DEVANAGARI",
        "BENGALI",
        "GURMUKHI",
        "GUJARATI",
        "ORIYA",
        "TAMIL",
        "TELUGU",
        "KANNADA",
        "MALAYALAM",
        "SINHALA",
    }
)
"""Scripts whose writing needs ZWJ/ZWNJ between letters (the first word of the
characters' Unicode names: Python's unicodedata has no script property)."""

_MAX_PASSES = 8
"""More than enough for the text to stop changing (two passes in practice)."""

# Whole terminal sequences go, not just their ESC byte, so no "[2J" debris is left:
# OSC (ESC ] ... BEL or ST), CSI (ESC [ or U+009B, parameters, final byte), and the
# two-byte ESC commands printers and terminals use (ESC @, ESC p, ESC c ...).
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|\x1b[ -~]?"
)


def _is_unwanted(char: str) -> bool:
    return unicodedata.category(char) in _UNWANTED_CATEGORIES


def _joining_script(char: str) -> str | None:
    """The joining script of a letter or mark, or None."""
    if unicodedata.category(char)[0] not in "LM":
        return None
    script = unicodedata.name(char, "").split(" ", 1)[0]
    return script if script in _JOINING_SCRIPTS else None


def _is_emoji(char: str) -> bool:
    # An approximation of Extended_Pictographic that the standard library allows:
    # pictographic symbols, skin-tone modifiers, and the emoji presentation selector.
    category = unicodedata.category(char)
    return char == _EMOJI_PRESENTATION or (ord(char) >= 0x2000 and category in ("So", "Sk"))


def _keep_joiner(before: str, joiner: str, after: str) -> bool:
    script = _joining_script(before)
    if script is not None and _joining_script(after) == script:
        return True
    return joiner == _ZWJ and _is_emoji(before) and _is_emoji(after) and after != "\ufe0f"


def _strip_invisible(text: str) -> str:
    """Drop unwanted characters; keep a joiner only where a script or emoji needs it."""
    kept = [c for c in text if c in (_ZWJ, _ZWNJ) or not _is_unwanted(c)]
    out: list[str] = []
    for index, char in enumerate(kept):
        if char in (_ZWJ, _ZWNJ):
            before = kept[index - 1] if index > 0 else ""
            after = kept[index + 1] if index + 1 < len(kept) else ""
            if not (before and after and _keep_joiner(before, char, after)):
                continue
        out.append(char)
    return "".join(out)


def _clean_once(text: str, max_length: int, multiline: bool) -> str:
    text = _ESCAPE_SEQUENCE.sub("", text)
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        lines = [" ".join(_strip_invisible(line).split()) for line in text.split("\n")]
        text = "\n".join(unicodedata.normalize("NFC", line) for line in lines).strip("\n ")
        while "\n\n\n" in text:
            text = text.replace("\n\n\n", "\n\n")
    else:
        spaced = "".join(" " if c in "\t\n\r\x0b\x0c" else c for c in text)
        text = unicodedata.normalize("NFC", " ".join(_strip_invisible(spaced).split()))
    return text[:max_length].rstrip()


def clean_text(value: str | None, max_length: int, *, multiline: bool = False) -> str:
    """Drop control, format and bidi characters, fold spaces, trim, cap, and NFC.

    Idempotent: `clean_text(clean_text(x, n), n) == clean_text(x, n)` for every string.

    Args:
        value: What the person typed (None is treated as empty).
        max_length: Characters kept at most, after cleaning.
        multiline: Keep line breaks (notes); otherwise every run of white space,
            line breaks included, becomes one space (names).
    """
    if not value:
        return ""
    # Bound the work on absurd pastes; anything this long is cut far below it anyway.
    text = value[:100_000]
    for _ in range(_MAX_PASSES):
        cleaned = _clean_once(text, max_length, multiline)
        if cleaned == text:
            break
        text = cleaned
    return text


def clean_name(value: str | None) -> str | None:
    """A visitor's name made safe to keep; None when nothing is left after cleaning."""
    return clean_text(value, NAME_MAX_LENGTH) or None


def clean_note(value: str | None) -> str | None:
    """A staff note made safe to keep (line breaks kept); None when empty."""
    return clean_text(value, NOTE_MAX_LENGTH, multiline=True) or None
