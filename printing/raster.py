"""Text as an image, for the lines no code page of the printer holds.

Romanian ș/ț with the comma below, Lithuanian on a printer without CP775, Ukrainian,
Arabic and Urdu (right to left, joined), Bengali (conjuncts) and Chinese are drawn with
Pillow in a font that has the script and sent as a raster image (GS v 0). Shaping and
right-to-left order come from Pillow's raqm layout (HarfBuzz and FriBiDi); without it
those scripts would print as separate letters in the wrong order, so they then fall
back to transliteration instead (`can_shape`).

Fonts are Debian's: fonts-dejavu-core (Latin, Cyrillic, Greek), fonts-noto-core
(Arabic, Urdu, Bengali, Ethiopic and more) and, for Chinese, fonts-wqy-microhei (5 MB)
or fonts-noto-cjk (90 MB) when that is installed.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps, features

from printing.wrap import wrap_to

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
NOTO = Path("/usr/share/fonts/truetype/noto")
CJK_FONTS = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"),
)
CJK_BOLD_FONTS = (Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"), *CJK_FONTS)
FONT_PIXELS = 22
"""Font size for raster text: as tall as the printer's own 12 × 24 font."""
PADDING = 3
"""Blank dots above and below each raster line, so accents and descenders are whole."""


@dataclass(frozen=True)
class Script:
    """A family of fonts for one writing system."""

    name: str
    regular: tuple[Path, ...]
    bold: tuple[Path, ...]
    right_to_left: bool = False
    needs_shaping: bool = False
    pixels: int = FONT_PIXELS
    """Font size: Nastaliq's small letters need more dots to stay legible."""


def _noto(name: str) -> tuple[tuple[Path, ...], tuple[Path, ...]]:
    return (NOTO / f"{name}-Regular.ttf",), (
        NOTO / f"{name}-Bold.ttf",
        NOTO / f"{name}-Regular.ttf",
    )


LATIN = Script(
    "Latin, Cyrillic or Greek",
    (DEJAVU / "DejaVuSans.ttf", NOTO / "NotoSans-Regular.ttf"),
    (DEJAVU / "DejaVuSans-Bold.ttf", NOTO / "NotoSans-Bold.ttf", DEJAVU / "DejaVuSans.ttf"),
)
ARABIC = Script("Arabic", *_noto("NotoNaskhArabic"), right_to_left=True, needs_shaping=True)
URDU = Script("Urdu", *_noto("NotoNastaliqUrdu"), right_to_left=True, needs_shaping=True, pixels=30)
BENGALI = Script("Bengali", *_noto("NotoSansBengali"), needs_shaping=True)
ETHIOPIC = Script("Ethiopic", *_noto("NotoSansEthiopic"))
HEBREW = Script("Hebrew", *_noto("NotoSansHebrew"), right_to_left=True, needs_shaping=True)
DEVANAGARI = Script("Devanagari", *_noto("NotoSansDevanagari"), needs_shaping=True)
GURMUKHI = Script("Gurmukhi", *_noto("NotoSansGurmukhi"), needs_shaping=True)
TAMIL = Script("Tamil", *_noto("NotoSansTamil"), needs_shaping=True)
CJK = Script("Chinese, Japanese or Korean", CJK_FONTS, CJK_BOLD_FONTS)

_RANGES: tuple[tuple[int, int, Script], ...] = (
    (0x0590, 0x05FF, HEBREW),
    (0x0600, 0x06FF, ARABIC),
    (0x0750, 0x077F, ARABIC),
    (0x08A0, 0x08FF, ARABIC),
    (0xFB50, 0xFDFF, ARABIC),
    (0xFE70, 0xFEFF, ARABIC),
    (0x0900, 0x097F, DEVANAGARI),
    (0x0980, 0x09FF, BENGALI),
    (0x0A00, 0x0A7F, GURMUKHI),
    (0x0B80, 0x0BFF, TAMIL),
    (0x1200, 0x139F, ETHIOPIC),
    (0x2D80, 0x2DDF, ETHIOPIC),
    (0x2E80, 0x9FFF, CJK),
    (0xAC00, 0xD7AF, CJK),
    (0xF900, 0xFAFF, CJK),
    (0xFF00, 0xFFEF, CJK),
    (0x20000, 0x2FFFF, CJK),
)


def script_of(text: str, language: str) -> Script:
    """The writing system of a line: the first letter outside Latin/Cyrillic/Greek decides."""
    for char in text:
        code = ord(char)
        for low, high, script in _RANGES:
            if low <= code <= high:
                return URDU if script is ARABIC and language == "ur" else script
    return LATIN


def can_shape() -> bool:
    """Whether Pillow lays text out with raqm (joining, conjuncts, right to left)."""
    return bool(features.check("raqm"))


