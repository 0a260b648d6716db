"""Big letters: ticket numbers five rows high, and any text drawn big in large-text mode."""

from __future__ import annotations

import functools
import importlib.resources
import logging
import math
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PIL import Image, ImageChops, ImageDraw, ImageFont
from rich.cells import cell_len
from rich.text import Text
from textual.app import RenderResult
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Label, Static

_FONT_ROWS = """
 ### |#### | ####|#### |#####|#####| ####|#   #|#####|  ###|#   #|#    |#   #|#   #| ### |#### | ### |#### | ####|#####|#   #|#   #|#   #|#   #|#   #|#####| ### |  #  | ### |#### |#   #|#####| ### |#####| ### | ### |
#   #|#   #|#    |#   #|#    |#    |#    |#   #|  #  |    #|#  # |#    |## ##|##  #|#   #|#   #|#   #|#   #|#    |  #  |#   #|#   #|#   #| # # | # # |   # |#  ##| ##  |#   #|    #|#   #|#    |#    |    #|#   #|#   #|
#####|#### |#    |#   #|#### |#### |#  ##|#####|  #  |    #|###  |#    |# # #|# # #|#   #|#### |# # #|#### | ### |  #  |#   #|#   #|# # #|  #  |  #  |  #  |# # #|  #  |  ## |  ## |#####|#### |#### |   # | ### | ####|
#   #|#   #|#    |#   #|#    |#    |#   #|#   #|  #  |#   #|#  # |#    |#   #|#  ##|#   #|#    |#  # |#  # |    #|  #  |#   #| # # |## ##| # # |  #  | #   |##  #|  #  | #   |    #|    #|    #|#   #|  #  |#   #|    #|
#   #|#### | ####|#### |#####|#    | ####|#   #|#####| ### |#   #|#####|#   #|#   #| ### |#    | ## #|#   #|#### |  #  | ### |  #  |#   #|#   #|  #  |#####| ### | ### |#####|#### |    #|#### | ### |  #  | ### | ### |
"""
_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def _glyphs() -> dict[str, list[str]]:
    rows = [row.split("|")[: len(_CHARACTERS)] for row in _FONT_ROWS.strip("\n").splitlines()]
    return {char: [row[index] for row in rows] for index, char in enumerate(_CHARACTERS)}


GLYPHS = _glyphs()
"""Character → five rows of five cells ("#" is ink)."""


def block_lines(text: str) -> list[str]:
    """`text` (A-Z, 0-9; others shown as a gap) as five rows of block characters."""
    blank = ["     "] * 5
    rows = ["", "", "", "", ""]
    for char in text.upper():
        glyph = GLYPHS.get(char, blank)
        for index in range(5):
            rows[index] += glyph[index].replace("#", "█") + " "
    return [row.rstrip() for row in rows]


class BigText(Static):
    """A short code such as a ticket number, five rows high."""

    DEFAULT_CSS = """
    BigText {
        width: auto;
        height: 5;
        text-style: bold;
    }
    """

    def __init__(self, text: str, **kwargs: object) -> None:
        super().__init__(Text("\n".join(block_lines(text))), **kwargs)  # type: ignore[arg-type]
        self.plain = text
        """The text shown, for tests and screen readers' benefit."""


# --- Any text, in any of the kiosk's languages, drawn several cells high --------------
#
# A terminal cannot change its font size, so "larger text" draws each letter with many
# cells: a real font is rasterised with Pillow and every cell shows two pixels, one
# above the other, as " ▀▄█" (half blocks keep the pixels square). The font is DejaVu
# Sans Mono as shipped inside python-barcode (a dependency of python-escpos, so in
# uv.lock and on every kiosk): it has every letter of the five languages, ą ę ł ś ż ã ç
# õ ė ų š ž ă â î ș ț included, which Pillow's own built-in font does not.

log = logging.getLogger("frontdesk.bigtext")


