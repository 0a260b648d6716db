"""Ticket size and render time, native QR against image QR, and what each language costs.

Targets: under 600 bytes per ticket with native QR; under 10 ms median to render the
ESC/POS bytes of a code-page ticket. Also prints how long a ticket takes on a 9600-baud
serial line (8N1: 10 bits on the wire per byte), and for every language on a
TM-T20-class printer (its real code pages, no CP775) and a TM-T88V: how many lines
print as text and how many as raster images, their bytes and the ticket's total.

    .venv/bin/python bench/printing.py
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import statistics
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from config import Settings
from printing.content import TicketContent
from printing.layout import ticket_layout
from printing.render import (
    RasterText,
    RenderOptions,
    TextLines,
    options_from_settings,
    plan_layout,
    render_escpos,
    render_png,
)

RUNS = 300


TM_T20_PAGES = ("CP437", "CP850", "CP860", "CP863", "CP865", "CP1252", "CP866", "CP852", "CP858")
SERVICES = {
    "ar": "ضريبة المجلس",
    "ur": "کونسل ٹیکس",
    "bn": "কাউন্সিল ট্যাক্স",
    "zh": "市政税和住房福利",
    "uk": "Місцевий податок і житло",
    "ti": "ሓፈሻዊ ሕቶ",
}
"""Service names for languages without a catalogue yet (labels stay English)."""


def sample(language: str) -> TicketContent:
    settings = Settings()
    zone = ZoneInfo("Europe/London")
    return TicketContent(
        organisation=settings.office.organisation,
        office=settings.office.name,
        ticket="A017",
        service=SERVICES.get(language) or settings.services[0].name(language),
        language=language,
        arrived=dt.datetime(2026, 11, 27, 9, 57, tzinfo=zone),
        people_ahead=3,
        target=dt.datetime(2026, 11, 27, 10, 12, tzinfo=zone),
        qr_payload="7K3M9QXA",
        website=settings.office.website,
    )


def median_ms(function) -> float:
    function()
    times = []
    for _ in range(RUNS):
        began = time.perf_counter()
        function()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def main() -> None:
    native = options_from_settings(Settings().printer)
    image = dataclasses.replace(native, native_qr=False)
    print(f"profile {native.profile_name}, 80 mm paper; {RUNS} renders each")
    for language in ("en", "pl"):
        layout = ticket_layout(sample(language))
        for label, options in (("native QR", native), ("image QR", image)):
            data = render_escpos(layout, options, language)
            ms = median_ms(
                lambda layout=layout, options=options, language=language: render_escpos(
                    ticket_layout(sample(language)), options, language
                )
            )
            serial = len(data) * 10 / 9600
            print(
                f"{language} {label:9}: {len(data):6,} bytes, ESC/POS render {ms:5.2f} ms "
                f"median (layout included), {serial:5.2f} s at 9600 baud"
            )
    png_ms = median_ms(lambda: render_png(ticket_layout(sample("en")), native, "en"))
    print(f"PNG preview render: {png_ms:.1f} ms median")
    languages()


def languages() -> None:
    """Bytes per ticket per language: text lines against raster lines."""
    base = options_from_settings(Settings().printer)
    printers = {
        "TM-T20 (80 mm)": dataclasses.replace(
            base, profile_name="TM-T20II", code_pages=TM_T20_PAGES
        ),
        "TM-T88V (80 mm)": base,
        "TM-T20 (58 mm)": dataclasses.replace(
            base, profile_name="TM-T20II", code_pages=TM_T20_PAGES, paper_width=58
        ),
    }
    print()
    print("per language, native QR: page, text lines / raster lines (bytes), ticket total")
    for name, options in printers.items():
        print(f"  {name}")
        for language in ("en", "pl", "pt", "lt", "ro", "uk", "ar", "ur", "bn", "zh", "ti"):
            _language_row(language, options)


def _language_row(language: str, options: RenderOptions) -> None:
    layout = ticket_layout(sample(language))
    began = time.perf_counter()
    data = render_escpos(layout, options, language)
    first_ms = (time.perf_counter() - began) * 1000
    plan = plan_layout(layout, options, language)
    text_lines = sum(len(p.lines) for p in plan.parts if isinstance(p, TextLines))
    raster = [image for p in plan.parts if isinstance(p, RasterText) for image in p.images]
    # GS v 0 header (8 bytes) and one bit per dot, rows padded to whole bytes.
    raster_bytes = sum(8 + (image.width + 7) // 8 * image.height for image in raster)
    began = time.perf_counter()
    render_escpos(layout, options, language)
    ms = (time.perf_counter() - began) * 1000
    print(
        f"    {language}: {plan.page.name:7} {text_lines:2} text / {len(raster)} raster "
        f"({raster_bytes:5,} B); {len(data):5,} B, {len(data) * 10 / 9600:5.2f} s at 9600 "
        f"baud; render {first_ms:5.1f} ms first, {ms:5.1f} ms again"
    )


if __name__ == "__main__":
    main()
