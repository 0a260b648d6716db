"""The preview printer's PNG: the number large, the QR readable by a scanner library."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import zxingcpp
from PIL import Image

from config import settings_from_mapping
from printing.connections import open_printer
from printing.content import TicketContent
from printing.layout import Text, ticket_layout
from printing.render import options_from_settings, render_png
from printing.tickets import render_ticket

OPTIONS = options_from_settings(settings_from_mapping({}).printer)


def test_preview_qr_decodes_to_the_visit_reference(
    make_ticket: Callable[..., TicketContent],
) -> None:
    image = Image.open(io.BytesIO(render_png(ticket_layout(make_ticket()), OPTIONS, "en")))
    codes = zxingcpp.read_barcodes(image)
    assert [c.text for c in codes] == ["7K3M9QXA"]
    assert codes[0].format == zxingcpp.BarcodeFormat.QRCode


def ink_height(layout: tuple) -> int:  # type: ignore[type-arg]
    """Rows of the rendered PNG that carry any ink."""
    image = Image.open(io.BytesIO(render_png(layout, OPTIONS, "en"))).convert("L")
    return sum(
        1
        for y in range(image.height)
        if any(image.getpixel((x, y)) < 128 for x in range(image.width))
    )


def test_preview_is_the_papers_width_and_the_number_is_large(
    make_ticket: Callable[..., TicketContent],
) -> None:
    image = Image.open(io.BytesIO(render_png(ticket_layout(make_ticket()), OPTIONS, "en")))
    assert image.width == 512 + 32  # a TM-T88V prints 512 dots (180 dpi) across
    number = next(b for b in ticket_layout(make_ticket()) if getattr(b, "size", "") == "huge")
    assert number.text == "A017"
    normal = ink_height((Text("A017"),))
    assert ink_height((number,)) >= 3.5 * normal


def test_preview_printer_writes_png_and_bytes(
    tmp_path: Path, make_ticket: Callable[..., TicketContent]
) -> None:
    settings = settings_from_mapping({"printer": {"preview_dir": str(tmp_path)}})
    data, png = render_ticket(make_ticket(), settings.printer)
    open_printer(settings.printer).print_ticket(data, name="A017", png=png)
    (binary,) = tmp_path.glob("*-A017.bin")
    (picture,) = tmp_path.glob("*-A017.png")
    assert binary.read_bytes() == data
    assert zxingcpp.read_barcodes(Image.open(picture))[0].text == "7K3M9QXA"
