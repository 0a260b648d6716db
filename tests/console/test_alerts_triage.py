"""The alerts pane on a busy morning: the urgent thing on top, in sight, and nothing stale."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.widgets import DataTable

from config import Settings
from models import api, queue
from models.db import make_engine, session_scope
from models.enums import PrinterState
from models.printjobs import record_printer_state
from tests.console.harness import SIZE, alert_texts, console, database, refreshed, sign_in
from tests.kiosk.harness import THURSDAY_TEN, wait_until

SETTINGS = Settings()


def heading(app: object) -> str:
    return str(app.screen.query_one("#alerts-heading").content)  # type: ignore[attr-defined]


async def test_a_breach_in_a_burst_of_30_alerts_takes_the_list_to_its_top(tmp_path: Path) -> None:
    url = database(tmp_path)
    engine = make_engine(url)
    now = THURSDAY_TEN
    # One visitor who will breach at 10:15, then 28 visitors with needs and a printer fault.
    with session_scope(engine) as s:
        queue.check_in(session=s, settings=SETTINGS, service_code="housing", now=now)
    for minute in range(28):
        with session_scope(engine) as s:
            queue.check_in(
                session=s,
                settings=SETTINGS,
                service_code="general",
                needs=["bsl"],
                now=now + dt.timedelta(minutes=10, seconds=minute * 8),
            )
    with session_scope(engine) as s:
        record_printer_state(
            session=s,
            settings=SETTINGS,
            station="kiosk",
            state=PrinterState.PAPER_OUT,
            detail="out",
            now=now + dt.timedelta(minutes=6),
        )
    app, clock = console(url, now=now + dt.timedelta(minutes=14, seconds=30))
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        table = app.screen.query_one("#alerts", DataTable)
        assert table.row_count == 30  # 28 needs, H001 about to breach, the printer
        # The receptionist works down the list: the pane is scrolled to its end.
        table.focus()
        await pilot.press(*["down"] * 29)
        await pilot.pause(0.3)
        assert table.cursor_row == 29
        assert table.scroll_y > 0
        assert "more below" in heading(app)
        clock.advance(60)  # 10:15: H001 breaches
        await refreshed(pilot)
        texts = alert_texts(app)
        assert len(texts) == 30  # the near-breach gave way to the breach
        # Needs on arrival first (models.alerts.TRIAGE_ORDER), newest first: the last to
        # arrive is listed first.
        assert texts[0].startswith("A028 has access or communication needs")
        assert texts[27].startswith("A001 has access or communication needs")
        assert texts[28].startswith("H001 has passed the target time")
        assert "printer" in texts[29]
        # Something new: the table is back at its top, and the heading counts the breach
        # in red while it is below the fold.
        assert table.scroll_y == 0 and table.cursor_row == 0
        assert "(1 urgent)" in heading(app) and "more below" in heading(app)
    engine.dispose()


async def test_a_new_arrival_with_needs_is_listed_above_a_mornings_breaches(
    tmp_path: Path,
) -> None:
    url = database(tmp_path)
    engine = make_engine(url)
    # Six visitors from 9:30 have all passed the target; a wheelchair user arrives at 10:00.
    for minute in range(6):
        with session_scope(engine) as s:
            queue.check_in(
                session=s,
                settings=SETTINGS,
                service_code="general",
                now=THURSDAY_TEN - dt.timedelta(minutes=30 - minute),
            )
    app, clock = console(url)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        assert len(alert_texts(app)) == 6
        with session_scope(engine) as s:
            queue.check_in(
                session=s,
                settings=SETTINGS,
                service_code="housing",
                needs=["step-free"],
                now=clock.now,
            )
        api.ask_for_help(engine, SETTINGS, clock.now)
        await refreshed(pilot)
        texts = alert_texts(app)
        # Help now, then the arrival whose help must be arranged before the call; the
        # breached visitors (red at the top of the queue already) below.
        assert texts[0] == "Help now at kiosk: a visitor asked for help."
        assert texts[1].startswith("H001 has access or communication needs")
        assert all("has passed the target time" in text for text in texts[2:])
        table = app.screen.query_one("#alerts", DataTable)
        assert table.cursor_row == 0 and table.scroll_y == 0
    engine.dispose()


async def test_an_alert_ends_with_its_visit_and_help_taps_fold(tmp_path: Path) -> None:
    url = database(tmp_path)
    engine = make_engine(url)
    app, clock = console(url)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        with session_scope(engine) as s:
            needy = queue.check_in(
                session=s, settings=SETTINGS, service_code="general", needs=["bsl"], now=clock.now
            )
        for _ in range(3):
            api.ask_for_help(engine, SETTINGS, clock.now)
            clock.advance(15)
        await refreshed(pilot)
        assert alert_texts(app) == [
            "Help now at kiosk: a visitor asked 3 times.",
            "A001 has access or communication needs: BSL",
        ]
        table = app.screen.query_one("#alerts", DataTable)
        assert [str(table.get_cell(key, "source")) for key in table.rows] == ["kiosk", "kiosk"]
        with session_scope(engine) as s:
            queue.call_visit(
                session=s,
                settings=SETTINGS,
                visit_id=needy.visit_id,
                desk="Desk 2",
                staff="jb",
                now=clock.now,
            )
            queue.cancel(
                session=s,
                settings=SETTINGS,
                visit_id=needy.visit_id,
                desk="Desk 2",
                staff="jb",
                now=clock.now,
            )
        await refreshed(pilot)
        assert alert_texts(app) == ["Help now at kiosk: a visitor asked 3 times."]
    engine.dispose()


async def test_a_locked_console_raises_alerts_as_they_fall_due(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import select

    from models.tables import Alert
    from staff_console import app as console_app

    # The console's reads and its locked scan every 50 ms instead of every 5 s: quick.
    for every in ("LISTENING_REFRESH_SECONDS", "REFRESH_SECONDS", "LOCKED_SCAN_SECONDS"):
        monkeypatch.setattr(console_app, every, 0.05, raising=False)
    url = database(tmp_path)
    engine = make_engine(url)

    def raised() -> dict[str, dt.datetime]:
        with session_scope(engine) as s:
            return {a.kind: a.raised_at for a in s.execute(select(Alert)).scalars()}

    with session_scope(engine) as s:
        queue.check_in(session=s, settings=SETTINGS, service_code="general", now=THURSDAY_TEN)
    app, clock = console(url)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        await pilot.press("l")  # the receptionist goes for a break
        await wait_until(pilot, lambda: app.state.staff is None)
        clock.advance(16 * 60)  # 10:16: A001 passed the target at 10:15
        await wait_until(pilot, lambda: "breach" in raised())
        assert raised()["breach"] == THURSDAY_TEN + dt.timedelta(minutes=15)
        # Nothing of the queue on the locked screen meanwhile.
        assert "A001" not in str(app.screen.query("Label").results())
        clock.advance(30 * 60)  # back at 10:46
        app.screen.query_one("#code").focus()
        await pilot.press(*"jb", "enter", *"4821", "enter")
        await wait_until(pilot, lambda: app.state.staff is not None)
        await refreshed(pilot)
        table = app.screen.query_one("#alerts", DataTable)
        assert alert_texts(app) == ["A001 has passed the target time (10:15)."]
        # Shown at the time the target passed, not at the unlock.
        assert [str(table.get_cell(key, "time")) for key in table.rows] == ["10:15"]
    engine.dispose()


def contrast(fg: str, bg: str) -> float:
    """WCAG contrast ratio of two "#rrggbb" colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (high + 0.05) / (low + 0.05)


async def test_the_highlighted_alert_can_be_read(tmp_path: Path) -> None:
    """The top alert is highlighted by default: its words keep their own colour on the
    alert's background (white on the needs' cyan was 1.6:1)."""
    from tests.rendered import rendered_cells

    url = database(tmp_path)
    engine = make_engine(url)
    with session_scope(engine) as s:
        queue.check_in(
            session=s, settings=SETTINGS, service_code="general", needs=["bsl"], now=THURSDAY_TEN
        )
    app, _clock = console(url)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        table = app.screen.query_one("#alerts", DataTable)
        table.focus()
        await pilot.pause()
        assert table.cursor_row == 0
        rows = rendered_cells(app)
        row = next(r for r in rows if "communication needs" in "".join(c.char for c in r))
        text = "".join(c.char for c in row)
        start = text.index("A001 has access")
        words = [c for c in row[start : start + len("A001 has access")] if c.char.strip()]
        assert min(contrast(c.fg, c.bg) for c in words) >= 4.5, words[0]
    engine.dispose()