def needs_layout(text: str) -> bool:
    """Whether a line cannot be printed letter by letter from a code page: it runs right
    to left or has marks that combine with the letter before them."""
    for char in unicodedata.normalize("NFC", text):
        if unicodedata.bidirectional(char) in ("R", "AL", "AN"):
            return True
        if unicodedata.category(char) in ("Mn", "Mc", "Me"):
            return True
    return False


class NoFont(LookupError):
    """No installed font draws this script."""


@lru_cache(maxsize=32)
def _font(script: Script, bold: bool) -> ImageFont.FreeTypeFont:
    for path in script.bold if bold else script.regular:
        if path.exists():
            layout = ImageFont.Layout.RAQM if can_shape() else ImageFont.Layout.BASIC
            return ImageFont.truetype(str(path), script.pixels, layout_engine=layout)
    raise NoFont(
        f"no font for {script.name} text: install Debian's fonts-noto-core "
        "(and fonts-wqy-microhei for Chinese)"
    )


@lru_cache(maxsize=4096)
def _has_glyph(script: Script, bold: bool, char: str) -> bool:
    # A character the font lacks renders as its "missing glyph" box, the same as a
    # private-use code point no font has.
    font = _font(script, bold)
    return bytes(font.getmask(char)) != bytes(font.getmask("\U0010fffd"))


def has_glyphs(text: str, script: Script, bold: bool = False) -> bool:
    """Whether `text` can be drawn without an empty box: every character in the script's
    font, or — in a left-to-right script — in it or the Latin font (Noto's Ethiopic font
    has no digits, say)."""
    return all(
        char.isspace()
        or _has_glyph(script, bold, char)
        or (not script.right_to_left and _has_glyph(LATIN, bold, char))
        for char in set(text)
    )


def font_available(text: str, language: str) -> bool:
    """Whether an installed font can draw `text` whole."""
    try:
        return has_glyphs(text, script_of(text, language))
    except NoFont:
        return False


def raster_lines(text: str, language: str, width: int, *, bold: bool) -> list[Image.Image]:
    """`text` wrapped to `width` dots and drawn, one black-on-white image ("L") per line.

    Raises:
        NoFont: no installed font has the script.
    """
    # The same service names and dates recur all day; shaping Nastaliq takes ~0.1 s.
    return [image.copy() for image in _raster_lines(text, language, width, bold)]


Run = tuple[ImageFont.FreeTypeFont, str]


def _runs(line: str, script: Script, bold: bool) -> list[Run]:
    """Stretches of `line` for one font each: the script's, or Latin where it has no
    glyph (left-to-right scripts only: a right-to-left line is drawn in one font)."""
    main = _font(script, bold)
    if script.right_to_left or script is LATIN:
        return [(main, line)]
    runs: list[Run] = []
    for char in line:
        font = main
        if not char.isspace() and not _has_glyph(script, bold, char):
            font = _font(LATIN, bold)
        if runs and (runs[-1][0] is font or char.isspace()):
            runs[-1] = (runs[-1][0], runs[-1][1] + char)
        else:
            runs.append((font, char))
    return runs


@lru_cache(maxsize=256)
def _raster_lines(text: str, language: str, width: int, bold: bool) -> tuple[Image.Image, ...]:
    script = script_of(text, language)
    shaping = language if can_shape() else None

    def measure(line: str) -> float:
        return sum(font.getlength(run, language=shaping) for font, run in _runs(line, script, bold))

    lines = wrap_to(text, lambda candidate: measure(candidate) <= width)
    return tuple(_draw(_runs(line, script, bold), shaping) for line in lines)


def _draw(runs: list[Run], language: str | None) -> Image.Image:
    """The runs side by side on one baseline, each in its own font."""
    ascent = max(font.getmetrics()[0] for font, _ in runs)
    descent = max(font.getmetrics()[1] for font, _ in runs)
    boxes = [font.getbbox(run or " ", language=language, anchor="ls") for font, run in runs]
    above = max(ascent, *(-int(box[1]) for box in boxes))
    below = max(descent, *(int(box[3]) for box in boxes))
    lead = max(0, -min(int(box[0]) for box in boxes))
    widths = [int(font.getlength(run, language=language)) for font, run in runs]
    image = Image.new("L", (max(8, lead + sum(widths) + 2), above + below + 2 * PADDING), 255)
    draw = ImageDraw.Draw(image)
    x = lead
    for (font, run), width in zip(runs, widths, strict=True):
        draw.text((x, PADDING + above), run, font=font, fill=0, language=language, anchor="ls")
        x += width
    # Only the rows with ink go to the printer (Nastaliq's metrics leave a lot blank).
    ink = ImageOps.invert(image).getbbox()
    if ink is None:
        return image
    return image.crop(
        (
            max(0, ink[0] - 1),
            max(0, ink[1] - PADDING),
            min(image.width, ink[2] + 1),
            min(image.height, ink[3] + PADDING),
        )
    )


def to_printer_bits(image: Image.Image) -> Image.Image:
    """Black and white at the printer's one bit per dot (thresholded, not dithered)."""
    return image.point(lambda value: 0 if value < 128 else 255).convert("1")
