"""Driving the staff console with time in the test's hands."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from config import Settings
from models.authority import OPERATOR
from models.db import make_engine, session_scope, upgrade
from models.enums import StaffRole
from models.staff import add_staff
from staff_console.app import StaffConsoleApp, make_console_app
from tests.kiosk.harness import THURSDAY_TEN, Clock, wait_until

SIZE = (130, 36)


def database(tmp_path: Path) -> str:
    """A migrated SQLite file with a receptionist (jb/4821) and a supervisor (sv/9999)."""
    url = f"sqlite:///{tmp_path / 'console.db'}"
    engine = make_engine(url, create=True)
    upgrade(engine)
    with session_scope(engine) as session:
        add_staff(
            session=session,
            code="jb",
            name="Jo Bloggs",
            role=StaffRole.RECEPTIONIST,
            pin="4821",
            by=OPERATOR,
        )
        add_staff(
            session=session,
            code="sv",
            name="Sam Visor",
            role=StaffRole.SUPERVISOR,
            pin="9999",
            by=OPERATOR,
        )
    engine.dispose()
    return url


def console(
    url: str,
    *,
    desk: str = "Desk 1",
    now: dt.datetime = THURSDAY_TEN,
    clock: Clock | None = None,
    settings: Settings | None = None,
) -> tuple[StaffConsoleApp, Clock]:
    clock = clock or Clock(now)
    return make_console_app(settings or Settings(), desk=desk, database_url=url, clock=clock), clock


async def sign_in(pilot: Any, code: str = "jb", pin: str = "4821") -> None:
    """Type code and PIN; wait for the first refresh."""
    app = pilot.app
    await wait_until(pilot, app.database_ready.is_set)
    await pilot.press(*code, "enter", *pin, "enter")
    await wait_until(pilot, lambda: app.state.staff is not None and app.state.snapshot is not None)
    await pilot.pause()


async def refreshed(pilot: Any) -> None:
    """Ask for a refresh now and wait until it is drawn."""
    app = pilot.app
    before = app.state.snapshot
    app.refresh_queue()
    await wait_until(pilot, lambda: app.state.snapshot is not before)
    await pilot.pause()


def cell(app: StaffConsoleApp, ticket: str, column: str) -> Any:
    """The Text in a queue-table cell of the row for `ticket`."""
    from textual.widgets import DataTable

    table = app.screen.query_one("#queue", DataTable)
    for row_key in table.rows:
        if str(table.get_cell(row_key, "ticket")).lstrip("▶ ") == ticket:
            return table.get_cell(row_key, column)
    raise AssertionError(f"{ticket} is not in the queue table")


def tickets(app: StaffConsoleApp) -> list[str]:
    from textual.widgets import DataTable

    table = app.screen.query_one("#queue", DataTable)
    # The ticket cell carries the selection mark "▶" (or a space) before the number.
    return [str(table.get_cell(key, "ticket")).lstrip("▶ ") for key in table.rows]


def alert_texts(app: StaffConsoleApp) -> list[str]:
    from textual.widgets import DataTable

    table = app.screen.query_one("#alerts", DataTable)
    return [str(table.get_cell(key, "alert")) for key in table.rows]


def panel_text(app: StaffConsoleApp) -> str:
    return str(app.screen.query_one("#serving").content)


def notifications(app: StaffConsoleApp) -> list[str]:
    """The notifications on screen now, as staff read them (title and words).

    Needs `run_test(notifications=True)`: Textual shows none in tests otherwise.
    """
    # Toasts by their CSS type name: the widget's class lives in a private module.
    return [str(toast.render()) for toast in app.screen.query("Toast")]
