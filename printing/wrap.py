"""Breaking a paragraph into lines that fit the paper, whole words only.

A word longer than a line (a web address on 58 mm paper) is broken only after a `/` or
a `.`, so "www.example.gov.uk" never ends a line with "…gov.u" and a lone "k"; only a
word with no such place at all is cut where it must be. Chinese and Japanese, written
without spaces, may break between any two of their characters.
"""

from __future__ import annotations

import re
from collections.abc import Callable

URL_BREAK = re.compile(r"(?<=[/.])")
"""Where a long word may break: just after a slash or a full stop."""


def _is_ideograph(char: str) -> bool:
    code = ord(char)
    return (
        0x2E80 <= code <= 0x9FFF  # CJK radicals, kana, unified ideographs
        or 0xAC00 <= code <= 0xD7AF  # Hangul syllables
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF  # full-width forms
        or 0x20000 <= code <= 0x2FFFF
    )


def _words(paragraph: str) -> list[str]:
    """Words separated by spaces; each ideograph counts as a word of its own."""
    words: list[str] = []
    for word in paragraph.split():
        if any(_is_ideograph(c) for c in word):
            piece = ""
            for char in word:
                if _is_ideograph(char):
                    if piece:
                        words.append(piece)
                    words.append(char)
                    piece = ""
                else:
                    piece += char
            if piece:
                words.append(piece)
        else:
            words.append(word)
    return words


def _joined(line: str, word: str) -> str:
    if not line:
        return word
    if _is_ideograph(word[0]) or _is_ideograph(line[-1]):
        return line + word
    return f"{line} {word}"


def _split_long(word: str, fits: Callable[[str], bool]) -> list[str]:
    """Pieces of a word too long for a line: at `/` or `.` if possible, else anywhere."""
    pieces: list[str] = []
    current = ""
    for part in URL_BREAK.split(word):
        if not part:
            continue
        if fits(current + part):
            current += part
            continue
        if current:
            pieces.append(current)
        current = ""
        # No break point left in this part: cut it where it must be.
        for char in part:
            if current and not fits(current + char):
                pieces.append(current)
                current = ""
            current += char
    if current:
        pieces.append(current)
    return pieces


def wrap_to(text: str, fits: Callable[[str], bool]) -> list[str]:
    """Lines of `text` for which `fits(line)` holds, breaking between whole words."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in _words(paragraph):
            candidate = _joined(line, word)
            if fits(candidate):
                line = candidate
                continue
            if line:
                lines.append(line)
            if fits(word):
                line = word
                continue
            *whole, line = _split_long(word, fits)
            lines += whole
        lines.append(line)
    return lines


def wrap(text: str, columns: int) -> list[str]:
    """Lines of at most `columns` characters, whole words (see the module's note)."""
    width = max(1, columns)
    return wrap_to(text, lambda line: len(line) <= width)
