"""The database goes away and comes back: at start, mid-session, and a file that cannot open.

PostgreSQL outages go through a TCP forwarder the test opens and closes (the shared
server is never stopped); they run when FRONTDESK_TEST_DATABASE_URL is set, as in CI.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Label

from appbase.widgets import OfflineBanner
from config import Settings
from kiosk.app import make_kiosk_app
from kiosk.screens.flow import ServiceScreen
from kiosk.screens.unavailable import UnavailableScreen
from kiosk.screens.welcome import WelcomeScreen
from models import api
from models.authority import OPERATOR
from models.db import describe_database, make_engine, session_scope
from models.enums import StaffRole
from models.staff import add_staff
from staff_console.app import make_console_app
from staff_console.screens.signin import SignInScreen
from tests.conftest import Clock
from tests.console.harness import SIZE as CONSOLE_SIZE
from tests.console.harness import notifications, tickets
from tests.forwarder import Forwarder
from tests.kiosk.harness import SIZE, THURSDAY_TEN, kiosk_settings, screen_text, tap, wait_until

RECOVERY_SECONDS = 15.0
"""The apps retry at most every 4 s; the rest is slack for a loaded test machine."""


@pytest.fixture
def forwarder(postgres_url: str) -> Iterator[Forwarder]:
    """A closed forwarder to the test's PostgreSQL; closed again at the end."""
    forwarder = Forwarder.to(postgres_url)
    yield forwarder
    forwarder.close()


def unavailable(app: object) -> bool:
    return isinstance(getattr(app, "screen", None), UnavailableScreen)


async def test_a_kiosk_started_without_its_database_says_so_then_carries_on(
    tmp_path: Path, postgres_url: str, forwarder: Forwarder
) -> None:
    url = forwarder.url_through(postgres_url)
    app = make_kiosk_app(
        kiosk_settings(tmp_path), database_url=url, clock=Clock(THURSDAY_TEN), start_spool=False
    )
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: unavailable(app), RECOVERY_SECONDS)
        await pilot.pause()
        text = screen_text(app)
        assert "Check-in is not available right now" in text
        assert "Please speak to a member of staff at reception." in text
        # Staff can see which database is missing.
        assert f"{describe_database(url)} does not answer." in text
        assert f"127.0.0.1:{forwarder.port}" in text
        # Nothing to start that could not be finished: touching the screen does nothing.
        await pilot.click("#unavailable-title")
        await pilot.press("enter", "space")
        await pilot.pause()
        assert unavailable(app)
        forwarder.open()
        await wait_until(pilot, lambda: isinstance(app.screen, WelcomeScreen), RECOVERY_SECONDS)
        await wait_until(pilot, lambda: app.kiosk_state is not None)
        await tap(pilot, "#check-in")
        assert isinstance(app.screen, ServiceScreen)
        assert app.return_code is None


async def test_a_kiosk_outage_mid_visit_covers_the_flow_and_gives_it_back(
    tmp_path: Path, postgres_url: str, forwarder: Forwarder
) -> None:
    forwarder.open()
    url = forwarder.url_through(postgres_url)
    app = make_kiosk_app(
        kiosk_settings(tmp_path), database_url=url, clock=Clock(THURSDAY_TEN), start_spool=False
    )
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.database_status.online, RECOVERY_SECONDS)
        await wait_until(pilot, lambda: app.kiosk_state is not None)
        await tap(pilot, "#check-in")
        assert isinstance(app.screen, ServiceScreen)
        forwarder.close()
        await wait_until(pilot, lambda: unavailable(app), RECOVERY_SECONDS)
        await pilot.pause()
        assert "Check-in is not available right now" in screen_text(app)
        forwarder.open()
        await wait_until(pilot, lambda: not unavailable(app), RECOVERY_SECONDS)
        # The visitor is where they were.
        assert isinstance(app.screen, ServiceScreen)
        assert app.return_code is None


def _staff_and_a_visitor(url: str) -> None:
    engine = make_engine(url)
    with session_scope(engine) as session:
        add_staff(
            session=session,
            code="jb",
            name="Jo Bloggs",
            role=StaffRole.RECEPTIONIST,
            pin="4821",
            by=OPERATOR,
        )
    api.kiosk_check_in(
        engine,
        Settings(),
        service_code="general",
        language="en",
        needs=[],
        interpreter_language=None,
        name="Ann Lee",
        now=THURSDAY_TEN,
    )
    engine.dispose()


async def test_the_console_keeps_the_last_queue_read_only_under_a_banner(
    postgres_url: str, forwarder: Forwarder
) -> None:
    _staff_and_a_visitor(postgres_url)
    forwarder.open()
    url = forwarder.url_through(postgres_url)
    app = make_console_app(Settings(), desk="Desk 1", database_url=url, clock=Clock(THURSDAY_TEN))
    async with app.run_test(size=CONSOLE_SIZE, notifications=True) as pilot:
        await wait_until(pilot, app.database_ready.is_set, RECOVERY_SECONDS)
        await pilot.press(*"jb", "enter", *"4821", "enter")
        await wait_until(pilot, lambda: app.state.staff is not None and tickets(app) == ["A001"])
        banner = app.screen.query_one(OfflineBanner)
        assert not banner.display or not banner.has_class("-offline")
        forwarder.close()
        await wait_until(pilot, lambda: banner.has_class("-offline"), RECOVERY_SECONDS)
        words = str(banner.render())
        assert "Database offline" in words and f"127.0.0.1:{forwarder.port}" in words
        assert "nothing can be changed" in words
        assert tickets(app) == ["A001"]  # the last queue stays on screen
        await pilot.press("n")
        await wait_until(pilot, lambda: any("Nothing was changed" in n for n in notifications(app)))
        assert app.current_visit_id is None
        forwarder.open()
        await wait_until(pilot, lambda: not banner.has_class("-offline"), RECOVERY_SECONDS)
        await pilot.press("n")
        await wait_until(pilot, lambda: app.current_visit_id is not None, RECOVERY_SECONDS)
        assert app.errors == []


