"""A printer alert leaves the console by itself once the printer prints again."""

from __future__ import annotations

from pathlib import Path

from models.db import make_engine
from printing.spool import Spool
from tests.conftest import Clock
from tests.console.harness import SIZE, alert_texts, console, database, refreshed, sign_in
from tests.kiosk.harness import THURSDAY_TEN
from tests.printing.fake_printer import FakeNetworkPrinter
from tests.printing.test_network_printer import wait_for
from tests.printing.test_spool import check_in, network_settings


async def test_the_not_responding_alert_goes_when_the_printer_prints_again(
    tmp_path: Path,
) -> None:
    url = database(tmp_path)
    engine = make_engine(url)
    with FakeNetworkPrinter("offline") as fake:
        settings = network_settings(fake.port)
        clock = Clock(THURSDAY_TEN)
        spool = Spool(engine, settings, clock=clock)
        job = check_in(engine, settings, clock.now)
        assert spool.run_once().failed == (job,)
        app, _ = console(url, clock=clock)
        async with app.run_test(size=SIZE) as pilot:
            await sign_in(pilot)
            assert [t for t in alert_texts(app) if "ticket printer" in t] == [
                "The ticket printer at kiosk is not responding (The printer reports an error "
                "(paper jam, cutter or overheating)). Tickets are kept and will print when it "
                "is fixed; read numbers out meanwhile."
            ]
            fake.mode = "ok"  # someone cleared the jam
            clock.advance(settings.printer.retry_seconds)
            assert spool.run_once().printed == (job,)
            assert wait_for(lambda: b"A001" in fake.tickets)
            await refreshed(pilot)
            assert [t for t in alert_texts(app) if "printer" in t] == []
    engine.dispose()
