"""An unexpected error: a sentence and a log reference on screen, the traceback in the log.

Under `run_test` the error is re-raised when the test's block ends, as Textual does for
its own handler, so no test can pass over a crash unnoticed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from appbase.failures import Failure
from appbase.launcher import CRASH_LIMIT, run_app
from appbase.logs import configure_logging, stop_logging
from config import Settings
from kiosk.app import make_kiosk_app
from kiosk.screens.dialogs import MessageDialog
from kiosk.screens.welcome import WelcomeScreen
from staff_console.app import make_console_app
from staff_console.screens.queue import QueueScreen
from tests.conftest import Clock
from tests.console.harness import SIZE as CONSOLE_SIZE
from tests.console.harness import console, database, notifications, sign_in
from tests.kiosk.harness import (
    SIZE,
    THURSDAY_TEN,
    build,
    kiosk_settings,
    ready,
    screen_text,
    tap,
    wait_until,
)

SECRET = "Ann Lee, notes: eviction on Friday"
"""What a crashing handler had in its hands: it must never reach the screen."""


class Boom(RuntimeError):
    """The unexpected error."""


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    """The app's log, as configured in production, removed again afterwards."""
    path = configure_logging(tmp_path / "logs" / "app.log", "app")
    yield path
    stop_logging()


async def test_a_kiosk_crash_logs_the_traceback_and_the_next_kiosk_says_a_sentence(
    tmp_path: Path, log_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(self: object) -> None:
        visitor = SECRET  # a local a traceback with locals would print
        raise Boom(f"failed for {visitor}")

    monkeypatch.setattr("kiosk.app.KioskApp.toggle_large_text", crash)
    app, _ = build(tmp_path)

    async def tap_large_text() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await pilot.click("#large-text")
            await wait_until(pilot, lambda: not app.is_running)

    with pytest.raises(Boom):  # run_test re-raises it, as Textual's own handler makes it
        await tap_large_text()
    assert app.return_code == 1 and app.failure is not None
    reference = app.failure.reference
    log = log_file.read_text(encoding="utf-8")
    assert f"unexpected error [{reference}]" in log
    assert "Traceback (most recent call last)" in log and "raise Boom" in log

    # The launcher starts a fresh kiosk, which tells whoever is there.
    again = make_kiosk_app(
        kiosk_settings(tmp_path),
        database_url=app.database_url,
        clock=Clock(THURSDAY_TEN),
        previous_failure=app.failure,
    )
    async with again.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(again.screen, MessageDialog))
        await pilot.pause()
        shown = screen_text(again)
        assert "Sorry, something went wrong" in shown
        assert "Please start again, or ask at reception." in shown
        assert f"Ref. {reference}" in shown
        assert "Traceback" not in shown and "Ann Lee" not in shown and "Boom" not in shown
        await tap(pilot, "#ok")
        assert isinstance(again.screen, WelcomeScreen)


async def test_a_console_crash_logs_the_traceback_and_the_next_console_says_a_sentence(
    tmp_path: Path, log_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(self: object) -> None:
        visitor = SECRET
        raise Boom(f"failed for {visitor}")

    monkeypatch.setattr(QueueScreen, "action_figures", crash)
    url = database(tmp_path)
    app, _ = console(url)

    async def press_g() -> None:
        async with app.run_test(size=CONSOLE_SIZE) as pilot:
            await sign_in(pilot)
            await pilot.press("g")
            await wait_until(pilot, lambda: not app.is_running)

    with pytest.raises(Boom):
        await press_g()
    assert app.return_code == 1 and app.failure is not None
    reference = app.failure.reference
    log = log_file.read_text(encoding="utf-8")
    assert f"unexpected error [{reference}]" in log
    assert "Traceback (most recent call last)" in log and "raise Boom" in log

    again = make_console_app(
        Settings(), desk="Desk 1", database_url=url, previous_failure=app.failure
    )
    async with again.run_test(size=CONSOLE_SIZE, notifications=True) as pilot:
        await wait_until(pilot, lambda: any(reference in n for n in notifications(again)))
        (shown,) = [n for n in notifications(again) if reference in n]
        assert "started again after an unexpected error" in shown
        assert "Something went wrong inside the app." in shown
        assert "Ann Lee" not in shown and "Boom" not in shown and "Traceback" not in shown


class FakeApp:
    """Stands in for an app under the launcher: crashes or ends as told."""

    def __init__(self, failure: Failure | None, *, crash: bool, code: int = 0) -> None:
        self.previous_failure = failure
        self.failure = Failure("Something went wrong.", "E-000001", False) if crash else None
        self.return_code = 1 if crash else code

    def run(self) -> int | None:
        return None


def test_the_launcher_restarts_after_a_crash_and_gives_up_with_70() -> None:
    made: list[FakeApp] = []

    def make(failure: Failure | None) -> Any:
        made.append(FakeApp(failure, crash=len(made) < 2))
        return made[-1]

    assert run_app(make, restart=lambda app: False, sleep=lambda s: None) == 0
    assert len(made) == 3
    assert made[1].previous_failure is made[0].failure  # the new app is told why
    assert made[2].previous_failure is made[1].failure

    always: list[FakeApp] = []

    def crashing(failure: Failure | None) -> Any:
        always.append(FakeApp(failure, crash=True))
        return always[-1]

    assert run_app(crashing, restart=lambda app: False, sleep=lambda s: None) == 70
    assert len(always) == CRASH_LIMIT
