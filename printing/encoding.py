"""Text to printer bytes: one code page per ticket, chosen from what the printer holds.

python-escpos's automatic code-page switching changes pages mid-line and has sent € as
ISO-8859-7 (docs/design.md §4), so frontdesk picks the page itself: of the pages the
printer really holds (`printer.code_pages`, else the profile's list), the one that
holds the most of the ticket's lines whole, selected once with ESC t. A line that page
cannot print exactly goes out as raster text (raster.py); only with raster text
switched off is it transliterated here (ș → ş, 李 → Li). No byte below 0x20 (other
than newline) and no DEL ever comes out of text.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from anyascii import anyascii

from config.settings import escpos_code_pages
from models.text import clean_text
from printing.raster import needs_layout

WESTERN = ("CP858", "CP1252", "ISO_8859-15", "CP850", "CP437")
CENTRAL_EUROPEAN = ("CP852", "CP1250", "ISO_8859-2")
BALTIC = ("CP775", "CP1257", "ISO_8859-4")
CYRILLIC = ("CP1251", "CP1125", "CP866", "CP855", "ISO_8859-5")

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
    "uk": CYRILLIC,
    "ru": CYRILLIC,
}
"""Code pages that hold each language's letters, best first."""

PYTHON_CODECS: dict[str, str] = {
    **{
        name: name.lower()
        for name in (
            "CP437",
            "CP737",
            "CP775",
            "CP850",
            "CP852",
            "CP855",
            "CP857",
            "CP858",
            "CP860",
            "CP861",
            "CP863",
            "CP865",
            "CP866",
            "CP869",
            "CP1125",
            "CP1250",
            "CP1251",
            "CP1252",
            "CP1253",
            "CP1254",
            "CP1257",
        )
    },
    "ISO_8859-2": "iso8859_2",
    "ISO_8859-4": "iso8859_4",
    "ISO_8859-5": "iso8859_5",
    "ISO_8859-7": "iso8859_7",
    "ISO_8859-15": "iso8859_15",
}
"""python-escpos page names and the Python codec of each (left-to-right alphabets only:
right-to-left and shaped scripts print as raster text)."""

NOT_TEXT_PAGES = frozenset({"CP932"})
"""Pages python-escpos lists whose ESC t number selects something else on Epsons (page
1 is half-width Katakana, not Shift-JIS): never used for text."""

NEAR_RELATIVES: dict[str, str] = {
    # Romanian comma-below letters are missing from every ESC/POS page; the cedilla
    # forms are what Romanian printed matter used for decades (only when raster text
    # is switched off).
    "ș": "ş",
    "Ș": "Ş",
    "ț": "ţ",
    "Ț": "Ţ",
}
"""Letter replacements tried before transliteration, when the page lacks the letter."""

PUNCTUATION: dict[str, str] = {
    "€": "EUR",
    "–": "-",
    "—": "-",
    "‘": "'",
    "’": "'",
    "ʼ": "'",
    "“": '"',
    "”": '"',
    "„": '"',
    "…": "...",
    "\u00a0": " ",
}
"""Punctuation the printer shows the same way in plain ASCII, used when a page lacks it."""


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


def available_pages(profile_name: str, configured: tuple[str, ...] | None) -> list[CodePage]:
    """The pages the printer holds: the configured ones, else the profile's list."""
    known = escpos_code_pages(profile_name)
    names = configured if configured is not None else tuple(known)
    return [
        CodePage(name, known[name], PYTHON_CODECS[name])
        for name in names
        if name in known and name in PYTHON_CODECS and name not in NOT_TEXT_PAGES
    ]


def _encodable(text: str, codec: str) -> bytes | None:
    try:
        return text.encode(codec)
    except UnicodeEncodeError:
        return None


def normalised(text: str) -> str:
    """Cleaned of control characters and composed (s + combining comma → ș)."""
    return unicodedata.normalize("NFC", clean_text(text, 2000, multiline=True))


def native_text(text: str, page: CodePage) -> str | None:
    """`text` exactly as `page` can print it (only same-looking punctuation swapped), or
    None when a letter is missing or the line needs shaping or right-to-left layout.

    `text` is expected `normalised` already."""
    if needs_layout(text):
        return None
    return _in_page(text, page)


def _in_page(text: str, page: CodePage) -> str | None:
    if _encodable(text, page.codec) is not None:
        return text
    out: list[str] = []
    for char in text:
        if char == "\n" or _encodable(char, page.codec) is not None:
            out.append(char)
            continue
        swap = PUNCTUATION.get(char)
        if swap is None or _encodable(swap, page.codec) is None:
            return None
        out.append(swap)
    return "".join(out)


def choose_code_page(pages: list[CodePage], language: str, texts: list[str]) -> CodePage:
    """The page that holds the most of `texts` whole; among equals the language's own.

    With no page at all (an empty list) the printer's power-on page, CP437.
    """
    if not pages:
        return CodePage("CP437", 0, "cp437")
    preference = (*LANGUAGE_PAGES.get(language, ()), *WESTERN)
    # Lines that need shaping or right-to-left layout print as raster on any page.
    candidates = [text for text in texts if not needs_layout(text)]

    def rank(page: CodePage) -> tuple[int, int]:
        held = sum(_in_page(text, page) is not None for text in candidates)
        order = preference.index(page.name) if page.name in preference else len(preference)
        return (-held, order)

    ranked = sorted(pages, key=lambda page: rank(page)[1])
    # The language's own page usually holds everything: no need to try the others.
    if all(_in_page(text, ranked[0]) is not None for text in candidates):
        return ranked[0]
    return min(ranked, key=rank)


def printable_text(text: str, page: CodePage) -> str:
    """`text` transliterated into `page`: near relatives (ș → ş), the base letter when
    only an accent is missing (ŵ → w), else anyascii (李 → Li); never a "?"."""
    out: list[str] = []
    for char in normalised(text):
        if char == "\n" or _encodable(char, page.codec) is not None:
            out.append(char)
            continue
        relative = NEAR_RELATIVES.get(char) or PUNCTUATION.get(char)
        if relative is not None and _encodable(relative, page.codec) is not None:
            out.append(relative)
            continue
        # Keep the base letter when only the accent is missing (ŵ → w), else transliterate.
        base = unicodedata.normalize("NFD", char)[0]
        if base != char and _encodable(base, page.codec) is not None:
            out.append(base)
            continue
        spelled = anyascii(char)
        out.append(spelled if _encodable(spelled, page.codec) is not None else "")
    return "".join(out)


def encode_text(text: str, page: CodePage) -> bytes:
    """Bytes for `text` in `page`; only printable bytes and newlines, never a command."""
    data = printable_text(text, page).encode(page.codec, errors="ignore")
    return bytes(b for b in data if (b >= 0x20 and b != 0x7F) or b == 0x0A)
