"""The console header, the figures screen and `report` say the same numbers for one day."""

from __future__ import annotations

from pathlib import Path

from config import Settings
from models.db import make_engine, session_scope
from models.figures import figures
from models.report import figures_text
from staff_console.screens.figures import FiguresScreen
from tests.console.harness import SIZE, console, database, sign_in
from tests.kiosk.harness import wait_until
from tests.scripted_day import DAY, NOW, seed_day

SETTINGS = Settings()


async def test_header_figures_screen_and_report_agree(tmp_path: Path) -> None:
    url = database(tmp_path)
    engine = make_engine(url)
    seed_day(engine, SETTINGS)
    with session_scope(engine) as s:
        report = figures_text(
            figures(session=s, settings=SETTINGS, start=DAY, end=DAY, now=NOW), SETTINGS
        )
    engine.dispose()
    app, _ = console(url, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        header = str(app.screen.query_one("#status-line").content)
        assert "2 waiting · 1 with staff · 1 on hold" in header
        await pilot.press("g")
        await wait_until(pilot, lambda: isinstance(app.screen, FiguresScreen))
        await wait_until(pilot, lambda: "Visitors" in str(app.screen.query_one("#totals").content))
        shown = str(app.screen.query_one("#totals").content)
    assert "now 2 waiting · 1 with staff · 1 on hold" in shown
    assert "now: 2 waiting · 1 with staff · 1 on hold" in report
    greet = "median 2.0 min, 90% within 6.0 min, 57.1% within 5 min (4 of 7)"
    assert greet in shown and greet in report
    outcomes = "no-shows 1; cancelled 2; transferred 1; call-backs 1 (1 due by now)"
    assert outcomes.capitalize() in shown and outcomes in report
