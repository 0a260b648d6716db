"""The words on the paper: decoded with the selected page they equal what was meant."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from config import settings_from_mapping
from printing.content import TicketContent
from printing.layout import Text, ticket_layout
from printing.render import (
    RasterText,
    TextLines,
    options_from_settings,
    plan_layout,
    render_escpos,
    wrap,
)
from tests.hostile import HOSTILE_STRINGS
from tests.printing.escpos_stream import parse

OPTIONS = options_from_settings(settings_from_mapping({}).printer)


def expected_lines(content: TicketContent) -> list[str]:
    plan = plan_layout(ticket_layout(content), OPTIONS, content.language)
    return [line for part in plan.parts if isinstance(part, TextLines) for line in part.lines]


@pytest.mark.parametrize("language", ["en", "pl", "pt", "lt", "ro"])
def test_ticket_text_decodes_to_the_intended_words(
    make_ticket: Callable[..., TicketContent], language: str
) -> None:
    content = make_ticket(language)
    stream = parse(render_escpos(ticket_layout(content), OPTIONS, language))
    page = plan_layout(ticket_layout(content), OPTIONS, language).page
    assert stream.code_page == page.number
    printed = stream.text.decode(page.codec)
    for line in expected_lines(content):
        assert line in printed
    # The letters of the language itself are never transliterated: a line the page
    # lacks a letter for (Romanian ș/ț) is drawn instead.
    for part in plan_layout(ticket_layout(content), OPTIONS, language).parts:
        if isinstance(part, TextLines):
            assert " ".join(part.lines) == " ".join(part.block.text.split())
        elif isinstance(part, RasterText):
            assert language == "ro" and ("ș" in part.text or "ț" in part.text)


def test_polish_ticket_says_it_in_polish(make_ticket: Callable[..., TicketContent]) -> None:
    stream = parse(render_escpos(ticket_layout(make_ticket("pl")), OPTIONS, "pl"))
    printed = stream.text.decode("cp852")
    assert "Twój numer" in printed
    assert "3 osoby przed Tobą" in printed
    assert "Postaramy się przyjąć Cię do 10:12" in printed
    assert "piątek, 27 listopada 2026" in printed
    assert "Sprawy ogólne" in printed


@pytest.mark.parametrize("people", [0, 1, 2, 5, 22])
def test_people_ahead_plurals_in_polish(
    make_ticket: Callable[..., TicketContent], people: int
) -> None:
    words = {
        0: "Następna jest Twoja kolej.",
        1: "1 osoba przed Tobą",
        2: "2 osoby przed Tobą",
        5: "5 osób przed Tobą",
        22: "22 osoby przed Tobą",
    }
    stream = parse(
        render_escpos(ticket_layout(make_ticket("pl", people_ahead=people)), OPTIONS, "pl")
    )
    assert words[people] in stream.text.decode("cp852")


@pytest.mark.parametrize("label", sorted(HOSTILE_STRINGS))
def test_hostile_service_names_leave_only_known_commands(
    make_ticket: Callable[..., TicketContent], label: str
) -> None:
    content = make_ticket("en", service=HOSTILE_STRINGS[label], office=HOSTILE_STRINGS[label])
    stream = parse(render_escpos(ticket_layout(content), OPTIONS, "en"))  # raises on leaks
    assert stream.commands.count(b"\x1b@") == 1


def test_image_qr_keeps_one_code_page_and_decodes(
    make_ticket: Callable[..., TicketContent],
) -> None:
    import dataclasses

    import zxingcpp
    from PIL import Image

    image_options = dataclasses.replace(OPTIONS, native_qr=False)
    data = render_escpos(ticket_layout(make_ticket("pl")), image_options, "pl")
    stream = parse(data)
    assert [c for c in stream.commands if c.startswith(b"\x1bt")] == [b"\x1bt\x12"]
    assert "Prosimy zachować ten bilet." in stream.text.decode("cp852")
    (raster,) = [c for c in stream.commands if c.startswith(b"\x1dv0")]
    width_bytes = raster[4] + raster[5] * 256
    height = raster[6] + raster[7] * 256
    # GS v 0 bits: 1 is a black dot; PIL's mode "1" uses 1 for white, hence the inversion.
    bitmap = bytes(255 - b for b in raster[8:])
    picture = Image.frombytes("1", (width_bytes * 8, height), bitmap)
    assert [code.text for code in zxingcpp.read_barcodes(picture)] == ["7K3M9QXA"]


@pytest.mark.parametrize(
    ("language", "day"),
    [
        ("en", "Friday 27 November 2026"),
        ("pl", "piątek, 27 listopada 2026"),
        ("pt", "sexta-feira, 27 de novembro de 2026"),
        ("lt", "2026 m. lapkričio 27 d., penktadienis"),
        ("ro", "vineri, 27 noiembrie 2026"),
    ],
)
def test_the_date_is_in_the_languages_own_order(
    make_ticket: Callable[..., TicketContent], language: str, day: str
) -> None:
    texts = [b.text for b in ticket_layout(make_ticket(language)) if isinstance(b, Text)]
    assert day in texts


@pytest.mark.parametrize("columns", [32, 48])
def test_words_wrap_whole_and_addresses_break_only_at_slash_or_dot(columns: int) -> None:
    text = "Please keep this ticket. We will call your number when a desk is free."
    lines = wrap(text, columns)
    assert " ".join(lines) == text
    assert all(len(line) <= columns for line in lines)
    address = "https://www.cambridgeshire.gov.uk/residents/council-tax/pay-your-bill"
    pieces = wrap(address, columns)
    assert "".join(pieces) == address
    assert all(len(p) <= columns and p[-1] in "/." for p in pieces[:-1])
    assert wrap("www.cambridgeshire.gov.uk", 20) == ["www.cambridgeshire.", "gov.uk"]