async def test_a_database_file_that_cannot_be_opened_is_named(tmp_path: Path) -> None:
    url = "sqlite:////proc/frontdesk-nowhere/queue.db"  # a path with a mistake
    app = make_kiosk_app(kiosk_settings(tmp_path), database_url=url, clock=Clock(THURSDAY_TEN))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: unavailable(app), RECOVERY_SECONDS)
        await pilot.pause()
        staff_line = str(app.screen.query_one("#unavailable-staff", Label).render())
        assert "The database file /proc/frontdesk-nowhere/queue.db does not exist" in staff_line
        assert "staff-console init-db" in staff_line
    console = make_console_app(Settings(), desk="Desk 1", database_url=url)
    async with console.run_test(size=CONSOLE_SIZE) as pilot:
        banner = console.screen.query_one(OfflineBanner)
        await wait_until(pilot, lambda: banner.has_class("-offline"), RECOVERY_SECONDS)
        assert "/proc/frontdesk-nowhere/queue.db does not exist" in str(banner.render())
        await pilot.press(*"jb", "enter", *"4821", "enter")
        await wait_until(
            pilot,
            lambda: (
                "Cannot sign in now" in str(console.screen.query_one("#sign-in-error").render())
            ),
        )
        assert isinstance(console.screen, SignInScreen) and console.state.staff is None


async def test_the_kiosk_exits_70_for_systemd_after_the_database_stays_away(
    tmp_path: Path,
) -> None:
    url = "sqlite:////proc/frontdesk-nowhere/queue.db"
    app = make_kiosk_app(
        kiosk_settings(tmp_path),
        database_url=url,
        clock=Clock(THURSDAY_TEN),
        give_up_seconds=2.0,
    )
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: unavailable(app), RECOVERY_SECONDS)
        await wait_until(pilot, lambda: not app.is_running, RECOVERY_SECONDS)
    assert app.return_value == 70 and app.return_code == 70


async def test_kiosk_and_console_wait_for_a_sqlite_file_moved_away_and_never_make_it(
    tmp_path: Path,
) -> None:
    from tests.board.harness import database

    url = database(tmp_path)
    _staff_and_a_visitor(url)
    file, away = tmp_path / "board.db", tmp_path / "away.db"

    def nothing_made_in_its_place(before: set[str]) -> None:
        after = {p.name for p in tmp_path.iterdir()}
        assert "board.db" not in after and after <= before, after - before

    kiosk = make_kiosk_app(
        kiosk_settings(tmp_path), database_url=url, clock=Clock(THURSDAY_TEN), start_spool=False
    )
    async with kiosk.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: kiosk.database_status.online, RECOVERY_SECONDS)
        file.rename(away)
        before = {p.name for p in tmp_path.iterdir()}
        await wait_until(pilot, lambda: unavailable(kiosk), RECOVERY_SECONDS)
        await pilot.pause(3 * 2.0)  # three health checks
        nothing_made_in_its_place(before)
        assert unavailable(kiosk)
        staff_line = str(kiosk.screen.query_one("#unavailable-staff", Label).render())
        assert f"The database file {file} does not exist" in staff_line
        away.rename(file)
        await wait_until(pilot, lambda: not unavailable(kiosk), RECOVERY_SECONDS)
    console = make_console_app(
        Settings(), desk="Desk 1", database_url=url, clock=Clock(THURSDAY_TEN)
    )
    async with console.run_test(size=CONSOLE_SIZE) as pilot:
        await wait_until(pilot, console.database_ready.is_set, RECOVERY_SECONDS)
        await pilot.press(*"jb", "enter", *"4821", "enter")
        # Signed in and read first (workers both): the queue is not on screen before.
        await wait_until(
            pilot, lambda: console.state.staff is not None and console.state.snapshot is not None
        )
        await wait_until(pilot, lambda: tickets(console) == ["A001"])
        banner = console.screen.query_one(OfflineBanner)
        file.rename(away)
        before = {p.name for p in tmp_path.iterdir()}
        await wait_until(pilot, lambda: banner.has_class("-offline"), RECOVERY_SECONDS)
        await pilot.pause(3 * 2.0)
        nothing_made_in_its_place(before)
        assert f"{file} does not exist" in str(banner.render())
        assert tickets(console) == ["A001"]  # the last queue stays on screen
        away.rename(file)
        await wait_until(pilot, lambda: not banner.has_class("-offline"), RECOVERY_SECONDS)
        assert console.errors == []
