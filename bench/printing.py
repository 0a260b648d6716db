"""Ticket size and render time, native QR against image QR (issue: printing).

Targets: under 600 bytes per ticket with native QR; under 10 ms median to render the
ESC/POS bytes. Also prints how long a ticket takes on a 9600-baud serial line
(8N1: 10 bits on the wire per byte).

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
from printing.render import options_from_settings, render_escpos, render_png

RUNS = 300


def sample(language: str) -> TicketContent:
    settings = Settings()
    zone = ZoneInfo("Europe/London")
    return TicketContent(
        organisation=settings.office.organisation,
        office=settings.office.name,
        ticket="A017",
        service=settings.services[0].name(language),
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


if __name__ == "__main__":
    main()