@dataclass(frozen=True)
class BigFont:
    """One way of drawing big letters: the font's size in pixels (two pixels a row), the
    pixels between letters, whether strokes are doubled for weight, and rows a line."""

    pixels: int
    gap: int
    bold: bool
    rows: int


BIG_FONTS = (
    BigFont(pixels=9, gap=1, bold=True, rows=6),
    BigFont(pixels=8, gap=0, bold=False, rows=5),
)
"""Tried in order: the clearest first (about 6.4 cells a letter, six rows a line), then a
narrower one (4.8 cells, five rows) for words that would not fit otherwise. Doubled
strokes need the gap, or letters and their accents run together."""


HAND_DRAWN = {
    "✓": (
        ".....#",
        "....##",
        "....#.",
        "#..##.",
        "##.#..",
        ".###..",
        "..#...",
    ),
}
"""Characters drawn from a bitmap of their own ("#" is a pixel), sitting on the baseline,
in both fonts: at these sizes the font's tick that marks a chosen need is a "/" in the
narrower font, and state must never be shown by colour alone. Strokes are two pixels
wide already, so bold does not double them. The tick is a pixel wider than a narrower
letter: it is always followed by a space."""


@functools.cache
def font_file() -> Path | None:
    """The TrueType file big text is drawn with, or None (logged once) when there is none."""
    try:
        path = importlib.resources.files("barcode") / "fonts" / "DejaVuSansMono.ttf"
        with importlib.resources.as_file(path) as file:
            ImageFont.truetype(str(file), 9)  # FreeType is there and reads it
            return Path(file)
    except (ImportError, OSError) as error:
        log.warning("larger text is drawn as ordinary text: no font for big letters (%s)", error)
        return None


@functools.cache
def _font(pixels: int) -> ImageFont.FreeTypeFont:
    path = font_file()
    assert path is not None
    return ImageFont.truetype(str(path), pixels)


def _advance(style: BigFont) -> float:
    return _font(style.pixels).getlength("M") + style.gap  # monospaced: every letter as wide


@functools.lru_cache(maxsize=512)
def has_glyph(char: str) -> bool:
    """Whether the big font draws `char` (not its empty box for a missing letter).

    A right-to-left letter (Arabic, Urdu, Hebrew) never is: drawn a letter at a time,
    left to right and unjoined, as the font has them, the word would be unreadable."""
    if font_file() is None:
        return False
    if char.isspace():
        return True
    if unicodedata.bidirectional(char) in ("R", "AL", "AN"):
        return False
    font = _font(BIG_FONTS[0].pixels)
    return bytes(font.getmask(char, mode="1")) != bytes(font.getmask("\ue000", mode="1"))


@functools.lru_cache(maxsize=2048)
def _line_rows(line: str, style: BigFont) -> tuple[str, ...]:
    # One line of text drawn with the font, as style.rows rows of half blocks, a letter
    # at a time (evenly spaced); bold doubles strokes one pixel to the right.
    font = _font(style.pixels)
    ascent, descent = font.getmetrics()
    advance = _advance(style)
    height = style.rows * 2
    image = Image.new("1", (big_width(line, style), height), 0)
    draw = ImageDraw.Draw(image)
    draw.fontmode = "1"  # no anti-aliasing: a pixel is on or off
    hand_drawn: list[tuple[int, tuple[str, ...]]] = []
    for index, char in enumerate(line):
        left = round(index * advance)
        if char in HAND_DRAWN:
            hand_drawn.append((left, HAND_DRAWN[char]))
        else:
            draw.text((left, height - ascent - descent), char, font=font, fill=1)
    if style.bold:
        image = ImageChops.logical_or(image, ImageChops.offset(image, 1, 0))
    pixels = image.load()
    assert pixels is not None
    for left, bitmap in hand_drawn:
        top = height - descent - len(bitmap)  # the bitmap's last row just above the baseline
        for y, bitmap_row in enumerate(bitmap, start=top):
            for x, bit in enumerate(bitmap_row, start=left):
                if bit == "#" and 0 <= x < image.width and 0 <= y < height:
                    pixels[x, y] = 1
    rows = []
    for y in range(0, height, 2):
        rows.append(
            "".join(
                " ▀▄█"[(1 if pixels[x, y] else 0) | (2 if pixels[x, y + 1] else 0)]
                for x in range(image.width)
            )
        )
    return tuple(rows)


