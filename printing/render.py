"""Render a layout to ESC/POS bytes (through python-escpos) or to a PNG preview.

Both renderers work from one plan (`plan_layout`): the ticket's code page, and for each
paragraph either lines of text in that page or raster images of the text (for a script
the page does not hold). The preview shows what the paper will show, raster lines
being the very same images.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import qrcode
from escpos.capabilities import Profile, get_profile
from escpos.constants import QR_ECLEVEL_M
from escpos.printer import Dummy
from PIL import Image, ImageDraw, ImageFont

from config.settings import PrinterSettings
from printing.encoding import (
    CodePage,
    available_pages,
    choose_code_page,
    encode_text,
    native_text,
    normalised,
    printable_text,
)
from printing.layout import Cut, Feed, Layout, Qr, Rule, Size, Text
from printing.raster import (
    NoFont,
    can_shape,
    font_available,
    needs_layout,
    raster_lines,
    to_printer_bits,
)
from printing.wrap import wrap

UNRELIABLE_NATIVE_QR = frozenset({"TM-T88II", "TM-T88III"})
"""Profiles that claim QR support but print garbage for GS ( k (docs/design.md §4)."""
QR_MODULE_DOTS = 6
"""Printer dots per QR module: about 0.75 mm at 203 dpi, easy for a desk scanner."""
PAPER_DOTS = {80: 576, 58: 384}
"""Printable width in dots at 203 dpi, for a profile that does not say."""
PAPER_COLUMNS_58MM = 32
"""Font A columns on 58 mm paper."""
_SCALE: dict[Size, tuple[int, int]] = {
    "normal": (1, 1),
    "tall": (1, 2),
    "large": (2, 2),
    "huge": (4, 4),
}


@dataclass(frozen=True)
class RenderOptions:
    """How to render for one printer."""

    profile_name: str
    """python-escpos profile name, e.g. TM-T88V."""
    paper_width: int
    """80 or 58 mm."""
    native_qr: bool
    """Use GS ( k rather than a raster image for QR codes."""
    code_pages: tuple[str, ...] | None = None
    """The pages the printer really holds; None trusts the profile."""
    raster_text: bool = True
    """Draw lines no page holds as images (else transliterate them)."""

    @property
    def dots(self) -> int:
        """Printable width in dots: the profile's (512 on a 180 dpi TM-T88, 576 on a
        203 dpi TM-T20), two thirds of it on 58 mm paper (48 of 72 mm printable)."""
        pixels = self.profile.profile_data.get("media", {}).get("width", {}).get("pixels")
        full = pixels if isinstance(pixels, int) else PAPER_DOTS[80]
        return full if self.paper_width == 80 else full * 2 // 3

    @property
    def profile(self) -> Profile:
        """The python-escpos capability profile."""
        return get_profile(self.profile_name)

    @property
    def columns(self) -> int:
        """Characters per line at normal size in font A."""
        if self.paper_width == 58:
            return PAPER_COLUMNS_58MM
        return int(self.profile.get_columns("a"))

    def scale(self, size: Size) -> tuple[int, int]:
        """Width and height multipliers for a text size (huge is smaller on 58 mm)."""
        width, height = _SCALE[size]
        if size == "huge" and self.paper_width == 58:
            return 3, 3
        return width, height


def options_from_settings(printer: PrinterSettings) -> RenderOptions:
    """Render options for the configured printer (profile, paper, QR mode)."""
    profile = get_profile(printer.profile)
    if printer.native_qr == "auto":
        native = bool(profile.supports("qrCode")) and printer.profile not in UNRELIABLE_NATIVE_QR
    else:
        native = printer.native_qr == "yes"
    return RenderOptions(
        profile_name=printer.profile,
        paper_width=printer.paper_width,
        native_qr=native,
        code_pages=printer.code_pages,
        raster_text=printer.raster_text,
    )


class _EscposStyle:
    """Sends only the style changes a line needs (the printer keeps its state)."""

    def __init__(self, printer: Dummy) -> None:
        self.printer = printer
        self.align: str | None = None
        self.bold: bool | None = None
        self.scale: tuple[int, int] | None = None

    def apply(self, *, align: str, bold: bool, scale: tuple[int, int]) -> None:
        if scale != self.scale:
            # GS ! n for every size, normal included: one 3-byte command.
            self.printer.set(custom_size=True, width=scale[0], height=scale[1])
            self.scale = scale
        if bold != self.bold:
            self.printer.set(bold=bold)
            self.bold = bold
        if align != self.align:
            self.printer.set(align=align)
            self.align = align


@dataclass(frozen=True)
class TextLines:
    """A paragraph as lines of text in the ticket's code page."""

    block: Text
    lines: tuple[str, ...]


@dataclass(frozen=True)
class RasterText:
    """A paragraph drawn as images, one per line, at the printer's size (1 dot a pixel)."""

    block: Text
    text: str
    images: tuple[Image.Image, ...]


Planned = TextLines | RasterText | Qr | Rule | Feed | Cut


@dataclass(frozen=True)
class Plan:
    """How each part of a ticket will be printed."""

    page: CodePage
    parts: tuple[Planned, ...]


def _rasterisable(text: str, language: str) -> bool:
    # Right-to-left and combining scripts need raqm to come out joined and in order.
    return (can_shape() or not needs_layout(text)) and font_available(text, language)


def plan_layout(layout: Layout, options: RenderOptions, language: str) -> Plan:
    """Choose the code page, and for each paragraph text or raster (see the module)."""
    texts = [normalised(block.text) for block in layout if isinstance(block, Text)]
    page = choose_code_page(
        available_pages(options.profile_name, options.code_pages), language, texts
    )
    parts: list[Planned] = []
    for block in layout:
        if not isinstance(block, Text):
            parts.append(block)
            continue
        scale_w, scale_h = options.scale(block.size)
        text = normalised(block.text)
        exact = native_text(text, page)
        if exact is None and options.raster_text and _rasterisable(text, language):
            try:
                drawn = raster_lines(text, language, options.dots // scale_w, bold=block.bold)
            except NoFont:
                drawn = []
            if drawn:
                images = tuple(
                    image.resize((image.width * scale_w, image.height * scale_h)) for image in drawn
                )
                parts.append(RasterText(block, text, images))
                continue
        printable = exact if exact is not None else printable_text(text, page)
        parts.append(TextLines(block, tuple(wrap(printable, options.columns // scale_w))))
    return Plan(page, tuple(parts))


def render_escpos(layout: Layout, options: RenderOptions, language: str) -> bytes:
    """ESC/POS bytes for `layout`: commands from python-escpos, text in one code page."""
    plan = plan_layout(layout, options, language)
    page = plan.page
    printer = Dummy(profile=options.profile_name)
    style = _EscposStyle(printer)
    printer.hw("INIT")
    printer._raw(page.select_command)
    for part in plan.parts:
        if isinstance(part, TextLines):
            block = part.block
            style.apply(align=block.align, bold=block.bold, scale=options.scale(block.size))
            for line in part.lines:
                printer._raw(encode_text(line, page) + b"\n")
        elif isinstance(part, RasterText):
            # The image carries its own size and weight; ESC a centres it.
            style.apply(align=part.block.align, bold=False, scale=(1, 1))
            for image in part.images:
                printer.image(to_printer_bits(image), impl="bitImageRaster", center=False)
        elif isinstance(part, Qr):
            style.apply(align="center", bold=False, scale=(1, 1))
            _escpos_qr(printer, part, options)
        elif isinstance(part, Rule):
            style.apply(align="left", bold=False, scale=(1, 1))
            printer._raw(b"-" * options.columns + b"\n")
        elif isinstance(part, Feed):
            printer._raw(b"\n" * part.lines)
        elif isinstance(part, Cut):
            printer.cut()
    output: bytes = printer.output
    return output


def _escpos_qr(printer: Dummy, block: Qr, options: RenderOptions) -> None:
    if options.native_qr:
        # python-escpos refuses center=True with native QR; alignment does the centring.
        printer.qr(block.payload, native=True, size=QR_MODULE_DOTS, ec=QR_ECLEVEL_M)
        printer._raw(b"\n")
    else:
        # Not printer.qr(native=False): it writes newlines through python-escpos's text(),
        # whose automatic encoder sends ESC t 0 and switches the code page mid-ticket.
        # And no center=True: it pads the raster to the paper's width (2-3x the bytes);
        # ESC a, already sent, centres a GS v 0 raster image.
        printer.image(qr_image(block.payload), impl="bitImageRaster", center=False)


# --- PNG preview -----------------------------------------------------------------------

_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf",
)
_LINE_DOTS = 24
"""Font A is 12 × 24 dots."""


@lru_cache(maxsize=16)
def _font(height: int, bold: bool) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = _FONT_CANDIDATES[1 if bold else 0]
    if Path(path).exists():
        return ImageFont.truetype(path, height)
    return ImageFont.load_default(size=height)


@lru_cache(maxsize=256)
def _text_line(line: str, bold: bool) -> Image.Image:
    font = _font(int(_LINE_DOTS * 0.85), bold)
    width = max(1, int(font.getlength(line)))
    image = Image.new("L", (width, _LINE_DOTS), 255)
    ImageDraw.Draw(image).text((0, 1), line, font=font, fill=0)
    return image


def qr_image(payload: str, module_pixels: int = QR_MODULE_DOTS) -> Image.Image:
    """A black-on-white QR code of `payload` with a quiet zone (for previews and screens)."""
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=module_pixels, border=4
    )
    code.add_data(payload)
    code.make(fit=True)
    image = code.make_image(fill_color="black", back_color="white")
    converted: Image.Image = image.get_image().convert("L")
    return converted


def render_png(layout: Layout, options: RenderOptions, language: str) -> bytes:
    """A PNG of `layout` at the printer's resolution (576 or 384 dots wide)."""
    plan = plan_layout(layout, options, language)
    width = options.dots
    margin = 16
    # Everything is placed first and the canvas made as tall as the ticket: a fixed
    # 6,000-dot canvas was 3.5 MiB a ticket, freed but kept resident by the allocator.
    images: list[tuple[Image.Image, int, int]] = []
    rules: list[int] = []
    cuts: list[int] = []
    y = margin

    def place(image: Image.Image, align: str) -> None:
        nonlocal y
        x = margin + (width - image.width) // 2 if align == "center" else margin
        images.append((image, x, y))
        y += image.height

    for part in plan.parts:
        if isinstance(part, TextLines):
            scale_w, scale_h = options.scale(part.block.size)
            for line in part.lines:
                # Draw at font A size, then stretch as the printer does (tall = 1 × 2).
                drawn = _text_line(line, part.block.bold)
                place(drawn.resize((drawn.width * scale_w, _LINE_DOTS * scale_h)), part.block.align)
        elif isinstance(part, RasterText):
            for image in part.images:
                place(to_printer_bits(image).convert("L"), part.block.align)
        elif isinstance(part, Qr):
            place(qr_image(part.payload), "center")
        elif isinstance(part, Rule):
            rules.append(y + _LINE_DOTS // 2)
            y += _LINE_DOTS
        elif isinstance(part, Feed):
            y += _LINE_DOTS * part.lines
        elif isinstance(part, Cut):
            y += _LINE_DOTS
            cuts.append(y)
            y += 4
    canvas = Image.new("L", (width + 2 * margin, y + margin), 255)
    draw = ImageDraw.Draw(canvas)
    for image, x, top in images:
        canvas.paste(image, (x, top))
    for rule_y in rules:
        draw.line((margin, rule_y, margin + width, rule_y), fill=0, width=2)
    for cut_y in cuts:
        for x in range(margin, margin + width, 16):
            draw.line((x, cut_y, x + 8, cut_y), fill=128, width=2)
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG")
    return buffer.getvalue()
