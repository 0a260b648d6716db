"""Supervisors: accounts, desks, closures, one visitor's data; the command palette."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sqlalchemy import select
from textual.widgets import DataTable, Input, SelectionList

from config import Settings
from models import api
from models.db import make_engine, session_scope
from models.tables import Desk, Staff, Visit
from staff_console.screens.supervisor import (
    ClosureDialog,
    DeskDialog,
    PinDialog,
    StaffDialog,
    SupervisorScreen,
)
from tests.console.harness import SIZE, console, database, sign_in
from tests.console.test_console import check_in
from tests.kiosk.harness import THURSDAY_TEN, wait_until


async def fill(pilot, values: dict[str, str]) -> None:
    for selector, text in values.items():
        field = pilot.app.screen.query_one(selector, Input)
        field.value = text
    await pilot.click("#ok")
    await pilot.pause()


def rows(table: DataTable) -> list[list[str]]:
    return [[str(c) for c in table.get_row(key)] for key in table.rows]


async def test_only_supervisors_open_the_supervisor_screen(tmp_path: Path) -> None:
    url = database(tmp_path)
    app, _ = console(url)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        await pilot.press("v")
        await pilot.pause()
        assert not isinstance(app.screen, SupervisorScreen)


async def test_accounts_desks_and_closures(tmp_path: Path) -> None:
    url = database(tmp_path)
    app, _ = console(url)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "sv", "9999")
        await pilot.press("v")
        await wait_until(
            pilot,
            lambda: (
                isinstance(app.screen, SupervisorScreen)
                and app.screen.query_one("#staff", DataTable).row_count == 2
            ),
        )
        await pilot.click("#add-staff")
        await wait_until(pilot, lambda: isinstance(app.screen, StaffDialog))
        await fill(pilot, {"#code": "kp", "#name": "Kay Patel", "#pin": "246810"})
        staff_table = app.screen.query_one("#staff", DataTable)
        await wait_until(pilot, lambda: staff_table.row_count == 3)
        staff_table.move_cursor(row=[r[0] for r in rows(staff_table)].index("kp"))
        await pilot.click("#toggle-staff")
        await wait_until(
            pilot, lambda: ["kp", "Kay Patel", "receptionist", "no"] in rows(staff_table)
        )
        await pilot.click("#reset-pin")
        await wait_until(pilot, lambda: isinstance(app.screen, PinDialog))
        await fill(pilot, {"#pin": "13579"})
        await pilot.click("#save-desk")
        await wait_until(pilot, lambda: isinstance(app.screen, DeskDialog))
        app.screen.query_one("#services", SelectionList).select("housing")
        await fill(pilot, {"#desk-name": "Housing desk"})
        desks = app.screen.query_one("#desks", DataTable)
        await wait_until(pilot, lambda: ["Housing desk", "Housing", "nobody"] in rows(desks))
        await pilot.click("#add-closure")
        await wait_until(pilot, lambda: isinstance(app.screen, ClosureDialog))
        await fill(pilot, {"#from": "2026-12-02", "#reason": "Staff training"})
        closures = app.screen.query_one("#closures", DataTable)
        await wait_until(pilot, lambda: closures.row_count == 1)
        assert app.errors == []
    engine = make_engine(url)
    with session_scope(engine) as session:
        kay = session.execute(select(Staff).where(Staff.code == "kp")).scalar_one()
        assert not kay.active and "246810" not in kay.pin_hash
        desk = session.execute(select(Desk)).scalar_one()
        assert desk.services == ["housing"]
    from tests.conftest import london

    state = api.kiosk_state(engine, Settings(), london(2026, 12, 2, 10, 0))
    assert not state.takes_check_ins and state.hours.closed_reason == "Staff training"
    engine.dispose()


async def test_export_and_erase_one_visitors_data(tmp_path: Path) -> None:
    url = database(tmp_path)
    check_in(url, name="Ann Lee", needs=["bsl"])
    app, _ = console(url, now=THURSDAY_TEN + dt.timedelta(minutes=1))
    app.export_dir = tmp_path / "exports"
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "sv", "9999")
        await pilot.press("v")
        await wait_until(pilot, lambda: isinstance(app.screen, SupervisorScreen))
        app.screen.query_one("#visit-query", Input).value = "A001"
        await pilot.click("#export")
        await wait_until(pilot, lambda: list((tmp_path / "exports").glob("*.json")))
        (exported,) = (tmp_path / "exports").glob("*.json")
        record = json.loads(exported.read_text())
        assert record["name"] == "Ann Lee" and record["needs"] == ["bsl"]
        assert [e["kind"] for e in record["events"]] == ["checked_in"]
        await pilot.click("#erase")
        await wait_until(pilot, lambda: any("erased" in n.text for n in app.notices))
    engine = make_engine(url)
    with session_scope(engine) as session:
        visit = session.execute(select(Visit)).scalar_one()
        assert visit.name is None and visit.needs == [] and visit.has_needs
    engine.dispose()


async def test_an_export_that_cannot_be_written_says_so_and_the_console_goes_on(
    tmp_path: Path,
) -> None:
    url = database(tmp_path)
    check_in(url, name="Ann Lee")
    app, _ = console(url, now=THURSDAY_TEN + dt.timedelta(minutes=1))
    # The export folder cannot be made: a plain file stands where its parent should be
    # (as a full disk or a read-only share would refuse the write).
    (tmp_path / "not-a-folder").write_text("")
    app.export_dir = tmp_path / "not-a-folder" / "exports"
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "sv", "9999")
        await pilot.press("v")
        await wait_until(pilot, lambda: isinstance(app.screen, SupervisorScreen))
        app.screen.query_one("#visit-query", Input).value = "A001"
        await pilot.click("#export")
        await wait_until(pilot, lambda: any("could not be written" in n.text for n in app.notices))
        assert not any(n.text.startswith("Exported") for n in app.notices)
        assert isinstance(app.screen, SupervisorScreen)  # still working, nothing crashed
    assert list(tmp_path.rglob("*.json")) == []


async def test_the_command_palette_offers_the_queue_actions(tmp_path: Path) -> None:
    url = database(tmp_path)
    check_in(url, name="Ann Lee")
    app, _ = console(url)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"call next")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.state.panel_visit is not None)
        assert app.state.panel_visit.ticket == "A001"


async def test_a_new_pin_is_hashed_before_the_write_transaction(
    tmp_path: Path, monkeypatch
) -> None:
    """Hashing takes ~0.5 s: a check-in must not wait behind it for the write lock."""
    import sqlite3

    from models import staff as staff_rules

    url = database(tmp_path)
    real_hash = staff_rules.hash_pin
    lock_free_while_hashing: list[bool] = []

    def hash_and_try_the_lock(pin: str) -> staff_rules.HashedPin:
        if isinstance(pin, staff_rules.HashedPin):
            return pin
        other = sqlite3.connect(tmp_path / "console.db", timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            lock_free_while_hashing.append(True)
        except sqlite3.OperationalError:
            lock_free_while_hashing.append(False)
        finally:
            other.close()
        return real_hash(pin)

    monkeypatch.setattr(staff_rules, "hash_pin", hash_and_try_the_lock)
    app, _ = console(url)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "sv", "9999")
        await pilot.press("v")
        await wait_until(pilot, lambda: isinstance(app.screen, SupervisorScreen))
        await wait_until(pilot, lambda: app.screen.query_one("#staff", DataTable).row_count == 2)
        await pilot.click("#add-staff")
        await wait_until(pilot, lambda: isinstance(app.screen, StaffDialog))
        await fill(pilot, {"#code": "kp", "#name": "Kay Patel", "#pin": "246810"})
        staff_table = app.screen.query_one("#staff", DataTable)
        await wait_until(pilot, lambda: staff_table.row_count == 3)
    assert lock_free_while_hashing == [True]
