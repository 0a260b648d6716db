"""What the staff console looks like: queue with panel and alerts, lock, figures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from tests.console.harness import SIZE, console, database, sign_in
from tests.console.test_console import check_in
from tests.kiosk.harness import THURSDAY_TEN, wait_until

NOW = THURSDAY_TEN + dt.timedelta(minutes=13)


def busy_office(tmp_path: Path) -> str:
    url = database(tmp_path)
    check_in(url, now=THURSDAY_TEN - dt.timedelta(minutes=6), name="Ann Lee", needs=["bsl"])
    check_in(
        url, now=THURSDAY_TEN + dt.timedelta(minutes=1), name="[b]Bob[/b]", service_code="housing"
    )
    check_in(url, now=THURSDAY_TEN + dt.timedelta(minutes=9), needs=["seat"])
    check_in(url, now=THURSDAY_TEN + dt.timedelta(minutes=12), service_code="council-tax")
    return url


async def settle(pilot: Any) -> None:
    # The one-second refresh would redraw during the picture: stop scheduling it, let
    # the last one land and the tables finish measuring their columns.
    pilot.app.refresh_by_itself = False
    await pilot.pause(1.2)
    assert pilot.app.errors == []


def test_queue_with_serving_panel_and_alerts(snap_compare: Any, tmp_path: Path) -> None:
    app, _ = console(busy_office(tmp_path), now=NOW)

    async def run_before(pilot: Any) -> None:
        await sign_in(pilot)
        await pilot.press("n")
        await wait_until(pilot, lambda: app.state.panel_visit is not None)
        # Calling A001 past its target raises a breach alert on the next refresh.
        await wait_until(
            pilot, lambda: app.state.snapshot is not None and len(app.state.snapshot.alerts) == 4
        )
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_lock_screen(snap_compare: Any, tmp_path: Path) -> None:
    app, _ = console(busy_office(tmp_path), now=NOW)

    async def run_before(pilot: Any) -> None:
        await sign_in(pilot)
        await pilot.press("l")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_figures_screen(snap_compare: Any, tmp_path: Path) -> None:
    app, _ = console(busy_office(tmp_path), now=NOW)

    async def run_before(pilot: Any) -> None:
        await sign_in(pilot)
        await pilot.press("g")
        await wait_until(
            pilot, lambda: "Visitors 4" in str(app.screen.query_one("#totals").content)
        )
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


LONG_NAMES = (
    "Aleksandra Wiśniewska-Kowalczyk",
    "Mohammed Abdul-Rahman Al-Hashimi",
    "<b>[red]Bobby[/red]</b>",
    "Siobhán Ní Mhurchadha",
    "李小龍",
    "Anne-Marie O'Sullivan-Smythe",
)
"""Long, accented, wide and hostile names: each must show whole (wrapped), as typed."""


def long_values_office(tmp_path: Path) -> str:
    """Every service once, long names, needs with an interpreter language, and one visitor
    called to a long-named desk."""
    url = database(tmp_path)
    services = ("general", "council-tax", "housing", "blue-badge", "adult-care", "appointment")
    for index, (service, name) in enumerate(zip(services, LONG_NAMES, strict=True)):
        needs = ["bsl", "interpreter"] if index % 2 == 0 else []
        check_in(
            url,
            now=THURSDAY_TEN - dt.timedelta(minutes=8 - index),
            name=name,
            service_code=service,
            needs=needs,
            interpreter_language="Portuguese" if needs else None,
        )
    return url


@pytest.mark.parametrize("size", [(120, 40), (160, 50)], ids=["120x40", "160x50"])
def test_queue_with_long_names_services_and_desks(
    snap_compare: Any, tmp_path: Path, size: tuple[int, int]
) -> None:
    app, _ = console(long_values_office(tmp_path), now=NOW, desk="Reception Desk 12")

    async def run_before(pilot: Any) -> None:
        await sign_in(pilot)
        await pilot.press("n")
        await wait_until(pilot, lambda: app.state.panel_visit is not None)
        await wait_until(
            pilot, lambda: app.state.snapshot is not None and len(app.state.snapshot.alerts) >= 4
        )
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