def big_width(line: str, style: BigFont = BIG_FONTS[0]) -> int:
    """How many cells `line` takes when drawn big in `style`."""
    return math.ceil(len(line) * _advance(style)) + 1


def _wrap(text: str, width: int, style: BigFont) -> list[str] | None:
    lines: list[str] = []
    for word in text.split():
        if big_width(word, style) > width:
            return None
        if lines and big_width(lines[-1] + " " + word, style) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


@functools.lru_cache(maxsize=1024)
def big_lines(
    text: str, width: int, max_lines: int, max_rows: int | None = None
) -> tuple[str, ...] | None:
    """`text` wrapped at spaces into at most `max_lines` big lines of at most `width`
    cells (and, given `max_rows`, at most that many rows), each centred on the widest, as
    rows of half blocks (a blank row between lines), in the first of BIG_FONTS that
    manages it; None when none can (no font, a letter it lacks, a word too wide, too many
    lines or rows): then it is shown as ordinary text."""
    if font_file() is None or width <= 0 or not text.strip() or not all(map(has_glyph, text)):
        return None
    for style in BIG_FONTS:
        lines = _wrap(text, width, style)
        if lines is None or len(lines) > max_lines:
            continue
        if max_rows is not None and len(lines) * (style.rows + 1) - 1 > max_rows:
            continue  # the narrower font's lines may still fit the rows there are
        drawn = [_line_rows(line, style) for line in lines]
        # Each line centred on the widest; the widget's content-align places the block.
        # (Rows exactly as wide as the widget were wrapped again by Textual.)
        widest = max(len(rows[0]) for rows in drawn)
        rows: list[str] = []
        for index, line_rows in enumerate(drawn):
            if index:
                rows.append(" " * widest)
            left = (widest - len(line_rows[0])) // 2
            rows.extend((" " * left + row).ljust(widest) for row in line_rows)
        return tuple(rows)
    return None


def in_large_text(widget: Widget) -> bool:
    """Whether `widget` is on a screen (or in a container) in large-text mode."""
    return any(node.has_class("-large-text") for node in widget.ancestors_with_self)


if TYPE_CHECKING:
    _MixinBase = Widget
else:
    # Not a Widget at run time: Textual takes a class's CSS type names (BigButton is
    # also a "Button" to CSS) from its first Widget base, which must be the widget.
    _MixinBase = object


