"""Every language legible on the printer that is there: code-page lines decode back to
exactly the words meant, and what no page holds is drawn as raster text that fits."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from config import settings_from_mapping
from printing.content import TicketContent
from printing.encoding import PYTHON_CODECS
from printing.layout import Text, ticket_layout
from printing.raster import can_shape, has_glyphs, raster_lines, script_of
from printing.render import (
    RasterText,
    RenderOptions,
    TextLines,
    options_from_settings,
    plan_layout,
    render_escpos,
    render_png,
)
from tests.printing.escpos_stream import parse

TM_T20_PAGES = ("CP437", "CP850", "CP860", "CP863", "CP865", "CP1252", "CP866", "CP852", "CP858")
"""What a TM-T20 really holds: python-escpos's TM-T20II profile also lists CP775 and
CP1257, which it does not have."""


def options(profile: str, paper: int = 80, *, raster: bool = True) -> RenderOptions:
    printer: dict[str, object] = {"profile": profile, "paper_width": paper, "raster_text": raster}
    if profile == "TM-T20II":
        printer["code_pages"] = list(TM_T20_PAGES)
    return options_from_settings(settings_from_mapping({"printer": printer}).printer)


SERVICES = {
    "ar": "ضريبة المجلس",
    "ur": "کونسل ٹیکس",
    "bn": "কাউন্সিল ট্যাক্স",
    "zh": "市政税和住房福利",
    "uk": "Місцевий податок і житло",
    "ti": "ሓፈሻዊ ሕቶ",
}
"""Service names in the languages the kiosk has no catalogue for yet."""
LANGUAGES = ["en", "pl", "pt", "lt", "ro", *SERVICES]


def ticket(make_ticket: Callable[..., TicketContent], language: str) -> TicketContent:
    if language in SERVICES:
        return make_ticket(language, service=SERVICES[language])  # type: ignore[no-any-return]
    return make_ticket(language)  # type: ignore[no-any-return]


def raster_widths(data: bytes) -> list[int]:
    """The width in dots of every GS v 0 image in `data`."""
    return [
        (command[4] + command[5] * 256) * 8
        for command in parse(data).commands
        if command.startswith(b"\x1dv0")
    ]


@pytest.mark.parametrize("profile", ["TM-T20II", "TM-T88V"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_line_prints_exactly_or_as_raster_that_fits(
    make_ticket: Callable[..., TicketContent], language: str, profile: str
) -> None:
    content = ticket(make_ticket, language)
    opts = options(profile)
    layout = ticket_layout(content)
    plan = plan_layout(layout, opts, language)
    data = render_escpos(layout, opts, language)
    stream = parse(data)  # only known commands; raster data is skipped by its length
    assert stream.code_page == plan.page.number
    assert plan.page.name in (TM_T20_PAGES if profile == "TM-T20II" else PYTHON_CODECS)
    printed = stream.text.decode(plan.page.codec)
    assert "\ufffd" not in printed and "?" not in printed
    for part in plan.parts:
        if isinstance(part, TextLines):
            for line in part.lines:
                assert line in printed
            # Exactly the words meant (only ʼ → ' in the Ukrainian date).
            assert " ".join(part.lines) == " ".join(part.block.text.replace("ʼ", "'").split())
        elif isinstance(part, RasterText):
            assert has_glyphs(part.text, script_of(part.text, language), part.block.bold)
    raster = [part for part in plan.parts if isinstance(part, RasterText)]
    images = sum(len(part.images) for part in raster)
    widths = raster_widths(data)
    assert len(widths) == images  # the QR is the printer's own command here
    assert all(0 < width <= opts.dots for width in widths)
    # Only the lines that need it are drawn: labels in English stay text.
    texts = [block.text for block in layout if isinstance(block, Text)]
    assert len(raster) < len(texts)
    if language in ("en", "pl", "pt"):
        assert not raster
    if language in SERVICES:
        assert any(part.text == SERVICES[language] for part in raster) or (
            language == "uk" and profile == "TM-T88V"  # CP1251 holds Ukrainian
        )


def test_romanian_comma_below_is_drawn_never_swapped_for_cedilla(
    make_ticket: Callable[..., TicketContent],
) -> None:
    for profile in ("TM-T20II", "TM-T88V"):
        plan = plan_layout(ticket_layout(make_ticket("ro")), options(profile), "ro")
        drawn = [part.text for part in plan.parts if isinstance(part, RasterText)]
        assert drawn and all("ș" in text or "ț" in text for text in drawn)
        data = render_escpos(ticket_layout(make_ticket("ro")), options(profile), "ro")
        printed = parse(data).text.decode(plan.page.codec)
        assert "ş" not in printed and "ţ" not in printed


def test_lithuanian_on_a_tm_t20_is_drawn_where_it_has_no_page(
    make_ticket: Callable[..., TicketContent],
) -> None:
    t20 = plan_layout(ticket_layout(make_ticket("lt")), options("TM-T20II"), "lt")
    assert t20.page.name != "CP775"
    assert any("ū" in part.text for part in t20.parts if isinstance(part, RasterText))
    t88 = plan_layout(ticket_layout(make_ticket("lt")), options("TM-T88V"), "lt")
    assert t88.page.name == "CP775"
    assert not [part for part in t88.parts if isinstance(part, RasterText)]


def test_arabic_is_joined_and_right_to_left() -> None:
    assert can_shape(), "Pillow was built without raqm: Arabic would print unjoined"
    word = "المجلس"
    (joined,) = raster_lines(word, "ar", 500, bold=False)
    separate = sum(raster_lines(char, "ar", 500, bold=False)[0].width for char in word)
    assert joined.width < separate  # joined letters take their narrower connected forms
    # Right to left: the first letter (alef) is drawn at the right-hand end.
    (alef,) = raster_lines("ا", "ar", 500, bold=False)
    (alef_then_b,) = raster_lines("ا ب", "ar", 500, bold=False)
    right_edge = alef_then_b.crop(
        (alef_then_b.width - alef.width, 0, alef_then_b.width, alef_then_b.height)
    )
    assert right_edge.getextrema()[0] < 128  # ink at the right: the alef


def test_58mm_raster_lines_fit_the_narrow_roll(make_ticket: Callable[..., TicketContent]) -> None:
    for language in ("ar", "bn", "zh", "lt"):
        opts = options("TM-T20II", paper=58)
        data = render_escpos(ticket_layout(ticket(make_ticket, language)), opts, language)
        assert opts.dots == 384
        assert all(width <= 384 for width in raster_widths(data))


@pytest.mark.parametrize("language", ["ar", "ur", "bn", "zh", "uk", "ro", "lt"])
def test_with_raster_switched_off_lines_are_transliterated_legibly(
    make_ticket: Callable[..., TicketContent], language: str
) -> None:
    opts = options("TM-T20II", raster=False)
    content = ticket(make_ticket, language)
    data = render_escpos(ticket_layout(content), opts, language)
    stream = parse(data)
    assert not raster_widths(data)
    plan = plan_layout(ticket_layout(content), opts, language)
    printed = stream.text.decode(plan.page.codec)
    assert "\ufffd" not in printed and "?" not in printed
    for part in plan.parts:
        if isinstance(part, TextLines):
            assert all(line.strip() or not part.block.text.strip() for line in part.lines)


@pytest.mark.parametrize("language", LANGUAGES)
def test_preview_png_shows_the_same_ticket(
    make_ticket: Callable[..., TicketContent], language: str, tmp_path: Path
) -> None:
    opts = options("TM-T20II")
    png = render_png(ticket_layout(ticket(make_ticket, language)), opts, language)
    (tmp_path / f"{language}.png").write_bytes(png)
    image = Image.open(io.BytesIO(png))
    assert image.width == opts.dots + 32
    assert [code.text for code in zxingcpp.read_barcodes(image)] == ["7K3M9QXA"]
