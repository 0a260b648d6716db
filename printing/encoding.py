"""Text to printer bytes: an explicit code page per language, transliteration for the rest.

python-escpos's automatic code-page switching changes pages mid-line and has sent € as
ISO-8859-7 (docs/design.md §4), so frontdesk chooses one page per ticket from the visitor's
language and the printer profile, selects it with ESC t, and encodes every character
itself: a character the page lacks is replaced by a close relative (ș → ş) or
transliterated (李 → Li), never sent in another encoding. No byte below 0x20 (other
than newline) and no DEL ever comes out of text.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from anyascii import anyascii
from escpos.capabilities import Profile

from models.text import clean_text

WESTERN = ("CP858", "CP1252", "ISO_8859-15", "CP850", "CP437")
CENTRAL_EUROPEAN = ("CP852", "CP1250", "ISO_8859-2")
BALTIC = ("CP775", "CP1257")

LANGUAGE_PAGES: dict[str, tuple[str, ...]] = {
    "en": WESTERN,
    "pt": WESTERN,
    "fr": WESTERN,
    "es": WESTERN,
    "de": WESTERN,
    "cy": WESTERN,
    "pl": CENTRAL_EUROPEAN,
    "ro": CENTRAL_EUROPEAN,
    "lt": BALTIC,
}
"""Code pages that hold each language's letters, best first."""

PYTHON_CODECS: dict[str, str] = {
    "CP437": "cp437",
    "CP850": "cp850",
    "CP852": "cp852",
    "CP858": "cp858",
    "CP775": "cp775",
    "CP1250": "cp1250",
    "CP1252": "cp1252",
    "CP1257": "cp1257",
    "ISO_8859-2": "iso8859_2",
    "ISO_8859-15": "iso8859_15",
}
"""python-escpos page names and the Python codec that encodes them."""

NEAR_RELATIVES: dict[str, str] = {
    # Romanian comma-below letters are missing from CP852/CP1250; the cedilla forms
    # are there and are what Romanian printed matter used for decades.
    "ș": "ş",
    "Ș": "Ş",
    "ț": "ţ",
    "Ț": "Ţ",
    "€": "EUR",
    "–": "-",
    "—": "-",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "…": "...",
}
"""Replacements tried before transliteration, when the page lacks the character."""


@dataclass(frozen=True)
class CodePage:
    """A code page chosen for one ticket."""

    name: str
    """python-escpos's name, e.g. CP852."""
    number: int
    """The `n` of ESC t n on this printer model."""
    codec: str
    """The Python codec with the same characters."""

    @property
    def select_command(self) -> bytes:
        """ESC t n: select this page."""
        return b"\x1bt" + bytes([self.number])


def choose_code_page(profile: Profile, language: str) -> CodePage:
    """The first page for `language` the profile has; CP437 (every printer) otherwise."""
    pages = {
        name: int(number)
        for name, number in profile.get_code_pages().items()
        if name in PYTHON_CODECS
    }
    for name in (*LANGUAGE_PAGES.get(language, WESTERN), *WESTERN):
        if name in pages:
            return CodePage(name, pages[name], PYTHON_CODECS[name])
    return CodePage("CP437", 0, "cp437")


def _encodable(text: str, codec: str) -> bytes | None:
    try:
        return text.encode(codec)
    except UnicodeEncodeError:
        return None


def printable_text(text: str, page: CodePage) -> str:
    """`text` as the printer will show it in `page`: cleaned, with replacements made."""
    cleaned = clean_text(text, 2000, multiline=True)
    out: list[str] = []
    for char in cleaned:
        if char == "\n" or _encodable(char, page.codec) is not None:
            out.append(char)
            continue
        relative = NEAR_RELATIVES.get(char)
        if relative is not None and _encodable(relative, page.codec) is not None:
            out.append(relative)
            continue
        # Keep the base letter when only the accent is missing (ŵ → w), else transliterate.
        base = unicodedata.normalize("NFD", char)[0]
        if base != char and _encodable(base, page.codec) is not None:
            out.append(base)
            continue
        out.append(anyascii(char) or "?")
    return "".join(out)


def encode_text(text: str, page: CodePage) -> bytes:
    """Bytes for `text` in `page`; only printable bytes and newlines, never a command."""
    data = printable_text(text, page).encode(page.codec, errors="replace")
    return bytes(b for b in data if (b >= 0x20 and b != 0x7F) or b == 0x0A)