class BigTextMixin(_MixinBase):
    """Shows the widget's text big in large-text mode, wrapped to the width it has.

    The widget's own text (a Label's content, a Button's label) stays the plain words,
    for speech and tests; only what is drawn changes. When the words cannot be drawn big
    in the width (a word too long, more than max_lines lines) or there is no font, the
    plain words are drawn instead, whole, as the widget would without this.
    """

    max_lines = 2
    """Lines of big text allowed before the plain words are shown instead."""

    max_rows: int | None = None
    """Rows the big text may take, when its container has less room than `max_lines`
    lines would need (a page of choices sets it); None: no limit but `max_lines`."""

    def plain_text(self) -> str:
        """The words this widget shows, on one line."""
        raise NotImplementedError

    def big_rows(self, width: int | None = None) -> tuple[str, ...] | None:
        """The rows drawn for the widget's text at `width` (its content width), or None
        when the plain text is drawn (not in large-text mode, or it does not fit)."""
        if not in_large_text(self):
            return None
        if width is None:
            width = self.content_region.width
        # One cell to spare: Textual wraps a line exactly as wide as the widget.
        words = " ".join(self.plain_text().split())
        return big_lines(words, width - 1, self.max_lines, self.max_rows)

    @property
    def shown_big(self) -> bool:
        """Whether the text is drawn big now."""
        return self.big_rows() is not None

    @property
    def cramped(self) -> bool:
        """Whether the plain text is drawn only for want of rows: without `max_rows` the
        words would be drawn big in the width there is."""
        if self.max_rows is None or not in_large_text(self) or self.shown_big:
            return False
        words = " ".join(self.plain_text().split())
        return big_lines(words, self.content_region.width - 1, self.max_lines) is not None

    @property
    def fitted(self) -> bool:
        """Whether the big rendering fits the widget's content area (rows and columns)."""
        rows = self.big_rows()
        region = self.content_region
        return rows is not None and (
            len(rows) <= region.height and max(map(cell_len, rows), default=0) <= region.width
        )

    def get_content_width(self, container: Size, viewport: Size) -> int:
        """As wide as the big text on one line, when that is shown."""
        if in_large_text(self):
            words = " ".join(self.plain_text().split())
            rows = big_lines(words, container.width, self.max_lines, self.max_rows)
            if rows is not None:
                return container.width  # centred in the width it was wrapped to
        return super().get_content_width(container, viewport)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """As many rows as the big text needs at this width, when it is shown."""
        rows = self.big_rows(width)
        if rows is not None:
            return len(rows)
        return super().get_content_height(container, viewport, width)

    def render(self) -> RenderResult:
        """The big rows, or the widget's usual rendering."""
        rows = self.big_rows()
        if rows is None:
            return super().render()
        return Text("\n".join(rows), no_wrap=True, overflow="crop")


def give_up_rows(widgets: Iterable[BigTextMixin], over: int) -> BigTextMixin | None:
    """Draw the first of `widgets` that is big `over` rows smaller (fewer lines, the
    narrower letters, or at last ordinary text), so that the rest of its screen fits.

    Returns the widget made smaller (to be measured again once laid out: ordinary text
    may still take more rows than asked), or None when none is over or none is big."""
    if over <= 0:
        return None
    for widget in widgets:
        if widget.shown_big:
            widget.max_rows = max(0, widget.content_region.height - over)
            widget.refresh(layout=True)
            return widget
    return None


class BigLabel(BigTextMixin, Label):
    """A label (a screen's prompt or heading) that is drawn big in large-text mode."""

    def __init__(self, text: str, *, max_lines: int = 2, **kwargs: Any) -> None:
        super().__init__(text, markup=False, **kwargs)
        self.max_lines = max_lines

    def plain_text(self) -> str:
        """The label's words."""
        return str(self.content)

    def give_up_a_line(self) -> bool:
        """Draw the words in fewer rows: one line of big letters fewer than now, or at
        last ordinary text (bold in large text), so that something below has the rows.
        False when they take no fewer rows that way (already ordinary text)."""
        rows = self.big_rows()
        if rows is None:
            return False
        while self.max_lines > 0:
            self.max_lines -= 1
            fewer = self.big_rows()
            if fewer is None or len(fewer) < len(rows):
                break
        self.refresh(layout=True)
        return True


class BigButton(BigTextMixin, Button):
    """A button whose label is drawn big in large-text mode (its label stays the words)."""

    class Relabelled(Message):
        """The label changed, so the button may need another number of rows."""

        def __init__(self, button: BigButton) -> None:
            super().__init__()
            self.button = button

    def __init__(self, *args: Any, max_lines: int = 3, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_lines = max_lines

    def plain_text(self) -> str:
        """The label's words."""
        return str(self.label)

    def watch_label(self) -> None:
        """Say that the label changed (a page of choices measures itself again)."""
        if self.is_mounted:
            self.post_message(self.Relabelled(self))
