"""What reaches the printer, byte by byte, through python-escpos's Dummy printer."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from config import settings_from_mapping
from printing.content import TicketContent
from printing.encoding import (
    CodePage,
    available_pages,
    choose_code_page,
    encode_text,
    printable_text,
)
from printing.layout import Cut, Qr, Text, ticket_layout
from printing.render import RenderOptions, options_from_settings, render_escpos
from tests.hostile import HOSTILE_STRINGS

NATIVE_QR_START = b"\x1d(k"
RASTER_IMAGE = b"\x1dv0"
CUT = b"\x1dV"


def options(profile: str = "TM-T88V", native: str = "auto", paper: int = 80) -> RenderOptions:
    return options_from_settings(
        settings_from_mapping(
            {"printer": {"profile": profile, "native_qr": native, "paper_width": paper}}
        ).printer
    )


def test_layout_commands_come_in_order(make_ticket: Callable[..., TicketContent]) -> None:
    data = render_escpos(ticket_layout(make_ticket()), options(), "en")
    assert data.startswith(b"\x1b@\x1bt\x13")  # reset, then code page 19 (CP858)
    positions = [
        data.index(b"Cambridgeshire County Council"),
        data.index(b"\x1d!\x33"),  # 4 x 4 size for the number
        data.index(b"A017"),
        data.index(b"General enquiry"),
        data.index(b"We aim to see you by 10:12"),
        data.index(NATIVE_QR_START),
        data.index(b"Please keep this ticket."),
        data.rindex(CUT),
    ]
    assert positions == sorted(positions)
    assert data.count(b"\x1b@") == 1 and data.count(CUT) == 1
    assert data.index(CUT) > len(data) - 8


def test_no_name_and_no_needs_are_ever_on_a_ticket() -> None:
    fields = {f.name for f in dataclasses.fields(TicketContent)}
    assert not fields & {"name", "needs", "interpreter_language", "notes"}


def test_native_qr_where_the_profile_supports_it(make_ticket: Callable[..., TicketContent]) -> None:
    native = render_escpos(ticket_layout(make_ticket()), options("TM-T88V"), "en")
    assert NATIVE_QR_START in native and RASTER_IMAGE not in native
    assert b"7K3M9QXA" in native
    assert len(native) < 600


def test_image_qr_on_old_printers_and_when_configured(
    make_ticket: Callable[..., TicketContent],
) -> None:
    for chosen in (options("TM-T88III"), options("TM-T88V", native="no")):
        data = render_escpos(ticket_layout(make_ticket()), chosen, "en")
        assert NATIVE_QR_START not in data and RASTER_IMAGE in data
    forced = render_escpos(ticket_layout(make_ticket()), options("TM-T88III", native="yes"), "en")
    assert NATIVE_QR_START in forced


def page_for(profile: str, language: str, texts: tuple[str, ...] = ()) -> CodePage:
    return choose_code_page(available_pages(profile, None), language, list(texts))


@pytest.mark.parametrize(
    ("language", "page", "number"),
    [
        ("en", "CP858", 19),
        ("pt", "CP858", 19),
        ("pl", "CP852", 18),
        ("ro", "CP852", 18),
        ("lt", "CP775", 33),
    ],
)
def test_code_page_selected_per_language(
    make_ticket: Callable[..., TicketContent], language: str, page: str, number: int
) -> None:
    chosen = page_for("TM-T88V", language)
    assert (chosen.name, chosen.number) == (page, number)
    data = render_escpos(ticket_layout(make_ticket(language)), options(), language)
    assert data[2:5] == b"\x1bt" + bytes([number])
    assert data.count(b"\x1bt") == 1  # one page for the whole ticket, never switched


def test_a_printer_without_central_european_pages_gets_transliteration() -> None:
    chosen = page_for("TM-T88III", "pl")
    assert chosen.name == "CP858"
    assert printable_text("Łukasz Żółć", chosen) == "Lukasz Zólc"


def test_mixed_names_keep_latin_letters_and_transliterate_the_rest() -> None:
    polish = page_for("TM-T88V", "pl")
    assert printable_text("Zoë Łukasz Šimkus 李", polish) == "Zoë Łukasz Šimkus Li"
    encoded = encode_text("Zoë Łukasz Šimkus 李", polish)
    assert encoded.decode("cp852") == "Zoë Łukasz Šimkus Li"
    western = page_for("TM-T88V", "en")
    assert printable_text("Zoë Łukasz Šimkus 李", western) == "Zoë Lukasz Simkus Li"
    baltic = page_for("TM-T88V", "lt")
    assert printable_text("Zoë Łukasz Šimkus 李", baltic) == "Zoe Łukasz Šimkus Li"


def test_romanian_comma_below_letters_transliterate_as_cedilla_forms() -> None:
    # Only when raster text is switched off: no code page has the comma-below letters.
    page = page_for("TM-T88V", "ro")
    assert printable_text("Întrebare ș ț Ș Ț", page) == "Întrebare ş ţ Ş Ţ"


def _between(data: bytes, marker_before: bytes, marker_after: bytes) -> bytes:
    start = data.index(marker_before) + len(marker_before)
    return data[start : data.index(marker_after, start)]


@pytest.mark.parametrize("label", sorted(HOSTILE_STRINGS))
@pytest.mark.parametrize("language", ["en", "pl", "lt"])
def test_hostile_text_produces_no_control_byte(label: str, language: str) -> None:
    hostile = HOSTILE_STRINGS[label]
    layout = (Text("BEGIN"), Text(hostile, size="large", bold=True), Text("END"), Cut())
    data = render_escpos(layout, options(), language)
    from_text = _between(data, b"BEGIN\n", b"END\n")
    # Strip the renderer's own style commands (size, bold, alignment) between the markers.
    for command in (b"\x1d!\x11", b"\x1d!\x00", b"\x1bE\x01", b"\x1bE\x00"):
        from_text = from_text.replace(command, b"")
    assert all(b >= 0x20 or b == 0x0A for b in from_text), from_text[:80]
    assert 0x7F not in from_text
    assert data.count(b"\x1b@") == 1
    assert data.count(CUT) == 1
    for forbidden in (b"\x10\x14", b"\x1bp", b"\x1b]", b"\x1b[", b"\x00"):
        assert forbidden not in from_text


def test_long_text_is_wrapped_to_the_paper(make_ticket: Callable[..., TicketContent]) -> None:
    narrow = options(paper=58)
    layout = (Text("word " * 40), Qr("X"), Cut())
    data = render_escpos(layout, narrow, "en")
    lines = data.split(b"\n")
    assert all(
        len(
            line.replace(b"\x1d!\x00", b"")
            .replace(b"\x1ba\x01", b"")
            .replace(b"\x1bE\x00", b"")
            .replace(b"\x1b@\x1bt\x13", b"")
        )
        <= 32
        for line in lines
        if b"word" in line
    )
