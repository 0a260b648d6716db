"""The supervisor sees which desks are signed in, and by whom."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from staff_console.screens.supervisor import SupervisorScreen
from tests.console.harness import SIZE, console, database, refreshed, sign_in
from tests.console.test_console import DESKS
from tests.kiosk.harness import wait_until


async def test_the_supervisor_sees_who_is_signed_in_at_each_desk(tmp_path: Path) -> None:
    url = database(tmp_path)
    two, clock = console(url, desk="Desk 2", settings=DESKS)
    async with two.run_test(size=SIZE) as pilot:
        await sign_in(pilot)  # Jo Bloggs at Desk 2
        await refreshed(pilot)
    clock.advance(5)
    one, _ = console(url, desk="Desk 1", settings=DESKS, clock=clock)
    async with one.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "sv", "9999")
        await refreshed(pilot)
        await pilot.press("v")
        await wait_until(pilot, lambda: isinstance(one.screen, SupervisorScreen))
        table = one.screen.query_one("#desks", DataTable)
        await wait_until(pilot, lambda: table.row_count == 2)
        rows = {
            str(table.get_cell(key, table.ordered_columns[0].key)): str(
                table.get_cell(key, table.ordered_columns[2].key)
            )
            for key in table.rows
        }
    assert rows == {"Desk 1": "Sam Visor (sv)", "Desk 2": "Jo Bloggs (jb)"}
